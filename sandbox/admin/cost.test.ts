import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { requestedQueryCost, actualQueryCost, ConnectionSizeError, type CostInput } from "./cost";
import { loadAdminSchema, resolveSchemaPath } from "./executor";

const schema = loadAdminSchema(resolveSchemaPath());

function input(query: string, variables: Record<string, unknown> = {}): CostInput {
  const doc = parse(query);
  const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return { schema, operation, fragments, variables };
}

describe("requested query cost (Shopify's rules)", () => {
  it.each([
    ["scalars only on an object", "{ shop { name currencyCode } }", 1],
    ["nested object", "{ shop { name customerAccountsV2 { customerAccountsVersion } } }", 2],
    ["enum and scalar leaves cost nothing", "{ shop { currencyCode myshopifyDomain } }", 1],
    ["nullable object lookup", '{ customer(id: "gid://shopify/Customer/1") { id email } }', 1],
    ["connection sized by first (nodes)", "{ customers(first: 10) { nodes { id } } }", 2 + 10],
    ["connection sized by first (edges.node)", "{ customers(first: 10) { edges { cursor node { id } } } }", 2 + 10],
    ["connection sized by last", "{ customers(last: 5) { nodes { id } pageInfo { hasNextPage } } }", 2 + 5],
    [
      "nested connections multiply",
      '{ customer(id: "gid://shopify/Customer/1") { storeCreditAccounts(first: 5) { nodes { balance { amount } transactions(first: 10) { nodes { amount { amount } } } } } } }',
      // customer 1 + accounts 2 + 5 * (node 1 + balance 1 + tx 2 + 10 * (node 1 + amount 1))
      1 + 2 + 5 * (1 + 1 + 2 + 10 * 2),
    ],
    ["mutation costs 10", 'mutation { storeCreditAccountDebit(id: "x", debitInput: {debitAmount: {amount: "1", currencyCode: USD}}) { userErrors { code } } }', 10],
    [
      "mutation payload is not charged on top",
      'mutation { discountCodeBasicCreate(basicCodeDiscount: {title: "t"}) { codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { codes(first: 10) { nodes { code } } } } } userErrors { code } } }',
      10,
    ],
    [
      "union: the most expensive member counts",
      '{ codeDiscountNodeByCode(code: "A") { codeDiscount { ... on DiscountCodeBasic { customerGets { value { __typename } } } ... on DiscountCodeBxgy { title } } } }',
      1 + 1 + 1 + 1,
    ],
  ])("%s", (_name, query, cost) => {
    expect(requestedQueryCost(input(query))).toBe(cost);
  });

  it("sizes connections from variables and fragments", () => {
    const q = `query($n: Int!) { customers(first: $n) { ...C } } fragment C on CustomerConnection { nodes { id defaultEmailAddress { emailAddress } } }`;
    expect(requestedQueryCost(input(q, { n: 20 }))).toBe(2 + 20 * 2);
  });

  it("requires first or last on connections", () => {
    expect(() => requestedQueryCost(input("{ customers { nodes { id } } }"))).toThrow(ConnectionSizeError);
  });
});

describe("actual query cost", () => {
  it("sizes connections by what came back and charges null objects 1", () => {
    const q = "{ customers(first: 10) { nodes { id defaultEmailAddress { emailAddress } } } shop { name } }";
    const data = {
      customers: { nodes: [{ id: "1", defaultEmailAddress: null }, { id: "2", defaultEmailAddress: { emailAddress: "x" } }] },
      shop: { name: "s" },
    };
    // customers 2 + 2 nodes * (1 + email object 1) + shop 1
    expect(actualQueryCost(input(q), data)).toBe(2 + 2 * 2 + 1);
    expect(actualQueryCost(input('{ customer(id: "x") { id } }'), { customer: null })).toBe(1);
  });
});
