// Move and merge over real HTTP against the built app. Advocates ask for their link through the
// app proxy; friends buy with the advocate's code in the sandbox checkout. Move: a paid reward
// stays with the advocate (its referral too), a held one moves with its referral to the customer
// staff name (made an advocate on the way) and is paid there, once, when the hold ends;
// simultaneous submissions of one form move once, with one audit entry. Merge: one advocate into
// another picked by code; the merged code still works at checkout and attributes to the standing
// advocate, and what the merged advocate owed is the standing one's; a replay changes nothing. Shop B's staff get 404 for shop A's advocates.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueue } from "../../app/jobs/queue.server";
import { releaseHeldRewardsJob } from "../../app/rewards/release-held-rewards.job.server";
import type { Stack } from "../helpers/stack";
import { customerAdvocate, sandboxCheckout, startStaffToolsStack } from "../helpers/staff-tools";
import { activateProgram, BASE_CONFIG, issuedInSandbox, sandboxCustomer } from "../pipeline/pipeline-fixtures";
import { adminRequest } from "../program/admin-http";

const SHOP_B = "move-other.myshopify.com";
const ROUTE = "routes/app.advocates_.$id";
type MoveData = { done: string; changed: boolean; target: { id: string; code: string }; referralsMoved: number; rewardsMoved: number; referralsKept: number };
type MergeData = { done: string; changed: boolean; into: { id: string; code: string } };

describe(`move and merge advocates (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStaffToolsStack(SHOP_B);
  });
  afterAll(async () => stack?.stop());

  const post = <T>(advocateId: string, form: Record<string, string>, shop = stack.shop, userId = "42") => adminRequest<T>(stack.app.url, { shop, path: `/app/advocates/${advocateId}`, route: ROUTE, form, userId });
  const credits = (gid: string) => (issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(gid) ?? []).map((c) => c.amountMinor);
  const referralOf = (orderGid: string) => stack.db.prisma.referral.findFirstOrThrow({ where: { shopId: stack.shop, orderGid }, include: { rewards: true } });
  async function endHolds() {
    const res = await fetch(`${stack.sandbox.url}/__sandbox/clock`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ advance: "15d" }) });
    expect(res.status).toBe(200);
    await enqueue(stack.db.prisma, releaseHeldRewardsJob, {});
    await stack.drainJobs();
    await stack.drainJobs();
  }

  let ada: Awaited<ReturnType<typeof customerAdvocate>>;

  it("moves the referrals and unpaid rewards to another customer once; the paid one stays; the held one is paid to the new customer once", async () => {
    ada = await customerAdvocate(stack, "ada.move@example.com");
    // Paid at once under the first version (no hold)...
    const paid = await sandboxCheckout(stack, "bo.move@example.com", { discountCode: ada.code });
    expect((await referralOf(paid.id)).rewards.find((r) => r.recipient === "advocate")?.status).toBe("issued");
    // ...held for 14 days under the second.
    await activateProgram(stack.db.prisma, stack.shop, { ...BASE_CONFIG, advocateReward: { ...BASE_CONFIG.advocateReward, holdDays: 14 } });
    const held = await sandboxCheckout(stack, "cy.move@example.com", { discountCode: ada.code });
    const heldBefore = await referralOf(held.id);
    expect(heldBefore.advocateId).toBe(ada.id);
    expect(heldBefore.rewards.find((r) => r.recipient === "advocate")).toMatchObject({ status: "held", customerGid: ada.customer.gid });
    const friendReward = heldBefore.rewards.find((r) => r.recipient === "friend")!;
    expect(credits(ada.customer.gid)).toEqual([1500]);

    // A goodwill credit Ada was already paid stays hers too.
    expect((await post<{ changed: boolean }>(ada.id, { intent: "goodwill", kind: "store_credit", amount: "5", reason: "Late parcel", formKey: "goodwill-ada-01" })).data).toMatchObject({ changed: true });
    await stack.drainJobs();
    expect(credits(ada.customer.gid)).toEqual([1500, 500]);

    // Ada's new account: a customer of the shop, not an advocate yet.
    const newAccount = sandboxCustomer(stack.sandbox.state, stack.shop, "ada.new@example.com");
    const form = { intent: "move", customer: "ada.new@example.com", reason: "Ada moved to her new account", formKey: "move-form-0001" };
    expect((await post(ada.id, { ...form, reason: "" })).status).toBe(422);
    expect((await post(ada.id, { ...form, customer: "not a customer" })).status).toBe(422);
    const unknown = await post<{ error: string }>(ada.id, { ...form, customer: "nobody@example.com", formKey: "move-form-0000" });
    expect(unknown.status).toBe(404);
    expect(unknown.data?.error).toBe("Shopify has no customer nobody@example.com in this store.");

    const tries = await Promise.all([1, 2, 3].map(() => post<MoveData>(ada.id, form, stack.shop, "8")));
    expect(tries.map((t) => t.status)).toEqual([200, 200, 200]);
    expect(tries.map((t) => t.data?.changed).sort()).toEqual([false, false, true]);
    const done = tries.find((t) => t.data?.changed)!.data!;
    expect(done).toMatchObject({ referralsMoved: 1, rewardsMoved: 1, referralsKept: 1 });
    const target = await stack.db.prisma.advocate.findFirstOrThrow({ where: { shopId: stack.shop, customerGid: newAccount.gid } });
    expect(done.target).toEqual({ id: target.id, code: target.code, customerGid: newAccount.gid });
    expect(target.status).toBe("active");

    // The paid referral and its reward stay with Ada; the held one is the new account's.
    const paidAfter = await referralOf(paid.id);
    expect(paidAfter.advocateId).toBe(ada.id);
    expect(paidAfter.rewards.find((r) => r.recipient === "advocate")).toMatchObject({ status: "issued", customerGid: ada.customer.gid });
    expect(await stack.db.prisma.reward.findMany({ where: { kind: "goodwill_credit", advocateId: ada.id } })).toEqual([expect.objectContaining({ status: "issued", customerGid: ada.customer.gid })]);
    const heldAfter = await referralOf(held.id);
    expect(heldAfter.advocateId).toBe(target.id);
    const moved = heldAfter.rewards.find((r) => r.recipient === "advocate")!;
    expect(moved).toMatchObject({ status: "held", customerGid: newAccount.gid });
    // The friend's reward is the friend's: untouched.
    expect(heldAfter.rewards.find((r) => r.id === friendReward.id)).toMatchObject({ status: friendReward.status, customerGid: friendReward.customerGid, discountCode: friendReward.discountCode });
    // Through the ledger: a transition row says who moved it and why.
    const transitions = await stack.db.prisma.rewardTransition.findMany({ where: { rewardId: moved.id }, orderBy: { createdAt: "asc" } });
    expect(transitions.at(-1)).toMatchObject({ fromStatus: "held", toStatus: "held", actor: "staff:8" });
    expect(transitions.at(-1)!.reason).toContain("Ada moved to her new account");
    const audit = await stack.db.prisma.auditLog.findMany({ where: { shopId: stack.shop, action: "advocate.moved" } });
    expect(audit).toEqual([expect.objectContaining({ actor: "staff:8", subjectId: ada.id })]);
    expect(audit[0].data).toMatchObject({ reason: "Ada moved to her new account", toAdvocateId: target.id, referralsMoved: 1 });

    // A replay later changes nothing either; the new advocate's code is made in Shopify by its jobs.
    expect((await post<MoveData>(ada.id, form)).data).toMatchObject({ changed: false });
    await stack.drainJobs();
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).codes.get(target.code)?.title).toBe(`Twofold referral code ${target.code}`);

    // The hold ends: the moved reward is paid to the new account, once; Ada keeps her one credit.
    await endHolds();
    expect(credits(newAccount.gid)).toEqual([1500]);
    expect(credits(ada.customer.gid)).toEqual([1500, 500]);
    await endHolds();
    expect(credits(newAccount.gid)).toEqual([1500]);
    expect(await stack.db.prisma.auditLog.count({ where: { action: "advocate.moved" } })).toBe(1);
    // Ada's own code still counts for Ada (the move takes past work, not her code).
    const later = await sandboxCheckout(stack, "di.move@example.com", { discountCode: ada.code });
    expect((await referralOf(later.id)).advocateId).toBe(ada.id);
  }, 240_000);

  it("merges an advocate into another picked by code, once; the merged code still works at checkout and counts for the standing advocate", async () => {
    const dee = await customerAdvocate(stack, "dee.old@example.com");
    const eve = await customerAdvocate(stack, "dee.new@example.com");
    // Dee owes $15: her first reward was paid at once, she spent it, then her friend's order was refunded.
    await activateProgram(stack.db.prisma, stack.shop, BASE_CONFIG);
    const refunded = await sandboxCheckout(stack, "hal.merge@example.com", { discountCode: dee.code });
    expect(credits(dee.customer.gid)).toEqual([1500]);
    await sandboxCheckout(stack, dee.customer.email, { customerId: dee.customer.id.toString(), useStoreCredit: true });
    const refund = await fetch(`${stack.sandbox.url}/__sandbox/orders/refund`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ shop: stack.shop, orderId: refunded.id }) });
    expect(refund.status).toBe(200);
    await fetch(`${stack.sandbox.url}/__sandbox/outbox/settle`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ timeoutMs: 30_000 }) });
    await stack.drainJobs();
    const owedPage = (id: string) => adminRequest<{ owed: { currency: string; minor: string }[] }>(stack.app.url, { shop: stack.shop, path: `/app/advocates/${id}`, route: ROUTE });
    expect((await owedPage(dee.id)).data?.owed).toEqual([{ currency: "USD", minor: "1500" }]);
    await activateProgram(stack.db.prisma, stack.shop, { ...BASE_CONFIG, advocateReward: { ...BASE_CONFIG.advocateReward, holdDays: 14 } });
    const before = await sandboxCheckout(stack, "fay.merge@example.com", { discountCode: dee.code });
    expect((await referralOf(before.id)).rewards.find((r) => r.recipient === "advocate")).toMatchObject({ status: "held", customerGid: dee.customer.gid });

    // A goodwill credit Dee was paid: it is the standing advocate's after the merge (one person).
    await post(dee.id, { intent: "goodwill", kind: "store_credit", amount: "5", reason: "Late parcel", formKey: "goodwill-dee-01" });
    await stack.drainJobs();

    expect((await post(dee.id, { intent: "merge", into: eve.code, reason: "" })).status).toBe(422);
    expect((await post<{ error: string }>(dee.id, { intent: "merge", into: "NOSUCHCODE", reason: "Same person" })).status).toBe(404);
    expect((await post(dee.id, { intent: "merge", into: dee.code, reason: "Same person" })).status).toBe(422);
    const form = { intent: "merge", into: eve.code.toLowerCase(), reason: "Dee's two accounts" };
    const tries = await Promise.all([1, 2].map(() => post<MergeData>(dee.id, form, stack.shop, "9")));
    expect(tries.map((t) => t.status)).toEqual([200, 200]);
    expect(tries.map((t) => t.data?.changed).sort()).toEqual([false, true]);
    expect(tries[0].data?.into).toEqual({ id: eve.id, code: eve.code });
    expect((await post<MergeData>(dee.id, form)).data).toMatchObject({ changed: false });
    expect(await stack.db.prisma.auditLog.findMany({ where: { action: "advocate.merged", subjectId: eve.id } })).toEqual([
      expect.objectContaining({ actor: "staff:9", data: expect.objectContaining({ mergedId: dee.id, mergedCode: dee.code, referralsMoved: 2, reason: "Dee's two accounts" }) }),
    ]);
    expect(await stack.db.prisma.advocate.findUniqueOrThrow({ where: { id: dee.id } })).toMatchObject({ status: "merged", mergedIntoId: eve.id });
    // The referral and its unpaid reward are Eve's now, paid to Eve's customer.
    const movedReferral = await referralOf(before.id);
    expect(movedReferral.advocateId).toBe(eve.id);
    expect(movedReferral.rewards.find((r) => r.recipient === "advocate")).toMatchObject({ status: "held", customerGid: eve.customer.gid });
    expect(await stack.db.prisma.reward.findMany({ where: { kind: "goodwill_credit", customerGid: dee.customer.gid } })).toEqual([expect.objectContaining({ status: "issued", advocateId: eve.id })]);
    // What Dee owed is Eve's to settle now.
    expect((await owedPage(eve.id)).data?.owed).toEqual([{ currency: "USD", minor: "1500" }]);
    // The merged advocate's page leads to the standing one.
    const page = await adminRequest(stack.app.url, { shop: stack.shop, path: `/app/advocates/${dee.id}`, route: ROUTE });
    expect(page.redirect).toContain(`/app/advocates/${eve.id}`);

    // A friend types Dee's old code at checkout: Shopify still takes it, and the order is Eve's.
    const after = await sandboxCheckout(stack, "gus.merge@example.com", { discountCode: dee.code });
    const order = issuedInSandbox(stack.sandbox.state, stack.shop);
    expect(order.codes.get(dee.code)).toBeTruthy();
    const referral = await referralOf(after.id);
    expect(referral.advocateId).toBe(eve.id);
    // Both held rewards are Eve's: the first pays off what Dee owed, the second is paid whole.
    await endHolds();
    expect(credits(eve.customer.gid)).toEqual([1500]);
    expect(credits(dee.customer.gid)).toEqual([1500, 500]);
    expect((await owedPage(eve.id)).data?.owed).toEqual([]);
  }, 240_000);

  it("refuses another shop's advocate ids with 404 and changes nothing", async () => {
    const move = await post(ada.id, { intent: "move", customer: "ada.new@example.com", reason: "not my shop", formKey: "move-form-b001" }, SHOP_B);
    expect(move.status).toBe(404);
    const merge = await post(ada.id, { intent: "merge", into: ada.code, reason: "not my shop" }, SHOP_B);
    expect(merge.status).toBe(404);
    expect(await stack.db.prisma.auditLog.count({ where: { shopId: SHOP_B } })).toBe(0);
    expect(await stack.db.prisma.auditLog.count({ where: { action: { in: ["advocate.moved", "advocate.merged"] }, actor: "staff:42" } })).toBe(0);
    // Shop A's staff cannot reach shop B's customers either: Shopify answers for shop A only.
    const { addCustomer } = await import("../../sandbox/admin/state");
    addCustomer(stack.sandbox.state, stack.sandbox.state.shops.get(SHOP_B)!, { id: "880000000000000001", email: "only.in.b@example.com" });
    expect((await post(ada.id, { intent: "move", customer: "only.in.b@example.com", reason: "wrong shop", formKey: "move-form-a002" })).status).toBe(404);
  });
});
