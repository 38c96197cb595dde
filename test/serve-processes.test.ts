// The production server with WEB_CONCURRENCY=2 (scripts/serve.mjs as a node:cluster): Shopify's
// retries of one delivery, landing on either process, still record it once with one job.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderPayload } from "../sandbox/storefront/payloads";
import { deliverWebhook } from "../sandbox/storefront/webhooks";
import { startAppServer, TEST_API_SECRET, type AppServer } from "./helpers/app-server";
import { createTestDb, type TestDb } from "./helpers/db";

describe(`two server processes (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let db: TestDb;
  let app: AppServer;
  beforeAll(async () => {
    // Both processes load the build at once: on a busy machine that takes longer than one.
    db = await createTestDb();
    app = await startAppServer({ databaseUrl: db.url, env: { WEB_CONCURRENCY: "2" }, readyWithinMs: 90_000 });
    // /healthz answers once one process listens; wait for the other too.
    const deadline = Date.now() + 90_000;
    while ((app.output().match(/"msg":"listening"/g) ?? []).length < 2) {
      if (Date.now() > deadline) throw new Error(`the second server process did not listen within 90 s:\n${app.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 200_000);
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it("records a delivery sent many times at once exactly once, with one job, and stops on SIGTERM", async () => {
    const shop = "twofold-test.myshopify.com";
    const order = orderPayload();
    const first = await deliverWebhook({ appUrl: app.url, apiSecret: TEST_API_SECRET, shop, topic: "orders/paid", payload: order });
    expect(first.status).toBe(200);
    // Sent together, so on as many connections, which the cluster spreads over both processes.
    const replays = await Promise.all(
      Array.from({ length: 12 }, () => deliverWebhook({ appUrl: app.url, apiSecret: TEST_API_SECRET, shop, topic: "orders/paid", payload: order, webhookId: first.webhookId })),
    );
    expect(replays.map((r) => r.status)).toEqual(Array(12).fill(200));
    const forged = await deliverWebhook({ appUrl: app.url, apiSecret: TEST_API_SECRET, shop, topic: "orders/paid", payload: order, forge: true });
    expect(forged.status).toBe(401);
    expect(await db.prisma.webhookEvent.count()).toBe(1);
    expect(await db.prisma.job.count({ where: { name: "orders.process-webhook" } })).toBe(1);
    await app.stop();
    await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
  });
});
