// Shopify Flow triggers end to end: orders/paid and refunds/create deliveries signed by the
// sandbox (each sent several times, as Shopify retries and duplicates them) go through the
// built app and the job registry; the sandbox's Flow records every flowTriggerReceive, checked
// against the app's flow_trigger extensions. Each event reaches Flow exactly once, typed as
// its trigger declares: the referral qualified and its reward issued, a second referral
// flagged for review by the monthly limit (then approved by staff: qualified again, by staff),
// and the first order's full refund reversing the reward.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowTriggerCall } from "../../sandbox/admin/flow";
import { orderPayload, randomShopifyId, refundPayload } from "../../sandbox/storefront/payloads";
import { startStack, type Stack } from "../helpers/stack";
import { sandboxCustomer } from "../pipeline/pipeline-fixtures";
import { adminRequest } from "../program/admin-http";
import { proxyPost, startProgram } from "../storefront/helpers";

describe(`Shopify Flow triggers (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  let advocate: { id: bigint; gid: string; code: string };
  beforeAll(async () => {
    stack = await startStack();
    await startProgram(stack, (c) => ({ ...c, advocateReward: { ...c.advocateReward, holdDays: 0 }, limits: { ...c.limits, maxRewardsPerAdvocatePerMonth: 1, onLimit: "hold_for_review" } }));
    const customer = sandboxCustomer(stack.sandbox.state, stack.shop, "ada.flow@example.com");
    const res = await proxyPost(stack, "/advocate", {}, { customerId: customer.id.toString() });
    expect(res.status).toBe(200);
    advocate = { ...customer, code: ((await res.json()) as { code: string }).code };
    await stack.drainJobs();
  });
  afterAll(async () => stack?.stop());

  const flowCalls = async (): Promise<FlowTriggerCall[]> => {
    const res = await fetch(`${stack.sandbox.url}/__sandbox/flow/triggers?shop=${stack.shop}`);
    return ((await res.json()) as { calls: FlowTriggerCall[] }).calls;
  };
  const byHandle = (calls: FlowTriggerCall[]) => calls.reduce<Record<string, number>>((n, c) => ({ ...n, [c.handle ?? "?"]: (n[c.handle ?? "?"] ?? 0) + 1 }), {});

  async function paidOrder(friendEmail: string) {
    const friend = sandboxCustomer(stack.sandbox.state, stack.shop, friendEmail);
    const id = randomShopifyId();
    const order = orderPayload({ id, customer: { id: friend.id, email: friend.email }, noteAttributes: [{ name: "_twofold_ref", value: advocate.code }], lineItems: [{ title: "Shoes", price: "80.00" }] });
    const first = await stack.deliver({ topic: "orders/paid", payload: order });
    expect(first.status).toBe(200);
    await stack.deliver({ topic: "orders/paid", payload: order, webhookId: first.webhookId }); // Shopify's retry of the delivery
    await stack.deliver({ topic: "orders/paid", payload: order }); // a second delivery of the same event
    await stack.drainJobs();
    return { id, gid: `gid://shopify/Order/${id}`, order };
  }

  it("sends each referral event to Flow once, whatever Shopify delivers twice, typed as the trigger declares", async () => {
    const first = await paidOrder("bo.flow@example.com");
    let calls = await flowCalls();
    expect(byHandle(calls)).toEqual({ "referral-qualified": 1, "advocate-reward-issued": 1 });
    expect(calls.flatMap((c) => c.userErrors)).toEqual([]);
    const referral = await stack.db.prisma.referral.findFirstOrThrow({ where: { shopId: stack.shop, orderGid: first.gid } });
    const reward = await stack.db.prisma.reward.findFirstOrThrow({ where: { referralId: referral.id, recipient: "advocate" } });
    expect(calls.find((c) => c.handle === "referral-qualified")!.payload).toEqual({
      customer_id: advocate.id.toString(), // beyond 2^53: sent as its digits
      order_id: String(first.id),
      "Referral ID": referral.id,
      "Referral code": advocate.code,
      "Order subtotal": 80,
      "Currency code": "USD",
      "Approved by staff": false,
    });
    expect(calls.find((c) => c.handle === "advocate-reward-issued")!.payload).toEqual({
      customer_id: advocate.id.toString(),
      "Reward ID": reward.id,
      "Referral ID": referral.id,
      "Reward source": "referral",
      "Reward type": "store_credit",
      "Reward amount": Number(reward.amountMinor) / 100,
      "Currency code": "USD",
      "Discount code": "",
    });

    // The second referral this month breaks the limit of one: held for review, flagged once.
    const second = await paidOrder("cy.flow@example.com");
    calls = await flowCalls();
    expect(byHandle(calls)).toEqual({ "referral-qualified": 1, "advocate-reward-issued": 1, "referral-flagged-for-review": 1 });
    const held = await stack.db.prisma.referral.findFirstOrThrow({ where: { shopId: stack.shop, orderGid: second.gid } });
    expect(held.status).toBe("held");
    expect(calls.find((c) => c.handle === "referral-flagged-for-review")!.payload).toMatchObject({ order_id: String(second.id), "Referral ID": held.id, "Review reason": "monthly_limit" });

    // Staff approve it (twice: a double click): qualified by staff once, its reward issued once.
    const path = `/app/review/${held.id}`;
    const route = "routes/app.review_.$id";
    for (let i = 0; i < 2; i++) await adminRequest(stack.app.url, { shop: stack.shop, path, route, form: { intent: "approve", reason: "A real friend, checked" }, userId: "7" });
    await stack.drainJobs();
    calls = await flowCalls();
    expect(byHandle(calls)).toEqual({ "referral-qualified": 2, "advocate-reward-issued": 2, "referral-flagged-for-review": 1 });
    expect(calls.filter((c) => c.handle === "referral-qualified").map((c) => (c.payload as Record<string, unknown>)["Approved by staff"])).toEqual([false, true]);

    // The first order is refunded in full, and the refund delivered twice: one reversal.
    const refund = refundPayload({ orderId: first.id, amount: "80.00" });
    await stack.deliver({ topic: "refunds/create", payload: refund });
    await stack.deliver({ topic: "refunds/create", payload: refund });
    await stack.drainJobs();
    calls = await flowCalls();
    expect(byHandle(calls)).toEqual({ "referral-qualified": 2, "advocate-reward-issued": 2, "referral-flagged-for-review": 1, "advocate-reward-reversed": 1 });
    expect(calls.find((c) => c.handle === "advocate-reward-reversed")!.payload).toEqual({
      customer_id: advocate.id.toString(),
      "Reward ID": reward.id,
      "Referral ID": referral.id,
      "Reward type": "store_credit",
      "Amount taken back": Number(reward.amountMinor) / 100,
      "Amount owed": 0,
      "Currency code": "USD",
      "Fully reversed": true,
    });
    expect(calls.flatMap((c) => c.userErrors)).toEqual([]);

    // Every delivery once more, later: Flow hears nothing new.
    await stack.deliver({ topic: "refunds/create", payload: refund });
    for (const { order } of [first, second]) await stack.deliver({ topic: "orders/paid", payload: order });
    await stack.drainJobs();
    expect((await flowCalls()).length).toBe(calls.length);
    // The sends were Admin calls like any other: one job each, all succeeded.
    const jobs = await stack.db.prisma.job.findMany({ where: { name: "flow.send-trigger" } });
    expect(jobs.map((j) => j.status)).toEqual(Array(calls.length).fill("succeeded"));
  });

  it("names a guest advocate's Shopify customer, found by their email (Flow never makes one: the journey of a guest shows no customer before the hold ends)", async () => {
    const res = await proxyPost(stack, "/advocate", { email: "gus.guest@example.com" });
    expect(res.status).toBe(200);
    const code = ((await res.json()) as { code: string }).code;
    await stack.drainJobs();
    // Gus buys as a guest at the shop after getting his link: Shopify now has a customer with his email.
    sandboxCustomer(stack.sandbox.state, stack.shop, "gus.guest@example.com");
    const before = (await flowCalls()).length;
    const friend = sandboxCustomer(stack.sandbox.state, stack.shop, "guest-friend@example.com");
    const order = orderPayload({ id: randomShopifyId(), customer: { id: friend.id, email: friend.email }, noteAttributes: [{ name: "_twofold_ref", value: code }], lineItems: [{ title: "Hat", price: "60.00" }] });
    await stack.deliver({ topic: "orders/paid", payload: order });
    await stack.deliver({ topic: "orders/paid", payload: order });
    await stack.drainJobs();
    const guest = await stack.db.prisma.advocate.findFirstOrThrow({ where: { shopId: stack.shop, code } });
    expect(guest.customerGid).toMatch(/^gid:\/\/shopify\/Customer\/\d+$/);
    const sandboxCustomerIds = [...stack.sandbox.state.shops.get(stack.shop)!.customers.values()].filter((c) => c.email === "gus.guest@example.com").map((c) => c.id);
    expect(sandboxCustomerIds).toEqual([guest.customerGid]);
    const calls = (await flowCalls()).slice(before);
    expect(byHandle(calls)).toEqual({ "referral-qualified": 1, "advocate-reward-issued": 1 });
    for (const call of calls) expect(String((call.payload as Record<string, unknown>).customer_id)).toBe(guest.customerGid!.split("/").pop());
    expect(calls.flatMap((c) => c.userErrors)).toEqual([]);
  });
});
