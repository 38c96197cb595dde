/**
 * Executes Admin GraphQL documents against Shopify's real schema (SDL -> buildSchema) with
 * the sandbox's resolvers, Shopify-shaped errors, query cost and the per-shop leaky bucket.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  buildSchema,
  execute,
  getVariableValues,
  getNullableType,
  GraphQLError,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  parse,
  validate,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLSchema,
  type GraphQLTypeResolver,
  type OperationDefinitionNode,
} from "graphql";
import {
  actualQueryCost,
  ConnectionSizeError,
  MAX_QUERY_COST,
  requestedQueryCost,
  TYPENAME_KEY,
  type CostInput,
} from "./cost";
import { resolveAdminSchemaPath } from "../../app/shopify/schema-path";
import { checkAccess } from "./access";
import { createRootValue, type ExecContext } from "./resolvers";
import type { ThrottleStatus } from "./bucket";

/** Schema path from env SHOPIFY_ADMIN_SCHEMA (relative to cwd), else the committed copy. */
export function resolveSchemaPath(env: Record<string, string | undefined> = process.env, root = process.cwd()): string {
  return resolveAdminSchemaPath(env, root);
}

const schemaCache = new Map<string, GraphQLSchema>();

export function loadAdminSchema(schemaPath: string): GraphQLSchema {
  const abs = path.resolve(schemaPath);
  let schema = schemaCache.get(abs);
  if (!schema) {
    schema = buildSchema(readFileSync(abs, "utf8"), { assumeValidSDL: true });
    schemaCache.set(abs, schema);
  }
  return schema;
}

export const THROTTLED_DOCS = "https://shopify.dev/api/usage/rate-limits";

export interface ShopifyError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

export interface AdminGraphQLResult {
  body: { data?: unknown; errors?: ShopifyError[]; extensions: { cost: CostExtension } };
  operationName: string | null;
  fields: string[];
  throttled: boolean;
  /** True when the document was executed (resolvers ran; mutations may have changed state). */
  executed: boolean;
}

export interface AdminGraphQLRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** graphql-js message -> a code like the ones graphql-ruby (Shopify) reports. */
function validationCode(message: string): string {
  if (/^Cannot query field/.test(message)) return "undefinedField";
  if (/^Unknown argument/.test(message)) return "argumentNotAccepted";
  if (/argument .* is required|of required type .* was not provided/.test(message)) return "missingRequiredArguments";
  if (/^Unknown type/.test(message)) return "undefinedType";
  if (/^Variable/.test(message)) return "variableMismatch";
  if (/^Fragment/.test(message)) return "fragmentMismatch";
  if (/must have a selection of subfields|must not have a selection/.test(message)) return "selectionMismatch";
  if (/^Expected value of type|cannot represent/.test(message)) return "argumentLiteralsIncompatible";
  if (/^Unknown directive/.test(message)) return "undefinedDirective";
  return "GRAPHQL_VALIDATION_FAILED";
}

function toShopifyError(e: GraphQLError, code?: string): ShopifyError {
  const out: ShopifyError = { message: e.message };
  if (e.locations?.length) out.locations = e.locations.map((l) => ({ line: l.line, column: l.column }));
  if (e.path?.length) out.path = [...e.path];
  const ext = { ...(e.extensions ?? {}) } as Record<string, unknown>;
  if (code && !ext.code) ext.code = code;
  if (Object.keys(ext).length) out.extensions = ext;
  return out;
}

// ---------------------------------------------------------------- schema-valid defaults

const SCALAR_DEFAULTS: Record<string, unknown> = {
  String: "",
  ID: "gid://shopify/Sandbox/0",
  Int: 0,
  Float: 0,
  Boolean: false,
  DateTime: "1970-01-01T00:00:00Z",
  Date: "1970-01-01",
  Decimal: "0.0",
  Money: "0.00",
  URL: "https://sandbox.invalid/",
  HTML: "",
  JSON: {},
  FormattedString: "",
  UnsignedInt64: "0",
  BigInt: "0",
  Color: "#000000",
  UtcOffset: "+00:00",
  ARN: "arn:aws:events:us-east-1::event-source/sandbox",
  StorefrontID: "gid://shopify/Sandbox/0",
};

/** A value that satisfies `type` without modelling it: null, [], "", 0, first enum value, {}. */
export function emptyValueFor(type: GraphQLOutputType): unknown {
  if (!isNonNullType(type)) return null;
  const inner = getNullableType(type);
  if (isListType(inner)) return [];
  if (isScalarType(inner)) return SCALAR_DEFAULTS[inner.name] ?? "";
  if (isEnumType(inner)) return inner.getValues()[0]?.value ?? null;
  if (isObjectType(inner)) return { __typename: inner.name };
  if (isAbstractType(inner)) return {}; // typeResolver picks a concrete type
  return null;
}

const fieldResolver: GraphQLFieldResolver<unknown, ExecContext> = (source, args, ctx, info) => {
  checkAccess(ctx.scopes, info.parentType.name, info.fieldName, args);
  let value: unknown = undefined;
  if (source != null && typeof source === "object" && Object.prototype.hasOwnProperty.call(source, info.fieldName)) {
    value = (source as Record<string, unknown>)[info.fieldName];
    if (typeof value === "function") value = (value as (a: unknown) => unknown)(args);
  }
  if (value === undefined || (value === null && isNonNullType(info.returnType))) {
    return emptyValueFor(info.returnType);
  }
  return value;
};

const typeResolver: GraphQLTypeResolver<unknown, ExecContext> = (value, _ctx, info, abstractType) => {
  const typename = value && typeof value === "object" ? (value as Record<string, unknown>).__typename : undefined;
  if (typeof typename === "string") {
    const t = info.schema.getType(typename);
    if (t && isObjectType(t) && info.schema.isSubType(abstractType, t)) return typename;
  }
  return info.schema.getPossibleTypes(abstractType)[0]?.name;
};

/** Adds `__sandboxTypename: __typename` to every selection set (for actual cost), removed later. */
function withTypenames(doc: DocumentNode): DocumentNode {
  const field: FieldNode = {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: TYPENAME_KEY },
    name: { kind: Kind.NAME, value: "__typename" },
  };
  return visit(doc, {
    SelectionSet: {
      leave(node) {
        return { ...node, selections: [...node.selections, field] };
      },
    },
    OperationDefinition: {
      leave(node) {
        // no __typename on the root of a mutation or subscription result needed, but harmless
        return node;
      },
    },
  });
}

function stripTypenames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripTypenames);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== TYPENAME_KEY) out[k] = stripTypenames(v);
    return out;
  }
  return value;
}

// ---------------------------------------------------------------- the request

export function runAdminGraphQL(
  schema: GraphQLSchema,
  ctx: ExecContext,
  request: AdminGraphQLRequest,
  opts: { forceThrottle?: boolean } = {},
): AdminGraphQLResult {
  const bucket = ctx.shop.bucket;
  const fail = (errors: ShopifyError[], requested = 0, extra: Partial<AdminGraphQLResult> = {}): AdminGraphQLResult => ({
    body: {
      errors,
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
    },
    operationName: null,
    fields: [],
    throttled: false,
    executed: false,
    ...extra,
  });

  if (typeof request.query !== "string" || !request.query.trim()) {
    return fail([{ message: "No query string was present", extensions: { code: "MISSING_QUERY" } }]);
  }
  const variables =
    request.variables && typeof request.variables === "object" && !Array.isArray(request.variables)
      ? (request.variables as Record<string, unknown>)
      : {};
  const operationName = typeof request.operationName === "string" ? request.operationName : null;

  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (e) {
    if (e instanceof GraphQLError) return fail([toShopifyError(e, "PARSE_ERROR")]);
    throw e;
  }
  const validationErrors = validate(schema, document);
  if (validationErrors.length) {
    return fail(validationErrors.map((e) => toShopifyError(e, validationCode(e.message))));
  }

  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) {
    const message = operationName
      ? `Unknown operation named "${operationName}".`
      : "An operation name is required when the document contains multiple operations.";
    return fail([{ message, extensions: { code: "OPERATION_NOT_FOUND" } }]);
  }
  const opName = operation.name?.value ?? null;
  const fields = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
  if (operation.operation === "subscription") {
    return fail([{ message: "Subscriptions are not supported over HTTP", extensions: { code: "UNSUPPORTED" } }], 0, { operationName: opName, fields });
  }

  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 50 });
  if (coerced.errors) {
    return fail(coerced.errors.map((e) => toShopifyError(e, "INVALID_VARIABLE")), 0, { operationName: opName, fields });
  }
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const costInput: CostInput = { schema, operation, fragments, variables: coerced.coerced };

  let requested: number;
  try {
    requested = requestedQueryCost(costInput);
  } catch (e) {
    if (e instanceof ConnectionSizeError) {
      return fail([{ message: e.message, extensions: { code: "BAD_REQUEST" } }], 0, { operationName: opName, fields });
    }
    // variables that do not coerce: let execute() report them
    requested = 0;
  }
  if (requested > MAX_QUERY_COST) {
    return fail(
      [
        {
          message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\nSee ${THROTTLED_DOCS} for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
          extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST },
        },
      ],
      requested,
      { operationName: opName, fields },
    );
  }
  if (opts.forceThrottle || !bucket.tryTake(requested)) {
    return fail(
      [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: THROTTLED_DOCS } }],
      requested,
      { operationName: opName, fields, throttled: true },
    );
  }

  const root = createRootValue(ctx);
  const result = execute({
    schema,
    document: withTypenames(document),
    rootValue: operation.operation === "mutation" ? root.mutation : root.query,
    contextValue: ctx,
    variableValues: variables,
    operationName: opName ?? undefined,
    fieldResolver,
    typeResolver,
  });
  if (result instanceof Promise) throw new Error("sandbox resolvers must be synchronous");

  const executed = result.data !== undefined;
  let actual = 0;
  if (result.data) {
    try {
      actual = Math.min(requested, actualQueryCost(costInput, result.data));
    } catch {
      actual = requested;
    }
  }
  bucket.refund(requested - actual);
  const body: AdminGraphQLResult["body"] = {
    extensions: {
      cost: { requestedQueryCost: requested, actualQueryCost: executed ? actual : null, throttleStatus: bucket.status() },
    },
  };
  if (result.data !== undefined) body.data = stripTypenames(result.data);
  if (result.errors?.length) {
    body.errors = result.errors.map((e) => toShopifyError(e, executed ? "INTERNAL_SERVER_ERROR" : "INVALID_VARIABLE"));
  }
  // keep the conventional key order: errors, data, extensions
  const ordered = { ...(body.errors ? { errors: body.errors } : {}), ...(executed ? { data: body.data } : {}), extensions: body.extensions };
  return { body: ordered, operationName: opName, fields, throttled: false, executed };
}
