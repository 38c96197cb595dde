// The advocate's page over real HTTP against the built app, as staff read it: a balance read
// from Shopify always ends in an answer (the balance or a plain error), never a wait for a read
// no job will make; referrals by the order's name (#1001), whether its webhooks came or
// reconciliation read it back, with its subtotal as Review shows it; what each reward paid
// and, for the others, their state in words; a goodwill amount of zero or less refused with
// that reason. Advocates ask for their link through the app proxy; friends buy with the
// advocate's code in the sandbox checkout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueue } from "../../app/jobs/queue.server";
import { reconcileAllShopsJob } from "../../app/webhooks/reconcile-orders.job.server";
import type { Stack } from "../helpers/stack";
import { customerAdvocate, sandboxCheckout, startStaffToolsStack } from "../helpers/staff-tools";
import { activateProgram, BASE_CONFIG } from "../pipeline/pipeline-fixtures";
import { adminRequest } from "../program/admin-http";

const SHOP_B = "advocate-page-other.myshopify.com";
const ROUTE = "routes/app.advocates_.$id";

interface PageData {
  balance: { readAt: string | null; requestedAt: string | null; reading: boolean; problem: string | null; balances: { currency: string; minor: string }[] };
  referrals: { order: string | null; orderSubtotal: { minor: string; currency: string } | null }[];
  rewards: { kind: string; status: string; amountMinor: string; paidMinor: string | null; state: string }[];
}

describe(`the advocate page (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStaffToolsStack(SHOP_B);
  });
  afterAll(async () => stack?.stop());

  const post = <T>(advocateId: string, form: Record<string, string>) => adminRequest<T>(stack.app.url, { shop: stack.shop, path: `/app/advocates/${advocateId}`, route: ROUTE, form });
  const load = async (advocateId: string) => {
    const page = await adminRequest<PageData>(stack.app.url, { shop: stack.shop, path: `/app/advocates/${advocateId}`, route: ROUTE });
    expect(page.status).toBe(200);
    return page.data!;
  };
  const sandboxPost = (path: string, body: Record<string, unknown>) =>
    fetch(`${stack.sandbox.url}/__sandbox/${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ shop: stack.shop, ...body }) });

  it("a second read of the balance in the same minute ends in the answer, not in a wait for a read no job makes", async () => {
    const ada = await customerAdvocate(stack, "ada.balance@example.com");
    // Both clicks in one minute (the read's job is one a minute); a minute turning in between would prove nothing.
    for (let tries = 0; tries < 5; tries++) {
      const minute = Math.floor(Date.now() / 60_000);
      expect((await post(ada.id, { intent: "read-balance" })).status).toBe(200);
      await stack.drainJobs();
      expect((await post(ada.id, { intent: "read-balance" })).status).toBe(200);
      if (Math.floor(Date.now() / 60_000) === minute) break;
    }
    await stack.drainJobs();
    const { balance } = await load(ada.id);
    expect(balance.problem).toBeNull();
    expect(balance.balances).toEqual([]);
    // The page waits while requestedAt is after readAt: the answer must come after the last request.
    expect(Date.parse(balance.readAt!)).toBeGreaterThanOrEqual(Date.parse(balance.requestedAt!));
    expect(balance.reading).toBe(false);
  }, 120_000);

  it("a read Shopify fails every time ends in a plain error on the page", async () => {
    const cy = await customerAdvocate(stack, "cy.balance@example.com");
    expect((await sandboxPost("faults", { kind: "http500", count: 1000, match: "ReadCustomerCredit" })).status).toBe(200);
    try {
      expect((await post(cy.id, { intent: "read-balance" })).status).toBe(200);
      expect((await load(cy.id)).balance.reading).toBe(true);
      await stack.drainJobs();
    } finally {
      await sandboxPost("faults", { clear: true });
    }
    const { balance } = await load(cy.id);
    expect(balance.reading).toBe(false);
    expect(balance.problem).toBe("Shopify did not answer. Try again in a few minutes.");
    expect(Date.parse(balance.readAt!)).toBeGreaterThanOrEqual(Date.parse(balance.requestedAt!));
  }, 180_000);

  it("lists referrals by the order's name, from its webhooks or from reconciliation when they never came", async () => {
    const dee = await customerAdvocate(stack, "dee.orders@example.com");
    const delivered = await sandboxCheckout(stack, "eve.orders@example.com", { discountCode: dee.code });
    // Shopify never delivers the next order's webhooks: reconciliation reads it back.
    const drop = await sandboxPost("webhooks/drop", { next: ["orders/create", "orders/paid"].map((topic) => ({ topic, count: 1, shop: stack.shop })) });
    expect(drop.status).toBe(200);
    const missed = await sandboxCheckout(stack, "fay.orders@example.com", { discountCode: dee.code });
    expect(await stack.db.prisma.referral.count({ where: { shopId: stack.shop, orderGid: missed.id } })).toBe(0);
    await enqueue(stack.db.prisma, reconcileAllShopsJob, { settleMs: 0 });
    await stack.drainJobs();
    await stack.drainJobs();
    const page = await load(dee.id);
    expect(page.referrals.map((r) => r.order).sort()).toEqual([delivered.name, missed.name].sort());
    expect(delivered.name).toMatch(/^#\d+$/);
  }, 120_000);

  it("shows what each reward paid, and says in words why the others paid nothing yet", async () => {
    const fay = await customerAdvocate(stack, "fay.rewards@example.com");
    await activateProgram(stack.db.prisma, stack.shop, { ...BASE_CONFIG, advocateReward: { ...BASE_CONFIG.advocateReward, holdDays: 14 } });
    try {
      await sandboxCheckout(stack, "gus.rewards@example.com", { discountCode: fay.code });
      const refunded = await sandboxCheckout(stack, "hal.rewards@example.com", { discountCode: fay.code });
      expect((await sandboxPost("orders/refund", { orderId: refunded.id })).status).toBe(200);
      await sandboxPost("outbox/settle", { timeoutMs: 30_000 });
      await stack.drainJobs();
    } finally {
      await activateProgram(stack.db.prisma, stack.shop, BASE_CONFIG);
    }
    expect((await post(fay.id, { intent: "goodwill", kind: "store_credit", amount: "5", reason: "Late parcel", formKey: "goodwill-fay-01" })).status).toBe(200);
    await stack.drainJobs();

    const held = await stack.db.prisma.reward.findFirstOrThrow({ where: { shopId: stack.shop, status: "held", recipient: "advocate", referral: { advocateId: fay.id } } });
    const { rewards } = await load(fay.id);
    const byStatus = Object.fromEntries(rewards.map((r) => [r.status, r]));
    expect(Object.keys(byStatus).sort()).toEqual(["cancelled", "held", "issued"]);
    expect(byStatus.issued).toMatchObject({ kind: "goodwill_credit", amountMinor: "500", paidMinor: "500", state: "Paid" });
    expect(byStatus.held).toMatchObject({ amountMinor: "1500", paidMinor: null, state: `Held until ${held.holdUntil!.toISOString().slice(0, 10)}` });
    expect(byStatus.cancelled).toMatchObject({ paidMinor: null, state: "Cancelled, never paid" });
  }, 180_000);

  it("shows each referral's order subtotal, the amount Review shows for it", async () => {
    const gil = await customerAdvocate(stack, "gil.subtotal@example.com");
    const order = await sandboxCheckout(stack, "hana.subtotal@example.com", { discountCode: gil.code });
    const referral = await stack.db.prisma.referral.findFirstOrThrow({ where: { shopId: stack.shop, orderGid: order.id } });
    // The $80.00 scarf less the code's $10.00 is $70.00, the order $75.00 with shipping: the
    // rewards are computed on the subtotal.
    expect([referral.orderSubtotalMinor, referral.orderTotalMinor]).toEqual([7000n, 7500n]);
    const page = await load(gil.id);
    expect(page.referrals.map((r) => r.orderSubtotal)).toEqual([{ minor: "7000", currency: "USD" }]);
    const review = await adminRequest<{ review: { orderSubtotalMinor: string; orderCurrency: string } }>(stack.app.url, { shop: stack.shop, path: `/app/review/${referral.id}`, route: "routes/app.review_.$id" });
    expect({ minor: review.data!.review.orderSubtotalMinor, currency: review.data!.review.orderCurrency }).toEqual(page.referrals[0].orderSubtotal);
  }, 120_000);

  it("refuses a goodwill amount of zero or less by saying it must be more than zero", async () => {
    const ian = await customerAdvocate(stack, "ian.goodwill@example.com");
    const give = (amount: string) => post<{ error: string }>(ian.id, { intent: "goodwill", kind: "store_credit", amount, reason: "Late parcel", formKey: "goodwill-ian-01" });
    for (const amount of ["-10", "-10.00", "−10", " -0.50", "0", "0.00", ".0"]) {
      const refused = await give(amount);
      expect(refused.status, amount).toBe(422);
      expect(refused.data?.error, amount).toBe("The goodwill reward must be more than zero.");
    }
    for (const amount of ["ten", "", "10.005", "-", "1234567"]) expect((await give(amount)).data?.error, amount).toBe("Enter an amount like 10.00");
    expect(await stack.db.prisma.reward.count({ where: { shopId: stack.shop, advocateId: ian.id } })).toBe(0);
  });
});
