// The demo's ninety days of history (scripts/demo-history.ts, run by `npm run demo`), seeded at a
// small scale against a test stack with a full worker: every step goes through the app's entry
// points with the sandbox clock in the past, so this is the guard that the demo a newcomer first
// sees seeds completely (a code dated by real time instead of the app's clock once ended it
// after six seconds, with four referrals instead of hundreds).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWorker } from "../app/jobs/worker.server";
import { jobs } from "../app/worker/registry.server";
import { seedDemoHistory, type DemoHistorySummary } from "../scripts/demo-history";
import { TEST_API_KEY, TEST_API_SECRET } from "./helpers/app-server";
import { startStack, type Stack } from "./helpers/stack";

describe(`demo history (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  let worker: { controller: AbortController; done: Promise<unknown> };
  let summary: DemoHistorySummary;

  beforeAll(async () => {
    stack = await startStack({ claimWorker: false });
    const controller = new AbortController();
    worker = { controller, done: runWorker({ db: stack.db.prisma, jobs, concurrency: 2, pollMs: 20, signal: controller.signal, backoff: { baseMs: 10, capMs: 50 } }) };
    summary = await seedDemoHistory({ appUrl: stack.app.url, sandboxUrl: stack.sandbox.url, shop: stack.shop, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, scale: 0.1, log: () => undefined });
  }, 900_000);
  afterAll(async () => {
    worker?.controller.abort();
    await worker?.done;
    await stack?.stop();
  });

  it("seeds every planned event, and every friend's code is made in Shopify", async () => {
    expect(summary.skipped).toBe(false);
    expect(summary.claims).toBeGreaterThan(5);
    expect(summary.orders).toBeGreaterThan(5);
    const friendRewards = await stack.db.prisma.reward.groupBy({ by: ["status"], where: { shopId: stack.shop, recipient: "friend" }, _count: true });
    expect(friendRewards.filter((r) => r.status === "failed")).toEqual([]);
    const claimed = await stack.db.prisma.referral.count({ where: { shopId: stack.shop, claimedAt: { not: null } } });
    expect(claimed).toBe(summary.claims);
  });
});
