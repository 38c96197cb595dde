// Milestone bonuses end to end: signed orders/paid webhooks → the pipeline issues each
// referral's reward → the advocate's Nth successful referral pays the configured bonus through
// the ledger, exactly once per (advocate, milestone) however often the check runs, kept after a
// later refund, and paid as a customer-bound code when the program pays advocates in codes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueue } from "../../app/jobs/queue.server";
import { awardMilestones } from "../../app/rewards/award-milestones.server";
import { awardMilestonesJob } from "../../app/rewards/award-milestones.job.server";
import { orderPayload, randomShopifyId, refundPayload } from "../../sandbox/storefront/payloads";
import { startStack, type Stack } from "../helpers/stack";
import { activateProgram, BASE_CONFIG, createAdvocate, issuedInSandbox, sandboxCustomer } from "../pipeline/pipeline-fixtures";

const MILESTONES = [
  { referrals: 2, bonusMinor: 500 },
  { referrals: 3, bonusMinor: 2000 },
];

describe(`milestone bonuses (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    await activateProgram(stack.db.prisma, stack.shop, { ...BASE_CONFIG, milestones: MILESTONES });
  });
  afterAll(async () => stack?.stop());

  let n = 0;
  async function referredOrder(code: string) {
    const friend = sandboxCustomer(stack.sandbox.state, stack.shop, `friend${++n}@example.com`);
    const id = randomShopifyId();
    const order = orderPayload({ id, customer: { id: friend.id, email: friend.email }, noteAttributes: [{ name: "_twofold_ref", value: code }], lineItems: [{ title: "Lamp", price: "80.00" }] });
    const first = await stack.deliver({ topic: "orders/paid", payload: order });
    expect(first.status).toBe(200);
    await stack.deliver({ topic: "orders/paid", payload: order, webhookId: first.webhookId }); // Shopify's retry
    return { id, order };
  }
  const milestoneRewards = (customerGid: string) =>
    stack.db.prisma.reward.findMany({ where: { customerGid, kind: { startsWith: "milestone" } }, orderBy: { amountMinor: "asc" } });

  it("pays each milestone once, at the Nth successful referral, through the sandbox", async () => {
    const advocate = sandboxCustomer(stack.sandbox.state, stack.shop, "maya@example.com");
    const row = await createAdvocate(stack.db.prisma, stack.shop, "MAYA", advocate);
    await referredOrder("MAYA");
    await stack.drainJobs();
    expect(await milestoneRewards(advocate.gid)).toEqual([]);
    const second = await referredOrder("MAYA");
    await stack.drainJobs();
    const third = await referredOrder("MAYA");
    await stack.drainJobs();

    const bonuses = await milestoneRewards(advocate.gid);
    expect(bonuses.map((r) => [r.kind, r.status, r.amountMinor, r.idempotencyKey])).toEqual([
      ["milestone_credit", "issued", 500n, `${stack.shop}:milestone:${row.id}:2`],
      ["milestone_credit", "issued", 2000n, `${stack.shop}:milestone:${row.id}:3`],
    ]);
    // Each hangs off the referral that reached it.
    const referralOf = async (orderId: bigint) => (await stack.db.prisma.referral.findFirstOrThrow({ where: { orderGid: `gid://shopify/Order/${orderId}` } })).id;
    expect(bonuses.map((b) => b.referralId)).toEqual([await referralOf(second.id), await referralOf(third.id)]);
    const credits = issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(advocate.gid)!;
    expect(credits.map((c) => c.amountMinor).sort((a, b) => a - b)).toEqual([500, 1500, 1500, 1500, 2000]);
    expect(bonuses.map((b) => b.shopifyRef).every((ref) => credits.some((c) => c.id === ref))).toBe(true);
    const audit = await stack.db.prisma.auditLog.findMany({ where: { action: "milestone.reached", subjectId: row.id } });
    expect(audit.map((a) => (a.data as { referrals: number }).referrals).sort()).toEqual([2, 3]);
    const emails = await stack.db.prisma.sentEmail.findMany({ where: { kind: "milestone", advocateId: row.id } });
    expect(emails.map((e) => e.dedupeKey).sort()).toEqual([`milestone:${row.id}:2`, `milestone:${row.id}:3`]);

    // The check again, concurrently and as a queued job: nothing more is created or paid.
    const again = await Promise.all([1, 2, 3].map(() => awardMilestones(stack.db.prisma, stack.shop, row.id)));
    expect(again.flat()).toEqual([]);
    await enqueue(stack.db.prisma, awardMilestonesJob, { shopId: stack.shop, advocateId: row.id }, { shopId: stack.shop, uniqueKey: "milestones:test-rerun" });
    await stack.drainJobs();
    expect(await milestoneRewards(advocate.gid)).toHaveLength(2);
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(advocate.gid)).toHaveLength(5);

    // A refund takes back that referral's reward, not the bonus; reaching 3 again pays nothing new.
    await stack.deliver({ topic: "refunds/create", payload: refundPayload({ orderId: third.id, amount: "80.00" }) });
    await stack.drainJobs();
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).balances.get(advocate.gid)).toBe(1500 * 2 + 500 + 2000);
    await referredOrder("MAYA");
    await stack.drainJobs();
    expect(await milestoneRewards(advocate.gid)).toHaveLength(2);
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).balances.get(advocate.gid)).toBe(1500 * 3 + 500 + 2000);
  });

  it("a second advocate has milestones of their own; a program paying codes pays the bonus as a code bound to the advocate", async () => {
    await activateProgram(stack.db.prisma, stack.shop, { ...BASE_CONFIG, advocateReward: { ...BASE_CONFIG.advocateReward, kind: "discount_code" }, milestones: [{ referrals: 2, bonusMinor: 700 }] });
    const advocate = sandboxCustomer(stack.sandbox.state, stack.shop, "noor@example.com");
    await createAdvocate(stack.db.prisma, stack.shop, "NOOR", advocate);
    await referredOrder("NOOR");
    await referredOrder("NOOR");
    await stack.drainJobs();
    const bonuses = await milestoneRewards(advocate.gid);
    expect(bonuses.map((r) => [r.kind, r.status, r.amountMinor])).toEqual([["milestone_code", "issued", 700n]]);
    const codes = [...issuedInSandbox(stack.sandbox.state, stack.shop).codes.values()].filter((c) => c.customerIds.includes(advocate.gid));
    // Two referral codes and one bonus code, each bound to the advocate alone.
    expect(codes).toHaveLength(3);
    expect(codes.every((c) => c.customerIds.length === 1)).toBe(true);
    const bonusCode = codes.find((c) => c.code === bonuses[0].discountCode)!;
    const discount = stack.sandbox.state.shops.get(stack.shop)!.discounts.get(bonusCode.id)!;
    expect(JSON.stringify(discount.input.customerGets)).toContain('"amount":"7.00"');
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(advocate.gid)).toBeUndefined();
  });
});
