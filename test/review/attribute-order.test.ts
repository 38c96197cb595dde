// Manual attribution over real HTTP against the built app: a friend's order placed in the
// sandbox checkout without the advocate's link is not referred; staff attribute it on the
// advocate's page by its number. Three simultaneous submissions make one referral, one audit
// entry and one credit, of the program version in force when the order was placed; the review
// timeline says who did it. Refusals: unknown, cancelled, taken orders, bad input, and shop B.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "../helpers/stack";
import { customerAdvocate, sandboxCheckout, startStaffToolsStack } from "../helpers/staff-tools";
import { activateProgram, BASE_CONFIG, issuedInSandbox } from "../pipeline/pipeline-fixtures";
import { adminRequest } from "../program/admin-http";

const SHOP_B = "attribute-other.myshopify.com";
const ROUTE = "routes/app.advocates_.$id";

describe(`attribute an order by hand (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStaffToolsStack(SHOP_B);
  });
  afterAll(async () => stack?.stop());

  const post = <T>(advocateId: string, form: Record<string, string>, shop = stack.shop, userId = "42") => adminRequest<T>(stack.app.url, { shop, path: `/app/advocates/${advocateId}`, route: ROUTE, form, userId });

  const advocate = (email: string) => customerAdvocate(stack, email);
  const checkout = (email: string) => sandboxCheckout(stack, email);

  let ada: Awaited<ReturnType<typeof advocate>>;
  let order: { id: string; name: string };

  it("attributes a paid order once under duplicate submissions, under the order's program version, and says who did it", async () => {
    ada = await advocate("ada.attr@example.com");
    order = await checkout("bo.attr@example.com");
    // The webhooks arrived; without the link the order is nobody's referral.
    expect(await stack.db.prisma.referral.count({ where: { shopId: stack.shop, orderGid: order.id } })).toBe(0);
    // The merchant raises the reward after the order was placed.
    await activateProgram(stack.db.prisma, stack.shop, { ...BASE_CONFIG, advocateReward: { ...BASE_CONFIG.advocateReward, amountMinor: 4000 } });

    expect((await post(ada.id, { intent: "attribute", order: order.name, reason: "" })).status).toBe(422);
    const tries = await Promise.all([1, 2, 3].map(() => post<{ done: string; changed: boolean; orderName: string }>(ada.id, { intent: "attribute", order: order.name, reason: "Bo says Ada's link was lost on mobile" }, stack.shop, "9")));
    expect(tries.map((t) => t.status)).toEqual([200, 200, 200]);
    expect(tries.map((t) => t.data?.changed).sort()).toEqual([false, false, true]);
    expect(tries[0].data?.orderName).toBe(order.name);
    await stack.drainJobs();
    await stack.drainJobs();

    const referrals = await stack.db.prisma.referral.findMany({ where: { shopId: stack.shop, orderGid: order.id }, include: { rewards: true, programVersion: true } });
    expect(referrals).toHaveLength(1);
    expect(referrals[0]).toMatchObject({ advocateId: ada.id, status: "qualified", friendEmail: "bo.attr@example.com", orderSubtotalMinor: 8000n });
    expect(referrals[0].programVersion.version).toBe(1);
    expect(referrals[0].rewards.map((r) => [r.recipient, r.amountMinor, r.status]).sort()).toEqual([["advocate", 1500n, "issued"], ["friend", 1000n, "issued"]]);
    expect((issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(ada.customer.gid) ?? []).map((c) => c.amountMinor)).toEqual([1500]);
    const audit = await stack.db.prisma.auditLog.findMany({ where: { shopId: stack.shop, action: "referral.attributed_by_hand" } });
    expect(audit).toEqual([expect.objectContaining({ actor: "staff:9", subjectId: referrals[0].id })]);
    const detail = await adminRequest<{ review: { orderName: string | null; timeline: { text: string }[] } }>(stack.app.url, { shop: stack.shop, path: `/app/review/${referrals[0].id}`, route: "routes/app.review_.$id" });
    expect(detail.data!.review.timeline).toContainEqual(expect.objectContaining({ text: `Order ${order.name} attributed to this advocate by hand by staff member 9: Bo says Ada's link was lost on mobile` }));
    expect(detail.data!.review.orderName).toBe(order.name);

    // The order's id works as well as its number, and a replay changes nothing.
    const byId = await post<{ changed: boolean }>(ada.id, { intent: "attribute", order: order.id.split("/").pop()!, reason: "again" });
    expect(byId.data).toMatchObject({ changed: false });
    expect(await stack.db.prisma.auditLog.count({ where: { action: "referral.attributed_by_hand" } })).toBe(1);
  }, 180_000);

  it("refuses an order taken by another advocate, an unknown or cancelled order and unreadable input, with reasons", async () => {
    const cy = await advocate("cy.attr@example.com");
    const taken = await post<{ error: string }>(cy.id, { intent: "attribute", order: order.name, reason: "Cy asks for it" });
    expect(taken.status).toBe(409);
    expect(taken.data?.error).toBe(`Order ${order.name} is already attributed to advocate ${ada.code}.`);
    const unknown = await post<{ error: string }>(cy.id, { intent: "attribute", order: "#98765", reason: "typo" });
    expect(unknown.status).toBe(404);
    expect(unknown.data?.error).toBe("Shopify has no order #98765 in this store.");
    expect((await post(cy.id, { intent: "attribute", order: "not an order!", reason: "typo" })).status).toBe(422);
    const cancelledOrder = await checkout("di.attr@example.com");
    await fetch(`${stack.sandbox.url}/__sandbox/orders/cancel`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ shop: stack.shop, orderId: cancelledOrder.id }) });
    const cancelled = await post<{ error: string }>(cy.id, { intent: "attribute", order: cancelledOrder.name, reason: "Di asks" });
    expect(cancelled.status).toBe(409);
    expect(cancelled.data?.error).toContain("is cancelled");
    expect(await stack.db.prisma.referral.count({ where: { advocateId: cy.id } })).toBe(0);
    expect(await stack.db.prisma.auditLog.count({ where: { action: "referral.attributed_by_hand" } })).toBe(1);
  }, 120_000);

  it("refuses another shop's advocate with 404, and a shop cannot reach another shop's orders", async () => {
    const fresh = await checkout("ed.attr@example.com");
    const other = await post(ada.id, { intent: "attribute", order: fresh.name, reason: "not my shop" }, SHOP_B);
    expect(other.status).toBe(404);
    expect(await stack.db.prisma.referral.count({ where: { orderGid: fresh.id } })).toBe(0);
    expect(await stack.db.prisma.auditLog.count({ where: { shopId: SHOP_B } })).toBe(0);
  });
});
