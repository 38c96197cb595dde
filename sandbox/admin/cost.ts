/**
 * Shopify's calculated query cost for the Admin GraphQL API:
 * scalars and enums 0, objects (and interfaces/unions) 1, connections 2 plus the size asked
 * for by `first`/`last` times the cost of one node, mutations 10.
 *
 * `requestedQueryCost` is computed from the document; `actualQueryCost` from the data that
 * came back (connections sized by what was actually returned, null objects cost 1 with
 * nothing below them).
 */
import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isObjectType,
  Kind,
  valueFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export const MUTATION_COST = 10;
export const CONNECTION_BASE_COST = 2;
export const OBJECT_COST = 1;
export const MAX_QUERY_COST = 1000;
/** Key under which the sandbox asks for __typename of every object, to size actual costs. */
export const TYPENAME_KEY = "__sandboxTypename";

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export class ConnectionSizeError extends Error {}

/** A connection field: returns a *Connection object type that has edges/nodes and first/last args. */
export function isConnectionField(field: GraphQLField<unknown, unknown>): boolean {
  const type = getNullableType(field.type);
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const names = field.args.map((a) => a.name);
  return names.includes("first") || names.includes("last");
}

function argValue(
  input: CostInput,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  name: string,
): unknown {
  const argDef = field.args.find((a) => a.name === name);
  const argNode = node.arguments?.find((a) => a.name.value === name);
  if (!argDef || !argNode) return undefined;
  return valueFromAST(argNode.value, argDef.type, input.variables);
}

/** Collects the fields that apply when the runtime type is `runtimeType` (merging same keys). */
export function collectFields(
  input: CostInput,
  runtimeType: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  out: Map<string, FieldNode[]> = new Map(),
  visited: Set<string> = new Set(),
): Map<string, FieldNode[]> {
  for (const sel of selectionSet.selections) {
    if (sel.kind === Kind.FIELD) {
      const key = sel.alias?.value ?? sel.name.value;
      const list = out.get(key) ?? [];
      list.push(sel);
      out.set(key, list);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (!sel.typeCondition || typeApplies(input.schema, sel.typeCondition.name.value, runtimeType)) {
        collectFields(input, runtimeType, sel.selectionSet, out, visited);
      }
    } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const name = sel.name.value;
      if (visited.has(name)) continue;
      visited.add(name);
      const frag = input.fragments[name];
      if (frag && typeApplies(input.schema, frag.typeCondition.name.value, runtimeType)) {
        collectFields(input, runtimeType, frag.selectionSet, out, visited);
      }
    }
  }
  return out;
}

function typeApplies(schema: GraphQLSchema, conditionName: string, runtimeType: GraphQLObjectType): boolean {
  const cond = schema.getType(conditionName);
  if (!cond) return false;
  if (cond === runtimeType) return true;
  return isAbstractType(cond) && schema.isSubType(cond, runtimeType);
}

function possibleTypes(schema: GraphQLSchema, type: GraphQLNamedType): readonly GraphQLObjectType[] {
  if (isObjectType(type)) return [type];
  if (isAbstractType(type)) return schema.getPossibleTypes(type);
  return [];
}

function mergedSelection(nodes: FieldNode[]): SelectionSetNode | undefined {
  const selections = nodes.flatMap((n) => n.selectionSet?.selections ?? []);
  return selections.length ? { kind: Kind.SELECTION_SET, selections } : undefined;
}

/**
 * Cost of a selection set on `type`. With `data` undefined the cost is the requested one;
 * with data (an object, or null) it is the actual one.
 */
function selectionCost(
  input: CostInput,
  type: GraphQLNamedType,
  selectionSet: SelectionSetNode | undefined,
  mode: "requested" | "actual",
  data: unknown,
): number {
  if (!selectionSet) return 0;
  let candidates = possibleTypes(input.schema, type);
  if (mode === "actual") {
    if (data == null || typeof data !== "object") return 0;
    const typename = (data as Record<string, unknown>)[TYPENAME_KEY] ?? (data as Record<string, unknown>).__typename;
    const runtime = typeof typename === "string" ? input.schema.getType(typename) : undefined;
    if (runtime && isObjectType(runtime)) candidates = [runtime];
  }
  let best = 0;
  for (const runtimeType of candidates) {
    const fields = collectFields(input, runtimeType, selectionSet);
    let total = 0;
    for (const [key, nodes] of fields) {
      const name = nodes[0].name.value;
      if (name.startsWith("__")) continue;
      const field = runtimeType.getFields()[name];
      if (!field) continue;
      const value = mode === "actual" ? (data as Record<string, unknown>)[key] : undefined;
      total += fieldCost(input, field, nodes, mode, value);
    }
    best = Math.max(best, total);
  }
  return best;
}

function fieldCost(
  input: CostInput,
  field: GraphQLField<unknown, unknown>,
  nodes: FieldNode[],
  mode: "requested" | "actual",
  value: unknown,
): number {
  const named = getNamedType(field.type);
  if (!isObjectType(named) && !isAbstractType(named)) return 0; // scalars and enums
  const sub = mergedSelection(nodes);
  if (isConnectionField(field)) {
    const connType = named as GraphQLObjectType;
    return CONNECTION_BASE_COST + connectionItemsCost(input, field, connType, nodes, sub, mode, value);
  }
  if (mode === "actual") {
    if (value == null) return OBJECT_COST;
    if (Array.isArray(value)) {
      // plain lists: the list counts once, each element's children are counted
      return OBJECT_COST + value.reduce((s: number, v) => s + selectionCost(input, named, sub, mode, v), 0);
    }
    return OBJECT_COST + selectionCost(input, named, sub, mode, value);
  }
  return OBJECT_COST + selectionCost(input, named, sub, mode, undefined);
}

function connectionItemsCost(
  input: CostInput,
  field: GraphQLField<unknown, unknown>,
  connType: GraphQLObjectType,
  nodes: FieldNode[],
  sub: SelectionSetNode | undefined,
  mode: "requested" | "actual",
  value: unknown,
): number {
  if (!sub) return 0;
  const connFields = collectFields(input, connType, sub);
  const nodesField = connType.getFields().nodes;
  const edgesField = connType.getFields().edges;
  const nodeType = nodesField ? getNamedType(nodesField.type) : undefined;
  let perNodeSelections: FieldNode[] = [];
  let edgeNodeSelections: FieldNode[] = [];
  const itemsFromData: unknown[][] = [];
  for (const [key, fns] of connFields) {
    const name = fns[0].name.value;
    if (name === "nodes") {
      perNodeSelections = perNodeSelections.concat(fns);
      if (mode === "actual" && value && typeof value === "object") {
        const arr = (value as Record<string, unknown>)[key];
        if (Array.isArray(arr)) itemsFromData.push(arr);
      }
    } else if (name === "edges" && edgesField) {
      const edgeType = getNamedType(edgesField.type) as GraphQLObjectType;
      const edgeSel = mergedSelection(fns);
      if (!edgeSel) continue;
      const edgeFields = collectFields(input, edgeType, edgeSel);
      for (const [nodeKey, nfs] of edgeFields) {
        if (nfs[0].name.value !== "node") continue;
        edgeNodeSelections = edgeNodeSelections.concat(nfs);
        if (mode === "actual" && value && typeof value === "object") {
          const edges = (value as Record<string, unknown>)[key];
          if (Array.isArray(edges)) {
            itemsFromData.push(edges.map((e) => (e && typeof e === "object" ? (e as Record<string, unknown>)[nodeKey] : null)));
          }
        }
      }
    }
  }
  const itemType = nodeType ?? (edgesField ? getNamedType(edgesField.type) : undefined);
  if (!itemType || (perNodeSelections.length === 0 && edgeNodeSelections.length === 0)) return 0;
  const itemSel = mergedSelection([...perNodeSelections, ...edgeNodeSelections]);

  if (mode === "requested") {
    const first = argValue(input, field, nodes[0], "first");
    const last = argValue(input, field, nodes[0], "last");
    const size = typeof first === "number" ? first : typeof last === "number" ? last : null;
    if (size == null) throw new ConnectionSizeError("you must provide one of first or last");
    return size * (OBJECT_COST + selectionCost(input, itemType, itemSel, mode, undefined));
  }
  if (value == null) return 0;
  const count = Math.max(0, ...itemsFromData.map((a) => a.length));
  let total = 0;
  for (let i = 0; i < count; i++) {
    // one item may appear under both nodes and edges.node: count it once, with the richer data
    const item = Object.assign({}, ...itemsFromData.map((a) => (a[i] && typeof a[i] === "object" ? a[i] : {})));
    total += OBJECT_COST + selectionCost(input, itemType, itemSel, mode, item);
  }
  return total;
}

function rootType(schema: GraphQLSchema, op: OperationDefinitionNode): GraphQLObjectType | null | undefined {
  if (op.operation === "mutation") return schema.getMutationType();
  if (op.operation === "subscription") return schema.getSubscriptionType();
  return schema.getQueryType();
}

function operationCost(input: CostInput, mode: "requested" | "actual", data: unknown): number {
  const root = rootType(input.schema, input.operation);
  if (!root) return 0;
  if (input.operation.operation === "mutation") {
    // each mutation field costs 10; what it returns is not charged on top
    const fields = collectFields(input, root, input.operation.selectionSet);
    let n = 0;
    for (const [key, nodes] of fields) {
      if (nodes[0].name.value.startsWith("__")) continue;
      if (mode === "actual" && (data == null || !(key in (data as Record<string, unknown>)))) continue;
      n += MUTATION_COST;
    }
    return n;
  }
  if (mode === "actual" && data == null) return 0;
  return selectionCost(input, root, input.operation.selectionSet, mode, mode === "actual" ? data : undefined);
}

export function requestedQueryCost(input: CostInput): number {
  return operationCost(input, "requested", undefined);
}

export function actualQueryCost(input: CostInput, data: unknown): number {
  return operationCost(input, "actual", data);
}
