// The sandbox checkout as Shopify behaves: discount-code rules, store credit (spending,
// expiry), orders in the Admin state, and the webhooks it sends (documented key sets,
// signatures, retries). A tiny local server plays the app and records what it receives.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addCustomer, issueToken, upsertShop } from "../sandbox/admin/state";
import { createSandbox, type Sandbox } from "../sandbox/server";
import { storefrontRoutes } from "../sandbox/storefront/routes";
import { parseJsonLossless } from "../sandbox/storefront/json";
import { signWebhookBody } from "../sandbox/storefront/webhooks";

const SECRET = "checkout-test-secret";
const SHOP = "checkout-shop.myshopify.com";
const ALICE = "gid://shopify/Customer/8101";
const BOB = "gid://shopify/Customer/8102";

interface Received {
  topic: string;
  webhookId: string;
  hmac: string;
  body: string;
}

let sandbox: Sandbox;
let app: Server;
let token: string;
const received: Received[] = [];
/** Answers for the next deliveries (status codes); 200 once they run out. */
const answers: number[] = [];

beforeAll(async () => {
  app = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ topic: String(req.headers["x-shopify-topic"]), webhookId: String(req.headers["x-shopify-webhook-id"]), hmac: String(req.headers["x-shopify-hmac-sha256"]), body });
      res.writeHead(answers.shift() ?? 200);
      res.end();
    });
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  sandbox = await createSandbox({ port: 0, appUrl, apiKey: "k", apiSecret: SECRET, routes: storefrontRoutes, webhookRetryScale: 0.001 });
  const shop = upsertShop(sandbox.state, { domain: SHOP, currencyCode: "USD" });
  addCustomer(sandbox.state, shop, { id: ALICE, email: "alice@example.com" });
  addCustomer(sandbox.state, shop, { id: BOB, email: "bob@example.com" });
  token = issueToken(sandbox.state, SHOP);
});

afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((r) => app.close(() => r()));
});

afterEach(async () => {
  await settle();
  received.length = 0;
  answers.length = 0;
});

async function admin<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${sandbox.url}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "X-Shopify-Shop-Domain": SHOP },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await res.json()) as { data: T; errors?: unknown };
  expect(json.errors).toBeUndefined();
  return json.data;
}

async function createCode(code: string, extra: Record<string, unknown> = {}): Promise<void> {
  const data = await admin<{ discountCodeBasicCreate: { userErrors: unknown[] } }>(
    `mutation Make($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { userErrors { field message } } }`,
    {
      d: {
        title: code,
        code,
        context: { all: "ALL" },
        customerGets: { value: { percentage: 0.2 }, items: { all: true } },
        usageLimit: 1,
        appliesOncePerCustomer: true,
        ...extra,
      },
    },
  );
  expect(data.discountCodeBasicCreate.userErrors).toEqual([]);
}

async function checkout(body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${sandbox.url}/__sandbox/checkout`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ shop: SHOP, ...body }) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function settle(): Promise<void> {
  const res = await fetch(`${sandbox.url}/__sandbox/outbox/settle`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ timeoutMs: 30_000 }) });
  expect(((await res.json()) as { pending: number }).pending).toBe(0);
}

type Order = { id: string; totalMinor: number; discounts: { code: string; amountMinor: number; type: string }[]; storeCreditMinor: number; customerId: string };

describe("discount codes at the sandbox checkout", () => {
  it("takes a single-use code once and refuses the second use with Shopify's wording", async () => {
    await createCode("ONCE-20");
    const first = await checkout({ email: "first@example.com", discountCode: "once-20" });
    expect(first.status).toBe(200);
    const order = first.json.order as Order;
    expect(order.discounts).toEqual([expect.objectContaining({ code: "ONCE-20", type: "percentage", amountMinor: 1000 })]);
    expect(order.totalMinor).toBe(5000 - 1000 + 500);

    const second = await checkout({ email: "second@example.com", discountCode: "ONCE-20" });
    expect(second.status).toBe(422);
    expect(second.json.errors).toEqual([{ field: "discountCode", message: "This discount code has reached its usage limit" }]);
  });

  it("refuses an unknown code, once-per-customer reuse, a minimum not met, and a code bound to another customer", async () => {
    expect((await checkout({ email: "x@example.com", discountCode: "NOPE" })).json.errors).toEqual([{ field: "discountCode", message: "Enter a valid discount code" }]);

    await createCode("TWICE", { usageLimit: 5 });
    expect((await checkout({ customerId: ALICE, discountCode: "TWICE" })).status).toBe(200);
    expect((await checkout({ customerId: ALICE, discountCode: "TWICE" })).json.errors).toEqual([{ field: "discountCode", message: "This discount code has already been used" }]);
    // The same person as a guest with her account's email is still that customer.
    expect((await checkout({ email: "ALICE@example.com", discountCode: "TWICE" })).json.errors).toEqual([{ field: "discountCode", message: "This discount code has already been used" }]);

    await createCode("BIG-SPENDER", { usageLimit: null, minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "60.00" } } });
    expect((await checkout({ email: "y@example.com", discountCode: "BIG-SPENDER" })).json.errors).toEqual([
      { field: "discountCode", message: "Your order doesn't meet the minimum purchase for this discount code" },
    ]);
    expect((await checkout({ email: "y@example.com", discountCode: "BIG-SPENDER", lines: [{ handle: "demo", quantity: 2 }] })).status).toBe(200);

    await createCode("FOR-BOB", { context: { customers: { add: [BOB] } }, customerGets: { value: { discountAmount: { amount: "10.00", appliesOnEachItem: false } }, items: { all: true } } });
    const alice = await checkout({ customerId: ALICE, discountCode: "FOR-BOB" });
    expect(alice.json.errors).toEqual([{ field: "discountCode", message: "This discount code isn't available to you" }]);
    const guest = await checkout({ email: "stranger@example.com", discountCode: "FOR-BOB" });
    expect(guest.json.errors).toEqual([{ field: "discountCode", message: "This discount code isn't available to you" }]);
    const bob = await checkout({ customerId: BOB, discountCode: "FOR-BOB" });
    expect(bob.status).toBe(200);
    expect((bob.json.order as Order).discounts[0]).toMatchObject({ type: "fixed_amount", amountMinor: 1000 });
  });

  it("a free-shipping code takes the shipping off and is sent as a shipping discount", async () => {
    const make = (d: Record<string, unknown>) =>
      admin<{ discountCodeFreeShippingCreate: { codeDiscountNode: { codeDiscount: { __typename: string } } | null; userErrors: { field: string[]; code: string }[] } }>(
        `mutation Ship($d: DiscountCodeFreeShippingInput!) { discountCodeFreeShippingCreate(freeShippingCodeDiscount: $d) { codeDiscountNode { codeDiscount { __typename } } userErrors { field code } } }`,
        { d: { title: "Ship", code: "SHIPFREE", context: { all: "ALL" }, ...d } },
      );
    const blank = await make({});
    expect(blank.discountCodeFreeShippingCreate.userErrors).toEqual([{ field: ["freeShippingCodeDiscount", "destination"], code: "BLANK" }]);
    const made = await make({ destination: { all: true } });
    expect(made.discountCodeFreeShippingCreate.codeDiscountNode?.codeDiscount.__typename).toBe("DiscountCodeFreeShipping");
    // Codes are unique across discount types.
    expect((await make({ destination: { all: true }, code: "once-20" })).discountCodeFreeShippingCreate.userErrors).toEqual([{ field: ["freeShippingCodeDiscount", "code"], code: "TAKEN" }]);
    const { json } = await checkout({ email: "ship@example.com", discountCode: "SHIPFREE" });
    const order = json.order as Order;
    expect(order.discounts[0]).toMatchObject({ type: "shipping", amountMinor: 500 });
    expect(order.totalMinor).toBe(5000);
    await settle();
    const paid = parseJsonLossless<Record<string, unknown>>(received.find((r) => r.topic === "orders/paid")!.body);
    expect(paid.discount_codes).toEqual([{ code: "SHIPFREE", amount: "5.00", type: "shipping" }]);
    expect(paid.total_price).toBe("50.00");
    expect(paid.subtotal_price).toBe("50.00");
  });
});

describe("store credit at the sandbox checkout", () => {
  const balanceQuery = `query Bal($id: ID!) { customer(id: $id) { numberOfOrders storeCreditAccounts(first: 5) { nodes { balance { amount } transactions(first: 20) { nodes { __typename amount { amount } event } } } } } }`;
  type Bal = { customer: { numberOfOrders: string; storeCreditAccounts: { nodes: { balance: { amount: string }; transactions: { nodes: { __typename: string; amount: { amount: string }; event: string }[] } }[] } } };

  it("a logged-in buyer spends their balance; the debit is a transaction the app can read", async () => {
    const credit = await admin<{ storeCreditAccountCredit: { userErrors: unknown[] } }>(
      `mutation C($id: ID!, $in: StoreCreditAccountCreditInput!) { storeCreditAccountCredit(id: $id, creditInput: $in) { userErrors { code } } }`,
      { id: BOB, in: { creditAmount: { amount: "12.50", currencyCode: "USD" } } },
    );
    expect(credit.storeCreditAccountCredit.userErrors).toEqual([]);
    const before = Number((await admin<Bal>(balanceQuery, { id: BOB })).customer.numberOfOrders);

    // A guest with Bob's email cannot use his credit: only a logged-in buyer can.
    expect(((await checkout({ email: "bob@example.com", useStoreCredit: true })).json.order as Order).storeCreditMinor).toBe(0);
    const { json } = await checkout({ customerId: BOB, useStoreCredit: true });
    expect((json.order as Order).storeCreditMinor).toBe(1250);

    const after = await admin<Bal>(balanceQuery, { id: BOB });
    expect(Number(after.customer.numberOfOrders)).toBe(before + 2);
    const account = after.customer.storeCreditAccounts.nodes[0];
    expect(account.balance.amount).toBe("0.00");
    expect(account.transactions.nodes.at(-1)).toEqual({ __typename: "StoreCreditAccountDebitTransaction", amount: { amount: "-12.50" }, event: "ORDER_PAYMENT" });
  });

  it("expired credit is not spendable and drops out of the balance", async () => {
    const shop = sandbox.state.shops.get(SHOP)!;
    const carol = addCustomer(sandbox.state, shop, { email: "carol@example.com" });
    const expiresAt = new Date(sandbox.state.now() + 2 * 86_400_000).toISOString();
    await admin(`mutation C($id: ID!, $in: StoreCreditAccountCreditInput!) { storeCreditAccountCredit(id: $id, creditInput: $in) { userErrors { code } } }`, {
      id: carol.id,
      in: { creditAmount: { amount: "20.00", currencyCode: "USD" }, expiresAt },
    });
    await admin(`mutation C($id: ID!, $in: StoreCreditAccountCreditInput!) { storeCreditAccountCredit(id: $id, creditInput: $in) { userErrors { code } } }`, {
      id: carol.id,
      in: { creditAmount: { amount: "3.00", currencyCode: "USD" } },
    });
    const clock = await fetch(`${sandbox.url}/__sandbox/clock`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ advance: "3d" }) });
    expect(clock.status).toBe(200);
    try {
      const { json } = await checkout({ customerId: carol.id, useStoreCredit: true });
      expect((json.order as Order).storeCreditMinor).toBe(300);
      const bal = await admin<Bal>(balanceQuery, { id: carol.id });
      const kinds = bal.customer.storeCreditAccounts.nodes[0].transactions.nodes.map((t) => `${t.__typename}:${t.amount.amount}`);
      expect(kinds).toEqual([
        "StoreCreditAccountCreditTransaction:20.00",
        "StoreCreditAccountCreditTransaction:3.00",
        "StoreCreditAccountExpirationTransaction:-20.00",
        "StoreCreditAccountDebitTransaction:-3.00",
      ]);
      expect(bal.customer.storeCreditAccounts.nodes[0].balance.amount).toBe("0.00");
    } finally {
      await fetch(`${sandbox.url}/__sandbox/clock`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ reset: true }) });
    }
  });

  it("a shop on classic customer accounts offers no store credit", async () => {
    const shop = sandbox.state.shops.get(SHOP)!;
    shop.customerAccountsVersion = "CLASSIC";
    try {
      await admin(`mutation C($id: ID!, $in: StoreCreditAccountCreditInput!) { storeCreditAccountCredit(id: $id, creditInput: $in) { userErrors { code } } }`, {
        id: ALICE,
        in: { creditAmount: { amount: "5.00", currencyCode: "USD" } },
      });
      expect(((await checkout({ customerId: ALICE, useStoreCredit: true })).json.order as Order).storeCreditMinor).toBe(0);
    } finally {
      shop.customerAccountsVersion = "NEW_CUSTOMER_ACCOUNTS";
    }
  });
});

describe("webhooks the sandbox sends", () => {
  const samplesDir = fs.existsSync(path.resolve("../shared/shopify/webhooks")) ? path.resolve("../shared/shopify/webhooks") : path.resolve("sandbox/storefront/fixtures");
  const keysOf = (file: string) => Object.keys(JSON.parse(fs.readFileSync(path.join(samplesDir, file), "utf8")) as object).sort();

  it("orders/create, orders/paid, refunds/create and orders/cancelled carry the documented key sets, signed", async () => {
    const placed = await checkout({ email: "keys@example.com", attributes: { _twofold_ref: "ADA42" }, landingSite: "/?ref=ADA42" });
    const order = placed.json.order as Order;
    await settle();
    await fetch(`${sandbox.url}/__sandbox/orders/refund`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ shop: SHOP, orderId: order.id, amount: "10.00" }) });
    await fetch(`${sandbox.url}/__sandbox/orders/cancel`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ shop: SHOP, orderId: order.id }) });
    await settle();
    const byTopic = new Map<string, Received[]>();
    for (const r of received) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
    expect([...byTopic.keys()].sort()).toEqual(["orders/cancelled", "orders/create", "orders/paid", "refunds/create"]);
    expect(byTopic.get("refunds/create")).toHaveLength(2); // the partial refund, then the cancel's refund of the rest

    for (const r of received) {
      expect(r.hmac).toBe(signWebhookBody(r.body, SECRET));
      const sample = r.topic === "refunds/create" ? "refunds-create.json" : r.topic === "orders/cancelled" ? "orders-cancelled.json" : "orders-create.json";
      expect(Object.keys(parseJsonLossless<object>(r.body)).sort(), `${r.topic} keys`).toEqual(keysOf(sample));
    }
    const paid = parseJsonLossless<Record<string, unknown>>(byTopic.get("orders/paid")![0].body);
    expect(typeof paid.id).toBe("bigint"); // above 2^53, a bare JSON number as Shopify sends it
    expect(paid.admin_graphql_api_id).toBe(order.id);
    expect(paid.note_attributes).toEqual([{ name: "_twofold_ref", value: "ADA42" }]);
    expect(paid.landing_site).toBe("/?ref=ADA42");
    expect((paid.customer as Record<string, unknown>).email).toBe("keys@example.com");
    const refunds = byTopic.get("refunds/create")!.map((r) => parseJsonLossless<{ transactions: { amount: string }[] }>(r.body).transactions[0].amount);
    expect(refunds).toEqual(["10.00", "45.00"]);
    const cancelled = parseJsonLossless<Record<string, unknown>>(byTopic.get("orders/cancelled")![0].body);
    expect(cancelled.cancelled_at).toEqual(expect.any(String));
    expect(cancelled.financial_status).toBe("refunded");
  });

  it("retries a delivery the app fails, with the same webhook id, until it answers 2xx", async () => {
    answers.push(500, 503);
    await checkout({ email: "retry@example.com" });
    await settle();
    const creates = received.filter((r) => r.topic === "orders/create");
    const paid = received.filter((r) => r.topic === "orders/paid");
    expect(creates.length + paid.length).toBe(4);
    const retried = creates.length === 3 ? creates : paid;
    expect(new Set(retried.map((r) => r.webhookId)).size).toBe(1);
    expect(new Set(retried.map((r) => r.body)).size).toBe(1);
  });

  it("a new buyer becomes a customer whose numberOfOrders the Admin API reads", async () => {
    await checkout({ email: "newbie@example.com" });
    await checkout({ email: "newbie@example.com" });
    const found = await admin<{ customers: { nodes: { email: string; numberOfOrders: string }[] } }>(`{ customers(first: 5, query: "email:newbie@example.com") { nodes { email numberOfOrders } } }`);
    expect(found.customers.nodes).toEqual([{ email: "newbie@example.com", numberOfOrders: "2" }]);
  });
});

describe("orders read back and deliveries dropped for good (reconciliation)", () => {
  async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${sandbox.url}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }
  afterEach(async () => {
    await post("/__sandbox/webhooks/drop", { clear: true });
    await post("/__sandbox/clock", { reset: true });
  });

  it("drops the next deliveries of a topic, and a seeded share of all, never sending or retrying them", async () => {
    expect((await post("/__sandbox/webhooks/drop", { next: [{ topic: "orders/paid", count: 1 }] })).status).toBe(200);
    const placed = (await checkout({ email: "dropped@example.com" })).json.order as Order;
    await settle();
    expect(received.map((r) => r.topic)).toEqual(["orders/create"]);
    const outbox = (await (await fetch(`${sandbox.url}/__sandbox/outbox?shop=${SHOP}`)).json()) as { messages: { topic: string; state: string; body: string }[] };
    const dropped = outbox.messages.filter((m) => m.state === "dropped");
    expect(dropped.map((m) => m.topic)).toEqual(["orders/paid"]);
    expect(parseJsonLossless<{ admin_graphql_api_id: string }>(dropped[0].body).admin_graphql_api_id).toBe(placed.id);

    // Every delivery with rate 1; none with rate 0. The same seed drops the same positions.
    const pattern = async (seed: number) => {
      received.length = 0;
      await post("/__sandbox/webhooks/drop", { dropRate: 0.5, seed });
      for (let i = 0; i < 6; i++) await checkout({ email: `share${seed}-${i}@example.com` });
      await settle();
      return received.length;
    };
    const first = await pattern(7);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(12);
    expect(await pattern(7)).toBe(first);
    expect((await post("/__sandbox/webhooks/drop", { dropRate: 2 })).status).toBe(400);
    expect((await post("/__sandbox/webhooks/drop", { next: [{ topic: "orders/paid", count: 0 }] })).status).toBe(400);
  });

  it("answers orders(query: updated_at) by update time with cursor pages, refunds, attributes and cost", async () => {
    // Later than any order the other tests placed (some moved the clock on).
    const since = "2035-01-01T00:00:00.000Z";
    await post("/__sandbox/clock", { set: "2035-01-01T01:00:00.000Z" });
    const a = (await checkout({ email: "recon-a@example.com", attributes: { _twofold_ref: "ADA42" }, landingSite: "/?ref=ADA42" })).json.order as Order;
    await post("/__sandbox/clock", { advance: "1m" });
    const b = (await checkout({ email: "recon-b@example.com" })).json.order as Order;
    await post("/__sandbox/clock", { advance: "1m" });
    const c = (await checkout({ email: "recon-c@example.com" })).json.order as Order;
    await post("/__sandbox/clock", { advance: "1m" });
    expect((await post("/__sandbox/orders/refund", { shop: SHOP, orderId: a.id, amount: "5.00" })).status).toBe(200);
    await settle();

    const { ORDER_DETAILS, ORDERS_UPDATED_SINCE, updatedBetweenQuery } = await import("../app/shopify/orders-updated.server");
    const window = { from: new Date(since), to: new Date("2036-01-01T00:00:00.000Z") };
    const page = async (after: string | null) => {
      const res = await fetch(`${sandbox.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "X-Shopify-Shop-Domain": SHOP },
        body: JSON.stringify({ query: ORDERS_UPDATED_SINCE, variables: { first: 2, after, query: updatedBetweenQuery(window) } }),
      });
      return (await res.json()) as { data: { orders: { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Record<string, any>[] } }; errors?: unknown; extensions: { cost: { requestedQueryCost: number } } }; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const one = await page(null);
    expect(one.errors).toBeUndefined();
    expect(one.extensions.cost.requestedQueryCost).toBeGreaterThan(0);
    expect(one.data.orders.nodes.map((o) => o.id)).toEqual([b.id, c.id]);
    expect(one.data.orders.pageInfo.hasNextPage).toBe(true);
    const two = await page(one.data.orders.pageInfo.endCursor);
    // a was refunded last, so it comes last, with its refund and its cart attribute.
    expect(two.data.orders.nodes.map((o) => o.id)).toEqual([a.id]);
    expect(two.data.orders.pageInfo.hasNextPage).toBe(false);
    expect(two.data.orders.nodes[0]).toMatchObject({ displayFinancialStatus: "PARTIALLY_REFUNDED", cancelledAt: null, refunds: [{ legacyResourceId: expect.any(String) }] });
    const details = await admin<{ nodes: Record<string, any>[] }>(ORDER_DETAILS, { ids: [a.id, "gid://shopify/Order/1"] }); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(details.nodes[1]).toBeNull();
    const refunded = details.nodes[0];
    expect(refunded.id).toBe(a.id);
    expect(refunded.displayFinancialStatus).toBe("PARTIALLY_REFUNDED");
    expect(refunded.refunds).toEqual([expect.objectContaining({ totalRefundedSet: { shopMoney: { amount: "5.00", currencyCode: "USD" } } })]);
    expect(refunded.customAttributes).toEqual([{ key: "_twofold_ref", value: "ADA42" }]);
    expect(refunded.customerJourneySummary.firstVisit.landingPage).toBe(`https://${SHOP}/?ref=ADA42`);
    expect(Date.parse(refunded.updatedAt)).toBeGreaterThan(Date.parse(refunded.createdAt));

    // The upper bound holds too, and a time Shopify cannot read is an error.
    const none = await admin<{ orders: { nodes: unknown[] } }>(`query Few($q: String!) { orders(first: 5, query: $q) { nodes { id } } }`, { q: `updated_at:<'${since}' updated_at:>'${since}'` });
    expect(none.orders.nodes).toEqual([]);
    const bad = await fetch(`${sandbox.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "X-Shopify-Shop-Domain": SHOP },
      body: JSON.stringify({ query: `{ orders(first: 5, query: "updated_at:>'yesterday-ish'") { nodes { id } } }` }),
    });
    expect(((await bad.json()) as { errors?: unknown[] }).errors).toHaveLength(1);
  });
});
