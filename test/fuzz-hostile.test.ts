// Issue 15 fuzz: garbage, signed and unsigned, to every webhook, app proxy and API route: never
// a 5xx, and no table changes (counts compared before and after).
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_API_SECRET } from "./helpers/app-server";
import { startStack, type Stack } from "./helpers/stack";
import { proxyPost, startProgram } from "./storefront/helpers";

const WEBHOOK_TOPICS = [
  "app/scopes_update",
  "app/uninstalled",
  "customers/data_request",
  "customers/redact",
  "orders/cancelled",
  "orders/create",
  "orders/paid",
  "refunds/create",
  "shop/redact",
  "shop/update",
];

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const GARBAGE: Array<[string, string]> = [
  ["non-JSON", "{not json"],
  ["empty", ""],
  ["binary", "\u0000\u0001\uFFFD\u0002"],
  ["array", "[1,2,3]"],
  ["number", "42"],
  ["deeply nested", nested(5000)],
  ["huge", JSON.stringify({ padding: "x".repeat(1_100_000) })],
];

/**
 * Sends a request that may be refused mid-upload. Over the body limit the app answers 413 and
 * closes the connection, so a client still sending the "huge" body may see a reset (EPIPE,
 * ECONNRESET) instead of the answer; that comes back as the Error for the caller to accept only
 * for that body. A pooled connection the app closed after an earlier 413 can fail once for any
 * other body: that one is sent again on a new connection.
 */
async function sendRefusable(label: string, send: () => Promise<Response>): Promise<Response | Error> {
  const attempt = () => send().catch((error: unknown) => error as Error);
  const res = await attempt();
  return res instanceof Error && label !== "huge" ? attempt() : res;
}

describe(`fuzz: hostile input to every route (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    await startProgram(stack);
  });
  afterAll(async () => stack?.stop());

  async function tableCounts() {
    const db = stack.db.prisma;
    return {
      webhookEvents: await db.webhookEvent.count(),
      jobs: await db.job.count(),
      advocates: await db.advocate.count(),
      referrals: await db.referral.count(),
      rewards: await db.reward.count(),
      clicks: await db.referralClick.count(),
      shops: await db.shop.count(),
      sessions: await db.session.count(),
      audit: await db.auditLog.count(),
    };
  }

  function webhookHeaders(topic: string, body: string, secret: string | null): Record<string, string> {
    return {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": stack.shop,
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Triggered-At": new Date().toISOString(),
      ...(secret ? { "X-Shopify-Hmac-Sha256": createHmac("sha256", secret).update(body).digest("base64") } : {}),
    };
  }

  it("webhooks: signed, unsigned and forged garbage, and a payload about another shop, get a 4xx and write nothing", async () => {
    const before = await tableCounts();
    const bodies: Array<[string, string]> = [...GARBAGE, ["wrong shop", JSON.stringify({ shop_domain: "other-shop.myshopify.com", shop_id: 1, id: 1 })]];
    for (const topic of WEBHOOK_TOPICS) {
      for (const [label, body] of bodies) {
        for (const secret of [TEST_API_SECRET, null, "forged-secret"]) {
          const what = `${topic} ${label} ${secret === TEST_API_SECRET ? "signed" : secret ? "forged" : "unsigned"}`;
          const res = await sendRefusable(label, () =>
            fetch(`${stack.app.url}/webhooks/${topic}`, { method: "POST", headers: webhookHeaders(topic, body, secret), body }),
          );
          if (res instanceof Error) {
            expect(label, `${what}: ${res.message}`).toBe("huge");
            continue;
          }
          expect(res.status, what).toBeGreaterThanOrEqual(400);
          expect(res.status, what).toBeLessThan(500);
        }
      }
    }
    expect(await tableCounts()).toEqual(before);
  });

  it("signed payloads of the wrong shape (a field of the wrong type, a missing id) get a 400 at receipt and write nothing", async () => {
    const before = await tableCounts();
    const order = { id: 820982911946154500, admin_graphql_api_id: "gid://shopify/Order/820982911946154500", email: "a@example.com", financial_status: "paid" };
    const wrong: Array<[string, Record<string, unknown>]> = [
      ["orders/paid", { ...order, id: { nested: true } }],
      ["orders/paid", { ...order, customer: "gid://shopify/Customer/1" }],
      ["orders/paid", { ...order, discount_codes: "FRIEND-1" }],
      ["orders/create", { ...order, note_attributes: [{ name: 7, value: "x" }] }],
      ["orders/cancelled", { ...order, id: undefined }],
      ["orders/paid", { ...order, total_price_set: { shop_money: { amount: "1.00" } } }],
      ["refunds/create", { id: 1, order_id: null, transactions: [] }],
      ["refunds/create", { id: 1, order_id: 2, transactions: [{ amount: { value: 1 } }] }],
      ["customers/redact", { shop_domain: stack.shop, customer: { id: "not-a-number" } }],
      ["customers/data_request", { shop_domain: stack.shop, customer: null }],
    ];
    for (const [topic, payload] of wrong) {
      const body = JSON.stringify(payload);
      const res = await fetch(`${stack.app.url}/webhooks/${topic}`, { method: "POST", headers: webhookHeaders(topic, body, TEST_API_SECRET), body });
      expect(res.status, `${topic} ${body.slice(0, 80)}`).toBe(400);
      expect(((await res.json()) as { error: string }).error).toContain("does not have Shopify's shape");
    }
    expect(await tableCounts()).toEqual(before);
  });

  it("app proxy and API routes: garbage, signed through the proxy or sent directly, gets a 4xx and writes nothing", async () => {
    const before = await tableCounts();
    const fields: Array<Record<string, string>> = [
      { email: "not-an-email" },
      { email: "x".repeat(300) + "@example.com", ref: "NOPE" },
      { email: "a@example.com", ref: "\u0000<script>" },
      { ref: "x".repeat(70_000) },
    ];
    for (const path of ["/claim", "/advocate"]) {
      // ({email: "a@example.com"} is a valid sign-up on /advocate, not garbage.)
      for (const f of fields.filter((x) => path === "/claim" || x.email !== "a@example.com")) {
        const res = await proxyPost(stack, path, f, { ip: "198.51.100.99" });
        expect(res.status, `${path} ${JSON.stringify(f).slice(0, 60)}`).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
    }
    for (const path of ["/proxy/claim", "/proxy/advocate", "/api/checkout/link", "/api/customer-account"]) {
      for (const [label, body] of GARBAGE) {
        const res = await sendRefusable(label, () =>
          fetch(`${stack.app.url}${path}?shop=${stack.shop}`, { method: "POST", headers: { "Content-Type": "application/json" }, body }),
        );
        if (res instanceof Error) {
          expect(label, `${path} ${label}: ${res.message}`).toBe("huge");
          continue;
        }
        expect(res.status, `${path} ${label}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${path} ${label}`).toBeLessThan(500);
      }
    }
    expect(await tableCounts()).toEqual(before);
  });
});
