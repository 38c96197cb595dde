// Reconsider over real HTTP against the built app: a friend's second order is rejected ("had
// ordered before"); staff reconsider it (duplicate submissions reopen it once, audited once),
// approve it (duplicate approvals issue the credit once), and the reward is the one of the
// program version in force when the order was placed, not the version active at approval. A
// staff-rejected referral's cancelled rewards come back held. Shop B gets 404 and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderPayload, randomShopifyId } from "../../sandbox/storefront/payloads";
import type { Stack } from "../helpers/stack";
import { customerAdvocate, startStaffToolsStack } from "../helpers/staff-tools";
import { activateProgram, BASE_CONFIG, issuedInSandbox, sandboxCustomer } from "../pipeline/pipeline-fixtures";
import { adminRequest } from "../program/admin-http";

const SHOP_B = "reconsider-other.myshopify.com";
const ROUTE = "routes/app.review_.$id";

describe(`reconsider a referral (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStaffToolsStack(SHOP_B);
  });
  afterAll(async () => stack?.stop());

  const post = <T>(id: string, form: Record<string, string>, shop = stack.shop, userId = "42") => adminRequest<T>(stack.app.url, { shop, path: `/app/review/${id}`, route: ROUTE, form, userId });

  const advocate = (email: string) => customerAdvocate(stack, email);

  async function order(code: string, friend: { id: bigint; email: string }, price: string) {
    const id = randomShopifyId();
    await stack.deliver({ topic: "orders/paid", payload: orderPayload({ id, customer: { id: friend.id, email: friend.email }, noteAttributes: [{ name: "_twofold_ref", value: code }], lineItems: [{ title: "Coat", price }] }) });
    await stack.drainJobs();
    return stack.db.prisma.referral.findFirstOrThrow({ where: { shopId: stack.shop, orderGid: `gid://shopify/Order/${id}` }, include: { rewards: true } });
  }

  let secondOrder = "";

  it("reopens a rejected referral once under duplicate submissions, and issues it once under the order's program version", async () => {
    const ada = await advocate("ada.reconsider@example.com");
    const bo = sandboxCustomer(stack.sandbox.state, stack.shop, "bo.reconsider@example.com");
    const first = await order(ada.code, bo, "80.00");
    expect(first.status).toBe("qualified");
    const second = await order(ada.code, bo, "60.00");
    secondOrder = second.id;
    expect(second.status).toBe("rejected");
    expect(second.rewards).toEqual([]);
    // The merchant raises the reward after the order: the reconsidered referral keeps its version's.
    await activateProgram(stack.db.prisma, stack.shop, { ...BASE_CONFIG, advocateReward: { ...BASE_CONFIG.advocateReward, amountMinor: 4000 } });

    expect((await post(second.id, { intent: "reconsider", reason: "" })).status).toBe(422);
    const tries = await Promise.all([1, 2, 3].map(() => post<{ done: string }>(second.id, { intent: "reconsider", reason: "Bo's first order was a gift card" }, stack.shop, "7")));
    expect(tries.map((t) => t.status)).toEqual([200, 200, 200]);
    expect(tries.filter((t) => t.data?.done === "reopened for review")).toHaveLength(1);
    const reopened = await stack.db.prisma.referral.findUniqueOrThrow({ where: { id: second.id }, include: { rewards: true } });
    expect(reopened.status).toBe("held");
    expect(reopened.rewards.map((r) => [r.recipient, r.status, r.amountMinor]).sort()).toEqual([["advocate", "held", 1500n], ["friend", "held", 1000n]]);
    expect(await stack.db.prisma.auditLog.findMany({ where: { subjectId: second.id, action: "review.reconsidered" } })).toEqual([expect.objectContaining({ actor: "staff:7" })]);

    const approvals = await Promise.all([1, 2].map(() => post<{ done: string }>(second.id, { intent: "approve", reason: "Reconsidered: first order was a gift card" })));
    expect(approvals.map((a) => a.status).sort()).toEqual([200, 409]);
    await stack.drainJobs();
    await stack.drainJobs();
    const credits = issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(ada.customer.gid) ?? [];
    expect(credits.map((c) => c.amountMinor)).toEqual([1500, 1500]);
    const rewards = await stack.db.prisma.reward.findMany({ where: { referralId: second.id } });
    expect(rewards.map((r) => r.status)).toEqual(["issued", "issued"]);
    // A replay after the approval changes nothing.
    expect((await post(second.id, { intent: "reconsider", reason: "Bo's first order was a gift card" })).status).toBe(409);
    expect(await stack.db.prisma.auditLog.count({ where: { subjectId: second.id, action: { startsWith: "review." } } })).toBe(2);
  }, 120_000);

  it("brings a staff-rejected referral's cancelled rewards back held; approval pays them once", async () => {
    const cy = await advocate("cy.reconsider@example.com");
    // The merchant holds self-referrals for review (self-referrals held, not rejected).
    await stack.db.prisma.fraudSettings.upsert({ where: { shopId: stack.shop }, create: { shopId: stack.shop, settings: { threshold: 60, rules: { self_referral: { action: "hold" } } } }, update: {} });
    const held = await order(cy.code, { id: cy.customer.id, email: cy.customer.email }, "90.00");
    expect(held.status).toBe("held");
    expect((await post(held.id, { intent: "reject", reason: "Looks like their own order" })).status).toBe(200);
    expect((await stack.db.prisma.reward.findMany({ where: { referralId: held.id } })).map((r) => r.status)).toEqual(["cancelled", "cancelled"]);
    expect((await post(held.id, { intent: "reconsider", reason: "Household order, allowed" })).data).toMatchObject({ done: "reopened for review" });
    const rewards = await stack.db.prisma.reward.findMany({ where: { referralId: held.id }, include: { transitions: { orderBy: { createdAt: "asc" } } } });
    expect(rewards.map((r) => [r.status, r.transitions.at(-1)!.actor, r.transitions.at(-1)!.fromStatus])).toEqual([["held", "staff:42", "cancelled"], ["held", "staff:42", "cancelled"]]);
    expect((await post(held.id, { intent: "approve", reason: "Household order, allowed" })).status).toBe(200);
    await stack.drainJobs();
    expect((issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(cy.customer.gid) ?? []).map((c) => c.amountMinor)).toEqual([4000]);
  }, 120_000);

  it("refuses another shop's referral with 404 and changes nothing; refuses a referral that is not rejected", async () => {
    const before = await stack.db.prisma.referral.findUniqueOrThrow({ where: { id: secondOrder } });
    const other = await post(secondOrder, { intent: "reconsider", reason: "not my shop" }, SHOP_B);
    expect(other.status).toBe(404);
    const after = await stack.db.prisma.referral.findUniqueOrThrow({ where: { id: secondOrder } });
    expect(after.status).toBe(before.status);
    expect(await stack.db.prisma.auditLog.count({ where: { shopId: SHOP_B } })).toBe(0);
    const refused = await post<{ error: string }>(secondOrder, { intent: "reconsider", reason: "again" });
    expect(refused.status).toBe(409);
  });
});
