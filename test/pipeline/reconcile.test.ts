// Reconciliation end to end (issue 18 c): the sandbox drops deliveries for good (a paid order
// whose orders/create and orders/paid never come, a refund, a cancellation and its refund, and
// a seeded 5 % of the rest), the reconcile jobs read Shopify's orders back into the inbox, and
// every referral ends as its order says, none rewarded twice. Then the dropped deliveries turn
// up late after all and change nothing. Data comes only through entry points: the admin
// routes, the app proxy, the sandbox checkout and its signed webhooks, the app's jobs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobRegistry } from "../../app/jobs/define-job";
import { enqueue } from "../../app/jobs/queue.server";
import { runWorker } from "../../app/jobs/worker.server";
import { releaseHeldRewardsJob } from "../../app/rewards/release-held-rewards.job.server";
import { reconcileAllShopsJob, reconcileShopOrdersJob } from "../../app/webhooks/reconcile-orders.job.server";
import { addCustomer } from "../../sandbox/admin/state";
import { startStack, type Stack } from "../helpers/stack";
import { adminRequest } from "../program/admin-http";
import { proxyPost } from "../storefront/helpers";

const ADVOCATES = 3;
const PLAIN_ORDERS = 14;

interface OutboxMessage {
  topic: string;
  body: string;
  webhookId: string;
  state: string;
}

interface SandboxOrderJson {
  id: string;
  cancelledAt: string | null;
  totalMinor: number;
  refunds: { amountMinor: number }[];
  discounts: { code: string }[];
}

describe(`reconciliation with dropped webhooks (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  const sandbox = async <T = Record<string, unknown>>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${stack.sandbox.url}${path}`, body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const json = (await res.json()) as T;
    expect(res.status, `${path}: ${JSON.stringify(json)}`).toBe(200);
    return json;
  };
  const settle = async () => {
    for (let round = 0; round < 2; round++) {
      expect((await sandbox<{ pending: number }>("/__sandbox/outbox/settle", { timeoutMs: 30_000 })).pending).toBe(0);
      await stack.drainJobs();
    }
  };
  const drop = (next: { topic: string; count?: number }[]) => sandbox("/__sandbox/webhooks/drop", { next: next.map((n) => ({ count: 1, ...n, shop: stack.shop })) });
  const checkout = (email: string, code: string) => sandbox<{ order: SandboxOrderJson }>("/__sandbox/checkout", { shop: stack.shop, email, discountCode: code }).then((r) => r.order);
  const reconcile = async () => {
    // The recurring sweep as its schedule queues it, with no settle delay and small pages.
    await enqueue(stack.db.prisma, reconcileAllShopsJob, { settleMs: 0, pageSize: 4 });
    await stack.drainJobs();
  };

  async function ledger() {
    const referrals = await stack.db.prisma.referral.findMany({ where: { orderGid: { not: null } }, include: { rewards: true } });
    return new Map(referrals.map((r) => [r.orderGid!, { status: r.status, refundedMinor: r.refundedMinor, rewards: r.rewards.map((w) => `${w.recipient}:${w.kind}:${w.status}:${w.amountMinor}`).sort() }]));
  }

  it("records what never arrived, once, and a late duplicate changes nothing", { timeout: 600_000 }, async () => {
    // The merchant turns the program on; advocates get their codes on the storefront.
    await adminRequest(stack.app.url, { shop: stack.shop, path: "/app/onboarding", route: "routes/app.onboarding", form: {} });
    const on = await adminRequest(stack.app.url, { shop: stack.shop, path: "/app/program", route: "routes/app.program", form: { intent: "activate" } });
    expect(on.data).toMatchObject({ ok: true, status: "active" });
    const shop = stack.sandbox.state.shops.get(stack.shop)!;
    const advocates: { gid: string; code: string }[] = [];
    for (let i = 0; i < ADVOCATES; i++) {
      const customer = addCustomer(stack.sandbox.state, shop, { email: `reconcile-adv${i}@example.com` });
      const res = await proxyPost(stack, "/advocate", {}, { customerId: customer.id.split("/").pop()!, ip: `203.0.113.${i + 1}` });
      expect(res.status).toBe(200);
      advocates.push({ gid: customer.id, code: ((await res.json()) as { code: string }).code });
    }
    await stack.drainJobs();

    // Friends buy with an advocate's code; 5 % of these deliveries are lost at random.
    await sandbox("/__sandbox/webhooks/drop", { dropRate: 0.05, seed: 18 });
    for (let i = 0; i < PLAIN_ORDERS; i++) await checkout(`friend${i}@example.com`, advocates[i % ADVOCATES].code);
    await sandbox("/__sandbox/webhooks/drop", { dropRate: 0 });
    // A paid order of which Shopify sends nothing at all.
    await drop([{ topic: "orders/create" }, { topic: "orders/paid" }]);
    const silent = await checkout("silent@example.com", advocates[0].code);
    // A paid order, then its full refund, lost.
    const refunded = await checkout("refunded@example.com", advocates[1].code);
    await settle();
    await drop([{ topic: "refunds/create" }]);
    await sandbox("/__sandbox/orders/refund", { shop: stack.shop, orderId: refunded.id });
    // A paid order, then its cancellation (and the refund that comes with it), lost.
    const cancelled = await checkout("cancelled@example.com", advocates[2].code);
    await settle();
    await drop([{ topic: "refunds/create" }, { topic: "orders/cancelled" }]);
    await sandbox("/__sandbox/orders/cancel", { shop: stack.shop, orderId: cancelled.id });
    await settle();

    const outbox = (await sandbox<{ messages: OutboxMessage[] }>(`/__sandbox/outbox?shop=${stack.shop}`)).messages;
    const dropped = outbox.filter((m) => m.state === "dropped");
    expect(dropped.map((m) => m.topic)).toEqual(expect.arrayContaining(["orders/paid", "refunds/create", "orders/cancelled"]));
    expect(outbox.filter((m) => m.state !== "dropped" && m.state !== "delivered")).toEqual([]);

    // Before reconciliation the app does not know: no referral for the silent order, the
    // refunded one not refunded, the cancelled one not cancelled.
    const before = await ledger();
    expect(before.has(silent.id)).toBe(false);
    expect(before.get(refunded.id)?.refundedMinor).toBe(0n);
    expect(before.get(cancelled.id)?.status).not.toBe("cancelled");

    await reconcile();
    const orders = (await sandbox<{ orders: SandboxOrderJson[] }>(`/__sandbox/orders?shop=${stack.shop}`)).orders;
    expect(orders).toHaveLength(PLAIN_ORDERS + 3);
    const after = await ledger();
    const expectEveryReferralAsItsOrderSays = (view: typeof after) => {
      for (const order of orders) {
        const referral = view.get(order.id);
        expect(referral, `referral for ${order.id}`).toBeDefined();
        const refundedMinor = order.refunds.reduce((s, r) => s + r.amountMinor, 0);
        expect(referral!.refundedMinor, order.id).toBe(BigInt(refundedMinor));
        if (order.cancelledAt) expect(referral!.status, order.id).toBe("cancelled");
        else expect(referral!.status, order.id).toBe("qualified");
        const advocateRewards = referral!.rewards.filter((r) => r.startsWith("advocate:"));
        expect(advocateRewards, order.id).toHaveLength(1);
        // Held for the refund window: pending while the order stands, cancelled once refunded or cancelled.
        const gone = order.cancelledAt != null || refundedMinor >= order.totalMinor;
        expect(advocateRewards[0], order.id).toMatch(gone ? /:cancelled:/ : /:(pending|held):/);
      }
    };
    expectEveryReferralAsItsOrderSays(after);
    const state = await stack.db.prisma.orderReconciliation.findUniqueOrThrow({ where: { shopId: stack.shop } });
    expect(state.totalRecorded).toBeGreaterThanOrEqual(4); // at least the silent order, two refunds and a cancellation
    expect(state.lastError).toBeNull();

    // A second pass (the shop's next run) finds nothing new.
    await enqueue(stack.db.prisma, reconcileShopOrdersJob, { shop: stack.shop, settleMs: 0, pageSize: 4 });
    await stack.drainJobs();
    expect((await stack.db.prisma.orderReconciliation.findUniqueOrThrow({ where: { shopId: stack.shop } })).lastRecorded).toBe(0);

    // The lost deliveries arrive after all (a day late, say): 200, and nothing changes.
    for (const message of dropped) {
      const res = await stack.deliver({ topic: message.topic, payload: message.body, webhookId: message.webhookId });
      expect(res.status).toBe(200);
    }
    await stack.drainJobs();
    expect(await ledger()).toEqual(after);

    // The hold ends: every standing referral's advocate is credited once, and only those.
    await sandbox("/__sandbox/clock", { advance: "15d" });
    await enqueue(stack.db.prisma, releaseHeldRewardsJob, {});
    await settle();
    const final = await ledger();
    const credits = (await sandbox<{ storeCreditAccounts: { customerId: string; transactions: { kind: string; amount: string }[] }[] }>(`/__sandbox/state?shop=${stack.shop}`)).storeCreditAccounts;
    for (const advocate of advocates) {
      const codeOrders = orders.filter((o) => o.discounts.some((d) => d.code.toUpperCase() === advocate.code.toUpperCase()));
      const standing = codeOrders.filter((o) => !o.cancelledAt && o.refunds.reduce((s, r) => s + r.amountMinor, 0) < o.totalMinor);
      const issued = codeOrders.flatMap((o) => final.get(o.id)!.rewards.filter((r) => r.startsWith("advocate:") && r.includes(":issued:")));
      expect(issued, advocate.code).toHaveLength(standing.length);
      const sandboxCredits = credits.filter((a) => a.customerId === advocate.gid).flatMap((a) => a.transactions.filter((t) => t.kind === "CREDIT"));
      expect(sandboxCredits, advocate.code).toHaveLength(standing.length);
    }
  });

  it("queues no second run for a shop whose last run has not started yet", async () => {
    const queued = () => stack.db.prisma.job.count({ where: { name: reconcileShopOrdersJob.name, status: "queued", shopId: stack.shop } });
    const sweep = async () => {
      // A sweep, run by a worker that takes nothing else: the shop's own runs stay queued.
      const job = await enqueue(stack.db.prisma, reconcileAllShopsJob, { settleMs: 0, everyMs: 1 });
      await runWorker({ db: stack.db.prisma, jobs: createJobRegistry([reconcileAllShopsJob]), concurrency: 1, pollMs: 5, signal: AbortSignal.timeout(1_500) });
      expect((await stack.db.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("succeeded");
    };
    await sweep();
    expect(await queued()).toBe(1);
    // A later slot (every 1 ms): the run of the first is still waiting, so none is added.
    await new Promise((r) => setTimeout(r, 5));
    await sweep();
    expect(await queued()).toBe(1);
    // Once it has run, the next sweep queues the next.
    await stack.drainJobs();
    expect(await queued()).toBe(0);
    await sweep();
    expect(await queued()).toBe(1);
    await stack.drainJobs();
  });
});
