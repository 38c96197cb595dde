// The Admin half of the Shopify sandbox over real HTTP: schema validation, discount codes,
// store credit, cost and throttling, faults, auth.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../sandbox/server";

const SHOP = "referral-test.myshopify.com";
const TOKEN = "shpat_test_token";
const CUSTOMER = "gid://shopify/Customer/7001";

let sandbox: Sandbox;
let frozenNow = Date.parse("2026-11-29T12:00:00Z");

async function control(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${sandbox.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

interface GqlResponse {
  status: number;
  json: {
    data?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    errors?: { message: string; extensions?: Record<string, unknown> }[];
    extensions?: { cost: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: Record<string, number> } };
  };
  text: string;
}

async function gql(query: string, variables?: Record<string, unknown>, token = TOKEN): Promise<GqlResponse> {
  const res = await fetch(`${sandbox.url}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "X-Shopify-Shop-Domain": SHOP },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let json: GqlResponse["json"] = {};
  try {
    json = JSON.parse(text) as GqlResponse["json"];
  } catch {
    // HTML error pages
  }
  return { status: res.status, json, text };
}

async function state(): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return control(`/__sandbox/state?shop=${SHOP}`);
}

const CREATE_CODE = `#graphql
  mutation CreateCode($input: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $input) {
      codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { title codes(first: 1) { nodes { code } } } } }
      userErrors { field code message }
    }
  }`;

function codeInput(code: string) {
  return {
    title: `Referral reward ${code}`,
    code,
    context: { customers: { add: [CUSTOMER] } },
    customerGets: { value: { percentage: 0.1 }, items: { all: true } },
    usageLimit: 1,
    appliesOncePerCustomer: true,
  };
}

const CREDIT = `#graphql
  mutation Credit($id: ID!, $amount: Decimal!) {
    storeCreditAccountCredit(id: $id, creditInput: { creditAmount: { amount: $amount, currencyCode: USD } }) {
      storeCreditAccountTransaction { amount { amount } balanceAfterTransaction { amount } account { id balance { amount currencyCode } } }
      userErrors { field code message }
    }
  }`;

const DEBIT = `#graphql
  mutation Debit($id: ID!, $amount: Decimal!) {
    storeCreditAccountDebit(id: $id, debitInput: { debitAmount: { amount: $amount, currencyCode: USD } }) {
      storeCreditAccountTransaction { amount { amount } balanceAfterTransaction { amount } }
      userErrors { field code message }
    }
  }`;

beforeAll(async () => {
  sandbox = await createSandbox({ port: 0, now: () => frozenNow, apiKey: "key", apiSecret: "secret" });
});

afterAll(async () => {
  await sandbox?.close();
});

beforeEach(async () => {
  frozenNow = Date.parse("2026-11-29T12:00:00Z");
  await control("/__sandbox/reset", {});
  await control("/__sandbox/shops", {
    domain: SHOP,
    name: "Referral Test",
    currency: "USD",
    customerAccountsVersion: "CLASSIC",
    accessToken: TOKEN,
    customers: [{ id: CUSTOMER, email: "ann@example.com", firstName: "Ann" }],
  });
});

describe("sandbox Admin API", () => {
  it("answers the shop query from seeded settings, with cost extensions", async () => {
    const r = await gql("{ shop { name myshopifyDomain currencyCode customerAccountsV2 { customerAccountsVersion loginRequiredAtCheckout } } }");
    expect(r.status).toBe(200);
    expect(r.json.data?.shop).toEqual({
      name: "Referral Test",
      myshopifyDomain: SHOP,
      currencyCode: "USD",
      customerAccountsV2: { customerAccountsVersion: "CLASSIC", loginRequiredAtCheckout: false },
    });
    expect(r.json.extensions?.cost).toMatchObject({ requestedQueryCost: 2, actualQueryCost: 2 });
    expect(r.json.extensions?.cost.throttleStatus).toEqual({ maximumAvailable: 2000, currentlyAvailable: 1998, restoreRate: 100 });
  });

  it("rejects a document the schema rejects, without touching state", async () => {
    const r = await gql(
      `mutation { discountCodeBasicCreate(basicCodeDiscount: { title: "x", code: "BAD" }) { codeDiscountNode { id notAField } userErrors { code } } }`,
    );
    expect(r.status).toBe(200);
    expect(r.json.data).toBeUndefined();
    expect(r.json.errors?.[0]).toMatchObject({ extensions: { code: "undefinedField" } });
    expect(r.json.errors?.[0].message).toMatch(/notAField/);
    expect(r.json.extensions?.cost).toBeDefined();
    expect((await state()).discountCodes).toEqual([]);
  });

  it("lists customer segments and pages a segment's members as CustomerSegmentMember; an unknown segment is an error", async () => {
    await control("/__sandbox/customers", { shop: SHOP, customers: [{ id: "2", email: "bo@example.com" }, { id: "3", email: "cy@example.com" }] });
    const made = (await control("/__sandbox/segments", { shop: SHOP, name: "Repeat buyers", customerIds: [CUSTOMER, "2", "3"] })) as { segment: { id: string } };
    const list = await gql(`{ segments(first: 10) { nodes { id name query } } }`);
    expect(list.json.data?.segments.nodes).toEqual([{ id: made.segment.id, name: "Repeat buyers", query: expect.any(String) }]);
    const members = `query($id: ID!, $after: String) { customerSegmentMembers(segmentId: $id, first: 2, after: $after) {
      totalCount edges { cursor node { id defaultEmailAddress { emailAddress } } } pageInfo { hasNextPage endCursor } } }`;
    const first = await gql(members, { id: made.segment.id });
    const page = first.json.data?.customerSegmentMembers;
    expect(page.totalCount).toBe(3);
    expect(page.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([CUSTOMER.replace("/Customer/", "/CustomerSegmentMember/"), "gid://shopify/CustomerSegmentMember/2"]);
    const second = await gql(members, { id: made.segment.id, after: page.pageInfo.endCursor });
    expect(second.json.data?.customerSegmentMembers.edges.map((e: { node: { defaultEmailAddress: { emailAddress: string } } }) => e.node.defaultEmailAddress.emailAddress)).toEqual(["cy@example.com"]);
    expect(second.json.data?.customerSegmentMembers.pageInfo.hasNextPage).toBe(false);
    const unknown = await gql(members, { id: "gid://shopify/Segment/999999" });
    expect(unknown.json.errors?.[0].message).toBe("Segment does not exist");
    const tooMany = await gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array.from({ length: 251 }, (_, i) => `gid://shopify/Customer/${i + 1}`) });
    expect(tooMany.json.errors?.[0].message).toMatch(/at most 250/);
  });

  it("makes a segment from customers' numbers given as JSON numbers (legacy ids); answers 400 with what it takes for anything else", async () => {
    await control("/__sandbox/customers", { shop: SHOP, customers: [{ id: "4", email: "di@example.com" }, { id: "5", email: "ed@example.com" }] });
    const made = (await control("/__sandbox/segments", { shop: SHOP, name: "Numbers", customerIds: [4, "5"] })) as { segment: { id: string } };
    const members = await gql(`query($id: ID!) { customerSegmentMembers(segmentId: $id, first: 5) { edges { node { defaultEmailAddress { emailAddress } } } } }`, { id: made.segment.id });
    expect(members.json.data?.customerSegmentMembers.edges.map((e: { node: { defaultEmailAddress: { emailAddress: string } } }) => e.node.defaultEmailAddress.emailAddress)).toEqual(["di@example.com", "ed@example.com"]);

    const refused = async (body: Record<string, unknown> | string) => {
      const json = typeof body === "string" ? body : JSON.stringify({ shop: SHOP, ...body });
      const res = await fetch(`${sandbox.url}/__sandbox/segments`, { method: "POST", headers: { "Content-Type": "application/json" }, body: json });
      return { status: res.status, error: ((await res.json()) as { error: string }).error };
    };
    const help = 'customerIds must be a list of customers, each a gid ("gid://shopify/Customer/1001"), its number as a string ("1001") or as a number (1001)';
    expect(await refused({ name: "Bad", customerIds: [4, { id: 5 }] })).toEqual({ status: 400, error: `${help}; customerIds[1] is {"id":5}` });
    expect(await refused({ name: "Bad", customerIds: ["ann@example.com"] })).toEqual({ status: 400, error: `${help}; customerIds[0] is "ann@example.com"` });
    expect(await refused({ name: "Bad", customerIds: [1.5] })).toEqual({ status: 400, error: `${help}; customerIds[0] is 1.5` });
    expect(await refused({ name: "Bad", customerIds: "4,5" })).toEqual({ status: 400, error: `${help}; it is "4,5"` });
    // A customer number past 2^53 as a JSON number has already lost digits when it is parsed.
    expect((await refused(`{"shop":"${SHOP}","name":"Bad","customerIds":[8100000000000000001]}`)).error).toMatch(/^customerIds\[0\]: .* is too large for a JSON number .*; send it as a string$/);
    expect(await refused({ customerIds: [4] })).toEqual({ status: 400, error: "name is required: the segment's name, a non-empty string" });
  });

  it("finds customers by email", async () => {
    const r = await gql(`{ customers(first: 5, query: "email:ann@example.com") { nodes { id email } } }`);
    expect(r.json.data?.customers.nodes).toEqual([{ id: CUSTOMER, email: "ann@example.com" }]);
    const none = await gql(`{ customers(first: 5, query: "email:bob@example.com") { nodes { id } } }`);
    expect(none.json.data?.customers.nodes).toEqual([]);
  });

  it("finds a customer by identifier: exact email (any case), id, phone; null when none", async () => {
    const q = `query($identifier: CustomerIdentifierInput!) { customerByIdentifier(identifier: $identifier) { id defaultEmailAddress { emailAddress } } }`;
    const byEmail = await gql(q, { identifier: { emailAddress: "ANN@example.com" } });
    expect(byEmail.json.data?.customerByIdentifier).toEqual({ id: CUSTOMER, defaultEmailAddress: { emailAddress: "ann@example.com" } });
    const byId = await gql(q, { identifier: { id: CUSTOMER } });
    expect(byId.json.data?.customerByIdentifier?.id).toBe(CUSTOMER);
    // Not a search: a prefix or another address finds nobody.
    expect((await gql(q, { identifier: { emailAddress: "ann@example" } })).json.data?.customerByIdentifier).toBeNull();
    expect((await gql(q, { identifier: { emailAddress: "bob@example.com" } })).json.data?.customerByIdentifier).toBeNull();
    // @oneOf: two identifiers at once are refused like Shopify's schema does.
    const both = await gql(q, { identifier: { emailAddress: "ann@example.com", id: CUSTOMER } });
    expect(both.json.errors?.length).toBeGreaterThan(0);
  });

  it("creates a customer with an email, refuses a taken or invalid email and creates nothing then", async () => {
    const m = `mutation($input: CustomerInput!) { customerCreate(input: $input) { customer { id defaultEmailAddress { emailAddress } tags } userErrors { field message } } }`;
    const taken = await gql(m, { input: { email: "Ann@Example.com" } });
    expect(taken.json.data?.customerCreate).toEqual({ customer: null, userErrors: [{ field: ["input", "email"], message: "Email has already been taken" }] });
    const invalid = await gql(m, { input: { email: "not-an-email" } });
    expect(invalid.json.data?.customerCreate.userErrors).toEqual([{ field: ["input", "email"], message: "Email is invalid" }]);
    const made = await gql(m, { input: { email: "guest@example.com", tags: ["twofold-advocate"] } });
    expect(made.json.data?.customerCreate.userErrors).toEqual([]);
    expect(made.json.data?.customerCreate.customer).toMatchObject({ defaultEmailAddress: { emailAddress: "guest@example.com" }, tags: ["twofold-advocate"] });
    const all = await gql(`{ customers(first: 10) { nodes { id } } }`);
    expect(all.json.data?.customers.nodes).toHaveLength(2);
  });

  it("creates a discount code, refuses a duplicate with TAKEN, and finds it by code", async () => {
    const first = await gql(CREATE_CODE, { input: codeInput("TWOFOLD-ABC") });
    expect(first.json.data?.discountCodeBasicCreate.userErrors).toEqual([]);
    const node = first.json.data?.discountCodeBasicCreate.codeDiscountNode;
    expect(node.codeDiscount.codes.nodes[0].code).toBe("TWOFOLD-ABC");

    const dup = await gql(CREATE_CODE, { input: codeInput("twofold-abc") });
    expect(dup.json.data?.discountCodeBasicCreate.codeDiscountNode).toBeNull();
    expect(dup.json.data?.discountCodeBasicCreate.userErrors).toEqual([
      { field: ["basicCodeDiscount", "code"], code: "TAKEN", message: "Code must be unique. Please try a different code." },
    ]);

    const found = await gql(`query($c: String!) { codeDiscountNodeByCode(code: $c) { id codeDiscount { ... on DiscountCodeBasic { title } } } }`, {
      c: "TWOFOLD-ABC",
    });
    expect(found.json.data?.codeDiscountNodeByCode).toEqual({ id: node.id, codeDiscount: { title: "Referral reward TWOFOLD-ABC" } });
    expect((await state()).discountCodes).toHaveLength(1);
  });

  it("requires title, code and context on discount creation", async () => {
    const r = await gql(CREATE_CODE, { input: { customerGets: { value: { percentage: 0.1 }, items: { all: true } } } });
    const codes = r.json.data?.discountCodeBasicCreate.userErrors.map((e: { field: string[]; code: string }) => `${e.field.join(".")}:${e.code}`);
    expect(codes).toEqual(["basicCodeDiscount.title:BLANK", "basicCodeDiscount.code:BLANK", "basicCodeDiscount.context:BLANK"]);
  });

  it("credits and debits store credit with exact balances and refuses overdrafts", async () => {
    const c1 = await gql(CREDIT, { id: CUSTOMER, amount: "10.10" });
    const tx1 = c1.json.data?.storeCreditAccountCredit.storeCreditAccountTransaction;
    expect(c1.json.data?.storeCreditAccountCredit.userErrors).toEqual([]);
    expect(tx1.balanceAfterTransaction.amount).toBe("10.10");
    const accountId = tx1.account.id as string;

    const c2 = await gql(CREDIT, { id: accountId, amount: "0.20" });
    expect(c2.json.data?.storeCreditAccountCredit.storeCreditAccountTransaction.balanceAfterTransaction.amount).toBe("10.30");

    const d1 = await gql(DEBIT, { id: CUSTOMER, amount: "5.15" });
    expect(d1.json.data?.storeCreditAccountDebit.storeCreditAccountTransaction).toEqual({
      amount: { amount: "-5.15" },
      balanceAfterTransaction: { amount: "5.15" },
    });

    const d2 = await gql(DEBIT, { id: accountId, amount: "5.16" });
    expect(d2.json.data?.storeCreditAccountDebit.userErrors[0].code).toBe("INSUFFICIENT_FUNDS");

    const zero = await gql(CREDIT, { id: CUSTOMER, amount: "0" });
    expect(zero.json.data?.storeCreditAccountCredit.userErrors[0].code).toBe("NEGATIVE_OR_ZERO_AMOUNT");
    const owner = await gql(CREDIT, { id: "gid://shopify/Customer/404", amount: "1" });
    expect(owner.json.data?.storeCreditAccountCredit.userErrors[0].code).toBe("OWNER_NOT_FOUND");
    const account = await gql(CREDIT, { id: "gid://shopify/StoreCreditAccount/404", amount: "1" });
    expect(account.json.data?.storeCreditAccountCredit.userErrors[0].code).toBe("ACCOUNT_NOT_FOUND");
    const limit = await gql(CREDIT, { id: CUSTOMER, amount: "100000" });
    expect(limit.json.data?.storeCreditAccountCredit.userErrors[0].code).toBe("CREDIT_LIMIT_EXCEEDED");

    const read = await gql(
      `query($id: ID!) { customer(id: $id) { storeCreditAccounts(first: 5) { nodes { id balance { amount currencyCode }
        transactions(first: 10) { nodes { amount { amount } balanceAfterTransaction { amount } createdAt } } } } } }`,
      { id: CUSTOMER },
    );
    const accounts = read.json.data?.customer.storeCreditAccounts.nodes;
    expect(accounts).toHaveLength(1);
    expect(accounts[0].balance).toEqual({ amount: "5.15", currencyCode: "USD" });
    expect(accounts[0].transactions.nodes.map((t: { amount: { amount: string } }) => t.amount.amount)).toEqual(["10.10", "0.20", "-5.15"]);
    const snapshot = await state();
    expect(snapshot.storeCreditAccounts[0].balance).toBe("5.15");
  });

  it("throttles with THROTTLED on HTTP 200 once the bucket is drained, and recovers with time", async () => {
    await control("/__sandbox/shops", { domain: SHOP, restoreRate: 10, bucketSize: 30 });
    const q = "{ customers(first: 10) { nodes { id } } }"; // requested 12
    const a = await gql(q);
    const b = await gql(q);
    expect(a.json.errors).toBeUndefined();
    expect(b.json.errors).toBeUndefined();
    // actual cost 2 + 1 customer = 3 each, so the bucket holds 24: drain it to below 12
    await control("/__sandbox/throttle", { shop: SHOP, currentlyAvailable: 5 });
    const throttled = await gql(q);
    expect(throttled.status).toBe(200);
    expect(throttled.json.data).toBeUndefined();
    expect(throttled.json.errors?.[0]).toMatchObject({ message: "Throttled", extensions: { code: "THROTTLED" } });
    expect(throttled.json.extensions?.cost).toMatchObject({
      requestedQueryCost: 12,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 30, currentlyAvailable: 5, restoreRate: 10 },
    });
    frozenNow += 1000; // +10 points
    const again = await gql(q);
    expect(again.json.errors).toBeUndefined();
    expect(again.json.extensions?.cost.throttleStatus.currentlyAvailable).toBe(15 - 12 + 9);
  });

  it("refuses a query above the single query max cost", async () => {
    const r = await gql("{ customers(first: 250) { nodes { storeCreditAccounts(first: 10) { nodes { id } } } } }");
    expect(r.json.errors?.[0].extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", maxCost: 1000 });
  });

  it("injects faults for the next N matching requests, then clears", async () => {
    await control("/__sandbox/faults", { shop: SHOP, kind: "http429", count: 1, retryAfter: 2 });
    await control("/__sandbox/faults", { shop: SHOP, kind: "http503", count: 1 });
    await control("/__sandbox/faults", { shop: SHOP, kind: "throttled", count: 1, match: "shop" });
    const q = "{ shop { name } }";
    const r429 = await fetch(`${sandbox.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": TOKEN, "X-Shopify-Shop-Domain": SHOP },
      body: JSON.stringify({ query: q }),
    });
    expect(r429.status).toBe(429);
    expect(r429.headers.get("retry-after")).toBe("2");
    expect((await gql(q)).status).toBe(503);
    const th = await gql(q);
    expect(th.status).toBe(200);
    expect(th.json.errors?.[0].extensions?.code).toBe("THROTTLED");
    const ok = await gql(q);
    expect(ok.status).toBe(200);
    expect(ok.json.data?.shop.name).toBe("Referral Test");
    const log = (await state()).requestLog as { fault: string | null; status: number }[];
    expect(log.map((e) => [e.status, e.fault])).toEqual([
      [429, "http429"],
      [503, "http503"],
      [200, "throttled"],
      [200, null],
    ]);
  });

  it("drops the socket on a timeout fault", async () => {
    await control("/__sandbox/faults", { shop: SHOP, kind: "timeout", holdMs: 20 });
    await expect(gql("{ shop { name } }")).rejects.toThrow();
    expect((await gql("{ shop { name } }")).status).toBe(200);
  });

  it("apply-then-fail performs the mutation but answers 502", async () => {
    await control("/__sandbox/faults", { shop: SHOP, kind: "apply-then-fail", match: "storeCreditAccountCredit" });
    const shopQuery = await gql("{ shop { name } }"); // does not match: unaffected
    expect(shopQuery.status).toBe(200);
    const r = await gql(CREDIT, { id: CUSTOMER, amount: "7.00" });
    expect(r.status).toBe(502);
    expect(r.json.data).toBeUndefined();
    const snapshot = await state();
    expect(snapshot.storeCreditAccounts[0].balance).toBe("7.00");
    expect(snapshot.storeCreditAccounts[0].transactions).toHaveLength(1);
    // the retry logic can read the transactions to see that the credit went through
    const read = await gql(`query($id: ID!) { customer(id: $id) { storeCreditAccounts(first: 1) { nodes { transactions(last: 1) { nodes { amount { amount } } } } } } }`, {
      id: CUSTOMER,
    });
    expect(read.json.data?.customer.storeCreditAccounts.nodes[0].transactions.nodes[0].amount.amount).toBe("7.00");
  });

  it("answers 401 to an unknown token", async () => {
    const r = await gql("{ shop { name } }", undefined, "shpat_wrong");
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
  });

  it("issues offline tokens by token exchange", async () => {
    const { createHmac } = await import("node:crypto");
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const now = Math.floor(frozenNow / 1000);
    const head = b64({ alg: "HS256", typ: "JWT" });
    const body = b64({ iss: `https://${SHOP}/admin`, dest: `https://${SHOP}`, aud: "key", sub: "1", exp: now + 60, nbf: now, iat: now, jti: "j", sid: "s" });
    const sig = createHmac("sha256", "secret").update(`${head}.${body}`).digest("base64url");
    const res = await fetch(`${sandbox.url}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Shop-Domain": SHOP },
      body: JSON.stringify({
        client_id: "key",
        client_secret: "secret",
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: `${head}.${body}.${sig}`,
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      }),
    });
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    expect((await gql("{ shop { name } }", undefined, access_token)).json.data?.shop.name).toBe("Referral Test");

    const bad = await fetch(`${sandbox.url}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ client_id: "key", client_secret: "nope", grant_type: "client_credentials", shop: SHOP }),
    });
    expect(bad.status).toBe(400);
  });
});

describe("sandbox Admin API: access scopes", () => {
  async function tokenWith(scopes: string): Promise<string> {
    const issued = await control("/__sandbox/tokens", { shop: SHOP, scopes });
    expect(issued.scopes).toBe(scopes);
    return String(issued.accessToken);
  }

  const SET_CODE = `#graphql
    mutation SetCode($ownerId: ID!) {
      metafieldsSet(metafields: [{ ownerId: $ownerId, namespace: "$app:twofold", key: "code", type: "single_line_text_field", value: "ANN-1" }]) {
        metafields { key value }
        userErrors { field message }
      }
    }`;

  it("refuses a field the token has no scope for with ACCESS_DENIED at its path, and changes nothing", async () => {
    const token = await tokenWith("read_customers,write_discounts");
    const r = await gql(CREDIT, { id: CUSTOMER, amount: "5.00" }, token);
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual({ storeCreditAccountCredit: null });
    expect(r.json.errors).toEqual([
      expect.objectContaining({
        message: "Access denied for storeCreditAccountCredit field. Required access: `write_store_credit_account_transactions` access scope.",
        path: ["storeCreditAccountCredit"],
        extensions: expect.objectContaining({ code: "ACCESS_DENIED", requiredAccess: "`write_store_credit_account_transactions` access scope." }),
      }),
    ]);
    expect((await state()).storeCreditAccounts).toEqual([]);
    // The fields it may read still answer in the same request.
    const mixed = await gql(`{ shop { name } customer(id: "${CUSTOMER}") { email } }`, undefined, await tokenWith("write_discounts"));
    expect(mixed.json.data).toEqual({ shop: { name: "Referral Test" }, customer: null });
    expect(mixed.json.errors?.map((e) => e.extensions?.code)).toEqual(["ACCESS_DENIED"]);
  });

  it("counts write_x as read_x", async () => {
    const r = await gql(`{ customer(id: "${CUSTOMER}") { email } }`, undefined, await tokenWith("write_customers"));
    expect(r.json.errors).toBeUndefined();
    expect(r.json.data?.customer).toEqual({ email: "ann@example.com" });
  });

  it("needs write access to a customer to set its metafield, none for the app's own installation", async () => {
    const readOnly = await tokenWith("read_customers");
    const denied = await gql(SET_CODE, { ownerId: CUSTOMER }, readOnly);
    expect(denied.json.data).toEqual({ metafieldsSet: null });
    expect(denied.json.errors?.[0].extensions).toMatchObject({ code: "ACCESS_DENIED", requiredAccess: "`write_customers` access scope." });
    const installation = await gql(`{ currentAppInstallation { id } }`, undefined, readOnly);
    const own = await gql(SET_CODE, { ownerId: installation.json.data?.currentAppInstallation.id }, readOnly);
    expect(own.json.errors).toBeUndefined();
    expect(own.json.data?.metafieldsSet.userErrors).toEqual([]);
    const allowed = await gql(SET_CODE, { ownerId: CUSTOMER }, await tokenWith("write_customers"));
    expect(allowed.json.errors).toBeUndefined();
    expect(allowed.json.data?.metafieldsSet.metafields).toEqual([{ key: "code", value: "ANN-1" }]);
  });

  it("grants the app's declared scopes to tokens it issues by default", async () => {
    const r = await gql(CREDIT, { id: CUSTOMER, amount: "5.00" });
    expect(r.json.errors).toBeUndefined();
    expect(r.json.data?.storeCreditAccountCredit.userErrors).toEqual([]);
  });
});
