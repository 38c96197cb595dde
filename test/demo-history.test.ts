// The demo's seeding (scripts/demo-history.ts) builds its history only through the app's entry
// points, so a small history on a fresh stack must show on the dashboard and in the review queue
// exactly as the seeding counted it, with clicks and orders on the past days they stand for.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollupAllShops } from "../app/analytics/rollup.server";
import { jobs } from "../app/jobs/registry.server";
import { runWorker } from "../app/jobs/worker.server";
import { useMailer } from "../app/notifications/jobs.server";
import { seedDemoHistory, type DemoHistorySummary } from "../scripts/demo-history";
import { TEST_API_KEY, TEST_API_SECRET } from "./helpers/app-server";
import { startStack, type Stack } from "./helpers/stack";
import { adminRequest } from "./program/admin-http";

describe("demo history", () => {
  let stack: Stack;
  let summary: DemoHistorySummary;

  beforeAll(async () => {
    stack = await startStack();
    // The app's worker, as the demo runs it beside the app (jobs call the sandbox from here).
    process.env.SHOPIFY_SANDBOX_URL = stack.sandbox.url;
    process.env.SHOPIFY_APP_URL = stack.app.url;
    process.env.SHOPIFY_API_SECRET = TEST_API_SECRET;
    const sent: string[] = [];
    useMailer({ send: async (email) => (sent.push(email.to), { messageId: `m${sent.length}` }) });
    const controller = new AbortController();
    const worker = runWorker({ db: stack.db.prisma, jobs, concurrency: 2, pollMs: 20, signal: controller.signal, backoff: { baseMs: 10, capMs: 50 } });
    try {
      summary = await seedDemoHistory({ appUrl: stack.app.url, sandboxUrl: stack.sandbox.url, shop: stack.shop, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, scale: 0.1, seed: 1, log: () => {} });
    } finally {
      controller.abort();
      await worker;
    }
    await rollupAllShops(stack.db.prisma);
  }, 240_000);
  afterAll(async () => {
    useMailer(undefined);
    await stack?.stop();
  });

  it("shows the seeded clicks and orders on the 90-day dashboard, spread over past days", async () => {
    expect(summary.orders).toBeGreaterThan(5);
    const { data } = await adminRequest<{ dashboard: { metrics: { label: string; value: string }[]; trend: { day: string; clicks: number; orders: number }[] } }>(stack.app.url, {
      shop: stack.shop,
      path: "/app",
      route: "routes/app._index",
      query: "days=90",
    });
    const metric = (label: string) => data!.dashboard.metrics.find((m) => m.label === label)!.value;
    expect(metric("Link clicks")).toBe(String(summary.clicks));
    const trend = data!.dashboard.trend;
    expect(trend.reduce((s, d) => s + d.clicks, 0)).toBe(summary.clicks);
    expect(trend.filter((d) => d.clicks > 0).length).toBeGreaterThan(10);
    // Referred first orders, less cancelled ones; the friends' repeat orders are not referrals.
    expect(Number(metric("Referred orders"))).toBeGreaterThanOrEqual(summary.orders / 2);
    expect(trend.filter((d) => d.orders > 0).length).toBeGreaterThan(5);
  });

  it("holds the orders placed seconds after the click for review", async () => {
    const { data } = await adminRequest<{ rows: unknown[] }>(stack.app.url, { shop: stack.shop, path: "/app/review", route: "routes/app.review" });
    expect(summary.fastOrders).toBeGreaterThan(0);
    expect(data!.rows.length).toBeGreaterThanOrEqual(summary.fastOrders);
  });

  it("does not seed a shop that has history", async () => {
    const again = await seedDemoHistory({ appUrl: stack.app.url, sandboxUrl: stack.sandbox.url, shop: stack.shop, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, log: () => {} });
    expect(again.skipped).toBe(true);
  });
});
