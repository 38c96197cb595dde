// Webhooks over real HTTP: the sandbox signs and delivers, the built app verifies, records
// once per X-Shopify-Webhook-Id and hands work to jobs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUninstalledPayload, orderPayload } from "../sandbox/storefront/payloads";
import { webhookBody } from "../sandbox/storefront/webhooks";
import { startStack, type Stack } from "./helpers/stack";

describe(`webhooks (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  const countEvents = () => stack.db.prisma.webhookEvent.count();

  it("refuses a forged app/uninstalled with 401 and writes nothing", async () => {
    const before = await countEvents();
    const result = await stack.deliver({ topic: "app/uninstalled", payload: appUninstalledPayload({ shop: stack.shop }), forge: true });
    expect(result.status).toBe(401);
    expect(await countEvents()).toBe(before);
    expect(await stack.db.prisma.session.count({ where: { shop: stack.shop } })).toBe(1);
    expect((await stack.db.prisma.shop.findUniqueOrThrow({ where: { id: stack.shop } })).uninstalledAt).toBeNull();
  });

  it("refuses a delivery without a webhook id (the library requires it) and writes nothing", async () => {
    const result = await stack.deliver({
      topic: "app/uninstalled",
      payload: appUninstalledPayload({ shop: stack.shop }),
      omitHeaders: ["X-Shopify-Webhook-Id"],
    });
    expect(result.ok).toBe(false);
    expect(await countEvents()).toBe(0);
  });

  it("accepts a signed app/uninstalled once: shop marked uninstalled, sessions removed; a replay is a no-op", async () => {
    const first = await stack.deliver({ topic: "app/uninstalled", payload: appUninstalledPayload({ shop: stack.shop }) });
    expect(first.status).toBe(200);
    const shop = await stack.db.prisma.shop.findUniqueOrThrow({ where: { id: stack.shop } });
    expect(shop.uninstalledAt).toBeInstanceOf(Date);
    expect(await stack.db.prisma.session.count({ where: { shop: stack.shop } })).toBe(0);
    expect(await countEvents()).toBe(1);

    // Shopify retries with the same X-Shopify-Webhook-Id.
    const replay = await stack.deliver({
      topic: "app/uninstalled",
      payload: appUninstalledPayload({ shop: stack.shop }),
      webhookId: first.webhookId,
    });
    expect(replay.status).toBe(200);
    expect(await countEvents()).toBe(1);
    const after = await stack.db.prisma.shop.findUniqueOrThrow({ where: { id: stack.shop } });
    expect(after.uninstalledAt?.getTime()).toBe(shop.uninstalledAt?.getTime());
  });

  it("updates the stored scopes on app/scopes_update", async () => {
    const result = await stack.deliver({
      topic: "app/scopes_update",
      payload: { id: 1, previous: ["read_orders"], current: ["read_orders", "write_discounts"], updated_at: new Date().toISOString() },
    });
    expect(result.status).toBe(200);
    expect((await stack.db.prisma.shop.findUniqueOrThrow({ where: { id: stack.shop } })).scopes).toBe("read_orders,write_discounts");
  });

  it("queues one order job per delivery, however often Shopify retries it", async () => {
    const order = orderPayload({ id: 9_007_199_254_740_993n });
    expect(webhookBody(order)).toContain("9007199254740993");
    const first = await stack.deliver({ topic: "orders/paid", payload: order });
    expect(first.status).toBe(200);
    await stack.deliver({ topic: "orders/paid", payload: order, webhookId: first.webhookId });
    await stack.deliver({ topic: "orders/paid", payload: order, webhookId: first.webhookId });
    const jobs = await stack.db.prisma.job.findMany({ where: { name: "orders.process-webhook" } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ shopId: stack.shop, status: "queued" });
    const event = await stack.db.prisma.webhookEvent.findFirstOrThrow({ where: { webhookId: first.webhookId } });
    expect(JSON.parse(jobs[0].payload)).toEqual({ webhookEventId: event.id });
    // The raw body is kept byte for byte: ids above 2^53 are not rounded.
    expect(event.payload).toBe(webhookBody(order));
    expect(event.subjectGid).toBe("gid://shopify/Order/9007199254740993");
    expect(event).toMatchObject({ shopId: stack.shop, topic: "ORDERS_PAID", eventId: first.eventId, apiVersion: "2026-10" });
    expect(event.triggeredAt).toBeInstanceOf(Date);
  });

  it("answers order webhooks as authenticate.webhook does (served before Remix in production)", async () => {
    const order = orderPayload();
    const first = await stack.deliver({ topic: "orders/create", payload: order });
    const again = await stack.deliver({ topic: "orders/create", payload: order, webhookId: first.webhookId });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body).toBe("");
    expect((await stack.deliver({ topic: "orders/create", payload: order, forge: true })).status).toBe(401);
    expect((await stack.deliver({ topic: "orders/create", payload: order, omitHeaders: ["X-Shopify-API-Version"] })).status).toBe(400);
    const refund = await stack.deliver({ topic: "refunds/create", payload: { id: 1, order_id: 2, transactions: "not a list" } });
    expect(refund.status).toBe(400);
    expect(JSON.parse(refund.body)).toMatchObject({ error: expect.stringContaining("does not have Shopify's shape") });
    expect(await stack.db.prisma.webhookEvent.count({ where: { topic: { in: ["ORDERS_CREATE", "REFUNDS_CREATE"] } } })).toBe(1);
  });
});
