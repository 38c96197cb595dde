import { describe, expect, it } from "vitest";
import type { Db } from "../db.server";
import { adminClientForShop, adminEndpoint, createAdminClient, loadOfflineSession, parseRetryAfter, type Clock } from "./admin-client.server";
import { fromRemixAdmin } from "./admin-graphql";
import { ShopifyApiError, ShopifyUserError, isRetryableShopifyError } from "./errors";
import { FETCH_SHOP_PROFILE, fetchShopProfile } from "./shop-profile.server";
import { creditStoreCredit } from "./store-credit.server";
import { ThrottleBuckets } from "./throttle";

const SHOP = "acme.myshopify.com";
const shopData = {
  shop: { name: "Acme", myshopifyDomain: SHOP, primaryDomain: { url: `https://${SHOP}` }, currencyCode: "USD", customerAccountsV2: { customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS", loginRequiredAtCheckout: false } },
};

type Reply = { status?: number; body?: unknown; headers?: Record<string, string> } | Error;

function cost(requestedQueryCost: number, currentlyAvailable: number, restoreRate = 100, maximumAvailable = 2000) {
  return { cost: { requestedQueryCost, actualQueryCost: null, throttleStatus: { maximumAvailable, currentlyAvailable, restoreRate } } };
}

/** A fetch that answers from a script and records what was sent; a clock whose sleep only advances time. */
function harness(replies: Reply[], { random = 0.5 } = {}) {
  const events: string[] = [];
  const requests: { url: string; headers: Headers; body: { query: string; variables?: Record<string, unknown> } }[] = [];
  let now = 1_000_000;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      events.push(`sleep ${ms}`);
      now += ms;
    },
    random: () => random,
  };
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const reply = replies.shift();
    if (!reply) throw new Error("unexpected request");
    requests.push({ url: String(input), headers: new Headers(init?.headers), body: JSON.parse(String(init?.body)) });
    events.push("fetch");
    if (reply instanceof Error) throw reply;
    return new Response(JSON.stringify(reply.body ?? {}), {
      status: reply.status ?? 200,
      headers: { "content-type": "application/json", ...reply.headers },
    });
  }) as typeof globalThis.fetch;
  const client = createAdminClient({
    shop: SHOP,
    accessToken: "shpat_test",
    sandboxUrl: null,
    fetch,
    clock,
    buckets: new ThrottleBuckets(),
    maxAttempts: 3,
    baseDelayMs: 500,
  });
  return { client, requests, sleeps, events, replies };
}

describe("admin client: retries", () => {
  it("retries a THROTTLED error that came with HTTP 200, waiting for the bucket to refill", async () => {
    const h = harness([
      { status: 200, body: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }], extensions: cost(50, 10) } },
      { status: 200, body: { data: shopData, extensions: cost(2, 1998) } },
    ]);
    const profile = await fetchShopProfile(h.client);
    expect(profile).toMatchObject({ name: "Acme", canSpendStoreCredit: true });
    expect(h.requests).toHaveLength(2);
    // (50 - 10) points at 100/s = 400 ms; jitter 0.5 × 500 = 250 ms is shorter.
    expect(h.sleeps).toEqual([400]);
    expect(h.requests[0].url).toBe(`https://${SHOP}/admin/api/2026-10/graphql.json`);
    expect(h.requests[0].headers.get("x-shopify-access-token")).toBe("shpat_test");
  });

  it("honours Retry-After on HTTP 429", async () => {
    const h = harness([
      { status: 429, body: { errors: "Exceeded 2 calls per second" }, headers: { "retry-after": "2.0" } },
      { status: 200, body: { data: shopData } },
    ]);
    await fetchShopProfile(h.client);
    expect(h.sleeps).toEqual([2000]);
    expect(h.requests).toHaveLength(2);
  });

  it("gives up after bounded attempts on 5xx and throws a retryable error", async () => {
    const h = harness([
      { status: 500, body: { errors: "Internal" } },
      { status: 502, body: "bad gateway" },
      { status: 503, body: {} },
      { status: 200, body: { data: shopData } },
    ]);
    const error = await fetchShopProfile(h.client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyApiError);
    expect(error).toMatchObject({ kind: "server", retryable: true, ambiguous: false, status: 503, attempts: 3 });
    expect(isRetryableShopifyError(error)).toBe(true);
    expect(h.requests).toHaveLength(3);
    // Full jitter with random() = 0.5: 0.5 × 500, 0.5 × 1000.
    expect(h.sleeps).toEqual([250, 500]);
    expect(h.replies).toHaveLength(1);
  });

  it("retries a network failure of a query", async () => {
    const h = harness([new TypeError("fetch failed"), { status: 200, body: { data: shopData } }]);
    await expect(fetchShopProfile(h.client)).resolves.toMatchObject({ name: "Acme" });
    expect(h.requests).toHaveLength(2);
  });

  it("does not re-send a mutation after a 5xx: the outcome is ambiguous", async () => {
    const h = harness([{ status: 500, body: {} }, { status: 200, body: {} }]);
    const error = await creditStoreCredit(h.client, {
      ownerId: "gid://shopify/Customer/1",
      amount: { minorUnits: 1250, currencyCode: "USD" },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "server", retryable: true, ambiguous: true, attempts: 1 });
    expect(h.requests).toHaveLength(1);
  });

  it("re-sends a throttled mutation (Shopify refused it, nothing ran)", async () => {
    const h = harness([
      { status: 200, body: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }], extensions: cost(10, 0) } },
      {
        status: 200,
        body: {
          data: {
            storeCreditAccountCredit: {
              storeCreditAccountTransaction: {
                id: "gid://shopify/StoreCreditAccountCreditTransaction/9",
                createdAt: "2026-11-01T00:00:00Z",
                expiresAt: null,
                amount: { amount: "12.5", currencyCode: "USD" },
                balanceAfterTransaction: { amount: "20.0", currencyCode: "USD" },
                account: { id: "gid://shopify/StoreCreditAccount/3" },
              },
              userErrors: [],
            },
          },
        },
      },
    ]);
    const tx = await creditStoreCredit(h.client, { ownerId: "gid://shopify/Customer/1", amount: { minorUnits: 1250, currencyCode: "USD" } });
    expect(tx).toMatchObject({ amount: { minorUnits: 1250 }, balanceAfter: { minorUnits: 2000 }, accountId: "gid://shopify/StoreCreditAccount/3" });
    expect(h.requests).toHaveLength(2);
    expect(h.sleeps).toEqual([250]); // max(jitter 250, bucket (10 - 0)/100 s = 100)
  });

  it("does not wait for a query that can never fit the bucket", async () => {
    const h = harness([{ status: 200, body: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }], extensions: cost(643, 100, 50, 100) } }]);
    const error = await fetchShopProfile(h.client).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "graphql", retryable: false, attempts: 1 });
    expect((error as Error).message).toMatch(/643 exceeds the bucket \(100\)/);
    expect(h.sleeps).toEqual([]);
  });

  it("does not retry permanent failures", async () => {
    const h = harness([{ status: 200, body: { errors: [{ message: "Access denied", extensions: { code: "ACCESS_DENIED" } }] } }]);
    const error = await fetchShopProfile(h.client).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "access-denied", retryable: false, codes: ["ACCESS_DENIED"] });
    expect(h.requests).toHaveLength(1);
  });
});

describe("admin client: userErrors", () => {
  it("turns userErrors into a ShopifyUserError with code, field and message, and sends exact decimals", async () => {
    const h = harness([
      {
        body: {
          data: {
            storeCreditAccountCredit: {
              storeCreditAccountTransaction: null,
              userErrors: [{ code: "EXPIRES_AT_IN_PAST", field: ["creditInput", "expiresAt"], message: "Expires at must be in the future" }],
            },
          },
        },
      },
    ]);
    const error = await creditStoreCredit(h.client, {
      ownerId: "gid://shopify/Customer/1",
      amount: { minorUnits: 1999, currencyCode: "KWD" },
      expiresAt: new Date("2020-01-01T00:00:00Z"),
      notify: true,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyUserError);
    expect(error).toMatchObject({ code: "EXPIRES_AT_IN_PAST", field: ["creditInput", "expiresAt"], retryable: false });
    expect(isRetryableShopifyError(error)).toBe(false);
    expect(h.requests[0].body.variables).toEqual({
      id: "gid://shopify/Customer/1",
      creditInput: { creditAmount: { amount: "1.999", currencyCode: "KWD" }, expiresAt: "2020-01-01T00:00:00.000Z", notify: true },
    });
  });
});

describe("admin client: pacing", () => {
  /** A shop profile read that empties the bucket (10 points at 50/s of 1000), then a store credit. */
  const emptyBucketThenCredit = () => {
    const credited = { storeCreditAccountCredit: { storeCreditAccountTransaction: { id: "gid://shopify/StoreCreditAccountCreditTransaction/1", amount: { amount: "10.00", currencyCode: "USD" }, balanceAfterTransaction: { amount: "10.00", currencyCode: "USD" }, createdAt: "2026-11-29T00:00:00Z", expiresAt: null, account: { id: "gid://shopify/StoreCreditAccount/1" } }, userErrors: [] } };
    return harness([
      { body: { data: shopData, extensions: cost(10, 0, 50, 1000) } }, // the bucket is empty now
      { body: { data: credited, extensions: cost(10, 990, 50, 1000) } },
    ]);
  };

  it("waits before sending a query that would not fit the shop's bucket", async () => {
    const h = harness([
      { body: { data: shopData, extensions: cost(20, 5, 50, 1000) } },
      { body: { data: shopData, extensions: cost(20, 985, 50, 1000) } },
      { body: { data: shopData, extensions: cost(20, 965, 50, 1000) } },
    ]);
    await fetchShopProfile(h.client);
    await fetchShopProfile(h.client);
    await fetchShopProfile(h.client);
    // After the first reply 5 points are left; the query costs 20; 15 more take 300 ms at 50/s.
    expect(h.events).toEqual(["fetch", "sleep 300", "fetch", "fetch"]);
  });

  it("does not send a request whose budget frees up after its send deadline, and hands its points back", async () => {
    const h = emptyBucketThenCredit();
    await fetchShopProfile(h.client);
    const credit = () => creditStoreCredit(h.client, { ownerId: "gid://shopify/Customer/1", amount: { minorUnits: 1000n, currencyCode: "USD" } }, { notAfter: 1_000_000 + 100 });
    // 10 points take 200 ms at 50/s: past the 100 ms deadline, so nothing is sent or slept.
    const error = await credit().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyApiError);
    expect(error).toMatchObject({ kind: "throttled", ambiguous: false, codes: ["SEND_DEADLINE"] });
    expect(h.events).toEqual(["fetch"]);
    // Its reservation was handed back: the next request waits 200 ms, not 400 ms.
    await creditStoreCredit(h.client, { ownerId: "gid://shopify/Customer/1", amount: { minorUnits: 1000n, currencyCode: "USD" } }, { notAfter: 1_000_000 + 1_000 });
    expect(h.events).toEqual(["fetch", "sleep 200", "fetch"]);
  });

  it("a request made with a reservation sends at once on the points already waited for; a released reservation goes back", async () => {
    const h = emptyBucketThenCredit();
    await fetchShopProfile(h.client);
    const first = await h.client.reserveBudget!("CreditStoreCredit");
    expect(first).toEqual({ operation: "CreditStoreCredit", points: 10 });
    const second = await h.client.reserveBudget!("CreditStoreCredit");
    // Each waiter gets its own slot: 200 ms, then 200 ms more (not both woken at 200 ms).
    expect(h.events).toEqual(["fetch", "sleep 200", "sleep 200"]);
    await h.client.releaseBudget!(second);
    await creditStoreCredit(h.client, { ownerId: "gid://shopify/Customer/1", amount: { minorUnits: 1000n, currencyCode: "USD" } }, { notAfter: 1_000_000 + 10_000, reservation: first });
    // No second reservation or wait before the send.
    expect(h.events).toEqual(["fetch", "sleep 200", "sleep 200", "fetch"]);
  });

  it("sends the first request of an operation of unknown cost alone; the others reserve what its answer says", async () => {
    const events: string[] = [];
    let now = 0;
    let release!: () => void;
    const firstAnswer = new Promise<void>((r) => (release = r));
    let calls = 0;
    const client = createAdminClient({
      shop: SHOP,
      accessToken: "t",
      sandboxUrl: null,
      buckets: new ThrottleBuckets(),
      clock: { now: () => now, sleep: async (ms) => void events.push(`sleep ${ms}`), random: () => 0.5 },
      fetch: (async () => {
        const n = ++calls;
        events.push(`fetch ${n}`);
        if (n === 1) await firstAnswer;
        // The shop profile read asks 100 points of a 250-point bucket refilled at 100/s.
        return new Response(JSON.stringify({ data: shopData, extensions: cost(100, n === 1 ? 150 : 50, 100, 250) }), { headers: { "content-type": "application/json" } });
      }) as typeof fetch,
    });
    const all = Promise.all([fetchShopProfile(client), fetchShopProfile(client), fetchShopProfile(client)]);
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual(["fetch 1"]); // the other two wait for the first answer
    now = 0;
    release();
    await all;
    // They reserve 100 each (learnt), not the 10-point guess: the third waits for its points.
    expect(events).toEqual(["fetch 1", "fetch 2", "sleep 500", "fetch 3"]);
  });

  it("queues concurrent requests behind each other's reservations", () => {
    const buckets = new ThrottleBuckets();
    buckets.observe(SHOP, "Q", cost(100, 150, 100, 2000).cost, 0);
    expect(buckets.reserve(SHOP, 100, 0)).toBe(0);
    expect(buckets.reserve(SHOP, 100, 0)).toBe(500);
    expect(buckets.reserve(SHOP, 100, 0)).toBe(1500);
    expect(buckets.reserve("other.myshopify.com", 100, 0)).toBe(0);
  });
});

describe("admin client: endpoint", () => {
  it("sends to the sandbox with the shop in X-Shopify-Shop-Domain when configured", async () => {
    const requests: { url: string; headers: Headers }[] = [];
    const client = createAdminClient({
      shop: SHOP,
      accessToken: "t",
      sandboxUrl: "http://127.0.0.1:4100/",
      fetch: (async (url: string | URL | Request, init?: RequestInit) => {
        requests.push({ url: String(url), headers: new Headers(init?.headers) });
        return new Response(JSON.stringify({ data: shopData }), { headers: { "content-type": "application/json" } });
      }) as typeof fetch,
      buckets: new ThrottleBuckets(),
    });
    await fetchShopProfile(client);
    expect(requests[0].url).toBe("http://127.0.0.1:4100/admin/api/2026-10/graphql.json");
    expect(requests[0].headers.get("x-shopify-shop-domain")).toBe(SHOP);
  });

  it("refuses something that is not a shop domain", () => {
    expect(() => adminEndpoint("evil.com/path?")).toThrow();
    expect(() => adminEndpoint("a@b")).toThrow();
  });

  it("parses Retry-After as seconds or a date", () => {
    expect(parseRetryAfter("1.5", 0)).toBe(1500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});

describe("offline session", () => {
  function fakeDb(rows: Record<string, { shop: string; accessToken: string; scope: string | null }>) {
    return { session: { findUnique: async ({ where }: { where: { id: string } }) => rows[where.id] ?? null } } as unknown as Db;
  }

  it("loads the offline token stored under offline_<shop>", async () => {
    const db = fakeDb({ [`offline_${SHOP}`]: { shop: SHOP, accessToken: "shpat_x", scope: "write_discounts" } });
    await expect(loadOfflineSession(db, SHOP)).resolves.toEqual({ shop: SHOP, accessToken: "shpat_x", scope: "write_discounts" });
    await expect(loadOfflineSession(db, "other.myshopify.com")).resolves.toBeNull();
    await expect(adminClientForShop(db, "other.myshopify.com")).rejects.toMatchObject({ kind: "access-denied", retryable: false });
  });
});

describe("Remix admin.graphql adapter", () => {
  it("returns data from admin.graphql's Response", async () => {
    const calls: unknown[] = [];
    const client = fromRemixAdmin({
      graphql: async (query, options) => {
        calls.push([query, options]);
        return new Response(JSON.stringify({ data: shopData }));
      },
    });
    await expect(fetchShopProfile(client)).resolves.toMatchObject({ myshopifyDomain: SHOP });
    expect(calls).toEqual([[FETCH_SHOP_PROFILE, undefined]]);
  });

  it("maps the library's GraphqlQueryError (THROTTLED) to a retryable error and passes auth Responses through", async () => {
    const throttled = Object.assign(new Error("Throttled"), {
      body: { errors: { graphQLErrors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] } },
    });
    const client = fromRemixAdmin({ graphql: async () => Promise.reject(throttled) });
    await expect(fetchShopProfile(client)).rejects.toMatchObject({ kind: "throttled", retryable: true });

    const reauth = new Response(null, { status: 401 });
    const authClient = fromRemixAdmin({ graphql: async () => Promise.reject(reauth) });
    await expect(fetchShopProfile(authClient)).rejects.toBe(reauth);
  });
});
