// The dashboard's numbers after refunds and after the sandbox's clock moved, through the app's
// entry points: advocates ask for their link through the app proxy, friends buy with the
// advocate's code in the sandbox checkout, refunds are made in the sandbox (signed webhooks), the
// jobs run from the registry, and the admin home's loader is read over HTTP.
// Referred revenue is what the shop kept: order totals less refunds, and a referral refunded in
// full (its reward taken back) is neither a referred order nor revenue, in the live days and in
// the rolled-up ones alike. Rewards issued at the app's time (the sandbox's clock, moved 15 days
// ahead as the README's walkthrough does) show on that day.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollupDashboardJob } from "../../app/analytics/jobs.server";
import { enqueue } from "../../app/jobs/queue.server";
import { releaseHeldRewardsJob } from "../../app/rewards/release-held-rewards.job.server";
import { customerAdvocate, sandboxCheckout } from "../helpers/staff-tools";
import { startStack, type Stack } from "../helpers/stack";
import { activateProgram, BASE_CONFIG, issuedInSandbox } from "../pipeline/pipeline-fixtures";
import { adminRequest } from "../program/admin-http";

type Dash = {
  period: { from: string; to: string };
  metrics: { label: string; value: string; help: string }[];
  funnel: { step: string; value: string }[];
  topAdvocates: { code: string; orders: number; revenue: string }[];
  recentReferrals: { advocateCode: string; status: string; orderTotal: string | null }[];
};

const usd = (minor: bigint) => `$${(Number(minor) / 100).toFixed(2)}`;

function harness(get: () => Stack) {
  const sandbox = async (path: string, body: unknown) => {
    const res = await fetch(`${get().sandbox.url}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return res;
  };
  return {
    sandbox,
    home: async (days = 7) => {
      const res = await adminRequest<{ dashboard: Dash | null }>(get().app.url, { shop: get().shop, path: "/app", route: "routes/app._index", query: `days=${days}` });
      expect(res.status).toBe(200);
      return res.data!.dashboard!;
    },
    metric: (d: Dash, label: string) => d.metrics.find((m) => m.label === label)!,
    /** A full refund (no amount) or a partial one, in the sandbox admin; its webhook delivered and jobs run. */
    refund: async (orderId: string, amount?: string) => {
      await sandbox("/__sandbox/orders/refund", { shop: get().shop, orderId, ...(amount ? { amount } : {}) });
      await sandbox("/__sandbox/outbox/settle", { timeoutMs: 30_000 });
      await get().drainJobs();
    },
    /** The recurring rollup job, as it runs every few minutes. */
    rollup: async () => {
      await enqueue(get().db.prisma, rollupDashboardJob, {});
      await get().drainJobs();
    },
    referral: (orderId: string) => get().db.prisma.referral.findFirstOrThrow({ where: { shopId: get().shop, orderGid: orderId }, include: { rewards: true } }),
  };
}

describe(`referred revenue is net of refunds (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  const h = harness(() => stack);
  beforeAll(async () => {
    stack = await startStack();
    await activateProgram(stack.db.prisma, stack.shop, BASE_CONFIG);
  });
  afterAll(async () => stack?.stop());

  it("leaves fully refunded referrals out of orders, revenue, conversion and top advocates, and counts partly refunded ones at what the shop kept", async () => {
    // Ada joined and two friends bought three days ago (days the rollup job settles), two today (counted live).
    await h.sandbox("/__sandbox/clock", { set: new Date(Date.now() - 3 * 86_400_000).toISOString() });
    const ada = await customerAdvocate(stack, "ada.refunds@example.com");
    const oldFull = await sandboxCheckout(stack, "bo.refunds@example.com", { attributes: { _twofold_ref: ada.code } });
    const oldPart = await sandboxCheckout(stack, "cy.refunds@example.com", { attributes: { _twofold_ref: ada.code } });
    await h.sandbox("/__sandbox/clock", { reset: true });
    const newFull = await sandboxCheckout(stack, "di.refunds@example.com", { attributes: { _twofold_ref: ada.code } });
    const kept = await sandboxCheckout(stack, "ed.refunds@example.com", { attributes: { _twofold_ref: ada.code } });
    await h.rollup();
    const referrals = await Promise.all([oldFull, oldPart, newFull, kept].map((o) => h.referral(o.id)));
    expect(referrals.map((r) => r.status)).toEqual(["qualified", "qualified", "qualified", "qualified"]);
    const [total] = referrals.map((r) => r.orderTotalMinor!);
    expect(referrals.every((r) => r.orderTotalMinor === total)).toBe(true);
    const before = await h.home();
    expect([h.metric(before, "Referred orders").value, h.metric(before, "Referred revenue").value]).toEqual(["4", usd(4n * total)]);

    // Bo's and Di's orders are refunded in full, Cy's by $10.00.
    await h.refund(oldFull.id);
    await h.refund(newFull.id);
    await h.refund(oldPart.id, "10.00");
    expect((await h.referral(oldFull.id)).rewards.find((r) => r.recipient === "advocate")?.status).toBe("reversed");
    await h.rollup();

    const after = await h.home();
    const net = total - 1000n + total;
    expect(h.metric(after, "Referred orders").value).toBe("2");
    expect(h.metric(after, "Referred revenue").value).toBe(usd(net));
    expect(h.metric(after, "Referred revenue").help).toMatch(/less refunds/);
    expect(h.metric(after, "Average referred order").value).toBe(usd(net / 2n));
    // Two of the four claims ended in an order the shop kept.
    expect(after.funnel.find((f) => f.step === "Claim → order")?.value).toBe("50%");
    expect(after.topAdvocates.map((a) => [a.code, a.orders, a.revenue])).toEqual([[ada.code, 2, usd(net)]]);
    // ROI is worked out from the same revenue: (revenue − cost) ÷ cost.
    const cost = BigInt(h.metric(after, "Reward cost").value.replace(/[$,.]/g, ""));
    expect(h.metric(after, "ROI").value).toBe(new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 0 }).format(Number(net - cost) / Number(cost)));
    // A referral refunded in full reads as refunded, not qualified, in the recent list.
    const byFriend = after.recentReferrals.map((r) => r.status);
    expect(byFriend).toEqual(["qualified", "refunded", "qualified", "refunded"]); // Ed, Di, then Cy, Bo (newest first)
  });
});

describe(`rewards issued after the sandbox clock moved (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  const h = harness(() => stack);
  beforeAll(async () => {
    stack = await startStack();
    await activateProgram(stack.db.prisma, stack.shop, { ...BASE_CONFIG, advocateReward: { ...BASE_CONFIG.advocateReward, holdDays: 14 } });
  });
  afterAll(async () => {
    await fetch(`${stack?.sandbox.url}/__sandbox/clock`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ reset: true }) }).catch(() => undefined);
    await stack?.stop();
  });

  it("shows store credit issued and taken back at the app's time on the day it was issued", async () => {
    const ada = await customerAdvocate(stack, "ada.clock@example.com");
    await sandboxCheckout(stack, "bo.clock@example.com", { attributes: { _twofold_ref: ada.code } });
    const refunded = await sandboxCheckout(stack, "cy.clock@example.com", { attributes: { _twofold_ref: ada.code } });
    await h.rollup();
    const before = await h.home(30);
    expect(h.metric(before, "Reward cost").help).toContain("$0.00 advocate rewards issued, $30.00 pending");

    // The README's walkthrough: the clock jumps past the 14-day hold and the credits land.
    await h.sandbox("/__sandbox/clock", { advance: "15d" });
    await enqueue(stack.db.prisma, releaseHeldRewardsJob, {});
    await stack.drainJobs();
    await stack.drainJobs();
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(ada.customer.gid)?.map((c) => c.amountMinor)).toEqual([1500, 1500]);
    const sandboxToday = ((await (await fetch(`${stack.sandbox.url}/__sandbox/clock`)).json()) as { now: string }).now.slice(0, 10);

    // The rollup job, as it runs every few minutes, settles the orders' day (15 days back now)
    // and recomputes the live days: the credits count on the day the app's clock issued them.
    await h.rollup();
    const issued = await h.home(30);
    expect(h.metric(issued, "Reward cost").help).toContain("$30.00 advocate rewards issued, $0.00 pending");
    expect(issued.period.to).toBe(sandboxToday);

    // Cy's order is refunded in full at the sandbox's time: her credit is taken back.
    await h.refund(refunded.id);
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).debits.get(ada.customer.gid)?.map((c) => c.amountMinor)).toEqual([-1500]);
    await h.rollup();
    const after = await h.home(30);
    expect(h.metric(after, "Reward cost").help).toContain("$15.00 advocate rewards issued, $0.00 pending");
    expect(h.metric(after, "Referred orders").value).toBe("1");
    // The 7 days ending on the app's today hold the issuance, not the orders placed 15 days before.
    const week = await h.home(7);
    expect(week.period.to).toBe(sandboxToday);
    expect([h.metric(week, "Referred orders").value, h.metric(week, "Reward cost").help]).toEqual(["0", expect.stringContaining("$15.00 advocate rewards issued")]);
  });
});
