// Advocates' personal codes follow the program's friend offer: the merchant changes the offer
// in the program editor (its action, over real HTTP against the built app) and a job brings
// every advocate's Shopify discount code to it, in batches, once per change. Advocates are made
// by the storefront's app proxy, as shoppers make them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCustomer } from "../../sandbox/admin/state";
import { startStack, type Stack } from "../helpers/stack";
import { adminRequest } from "../program/admin-http";
import { proxyPost } from "./helpers";
import { ADVOCATE_CODES_BATCH, advocateCodesOfferJob } from "../../app/program/advocate-codes-offer.job.server";

const ADVOCATES = ADVOCATE_CODES_BATCH + 5;

describe(`advocate codes follow the friend offer (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  const editor = () => adminRequest<{ form: Record<string, string> }>(stack.app.url, { shop: stack.shop, path: "/app/program", route: "routes/app.program" });
  const save = async (changes: Record<string, string>) => {
    const form = { ...(await editor()).data!.form, ...changes, intent: "save" };
    const res = await adminRequest<{ ok: boolean }>(stack.app.url, { shop: stack.shop, path: "/app/program", route: "routes/app.program", form });
    expect(res.data, JSON.stringify(res.data)).toMatchObject({ ok: true });
  };
  const shop = () => stack.sandbox.state.shops.get(stack.shop)!;
  const advocateCodes = () => [...shop().discounts.values()].filter((d) => d.title.startsWith("Twofold referral code "));
  const offerWrites = () => shop().requestLog.filter((r) => r.fields.some((f) => /^discountCode(Basic|FreeShipping)Update$|^discountCodeDelete$/.test(f)) && r.status === 200);

  it("updates every advocate's code once per change of the offer, in batches, and not for other changes", async () => {
    await adminRequest(stack.app.url, { shop: stack.shop, path: "/app/onboarding", route: "routes/app.onboarding", form: {} });
    await adminRequest(stack.app.url, { shop: stack.shop, path: "/app/program", route: "routes/app.program", form: { intent: "activate" } });
    for (let i = 0; i < ADVOCATES; i++) {
      const customer = addCustomer(stack.sandbox.state, shop(), { email: `offer-adv${i}@example.com` });
      const res = await proxyPost(stack, "/advocate", {}, { customerId: customer.id.split("/").pop()!, ip: `203.0.113.${i + 1}` });
      expect(res.status).toBe(200);
    }
    await stack.drainJobs();
    expect(advocateCodes()).toHaveLength(ADVOCATES);
    const percentages = () => advocateCodes().map((d) => (d.input.customerGets as { value: { percentage?: number } } | undefined)?.value.percentage);
    expect(new Set(percentages())).toEqual(new Set([0.15]));

    // 15 % → 20 % with a $40 minimum: each code gets both, with one update each, in two jobs.
    await save({ "friendReward.percent": "20", "friendReward.minimumSubtotalMinor": "40.00" });
    await stack.drainJobs();
    expect(new Set(percentages())).toEqual(new Set([0.2]));
    expect(new Set(advocateCodes().map((d) => JSON.stringify(d.input.minimumRequirement)))).toEqual(new Set([JSON.stringify({ subtotal: { greaterThanOrEqualToSubtotal: "40.00" } })]));
    expect(offerWrites()).toHaveLength(ADVOCATES);
    expect(await stack.db.prisma.job.count({ where: { name: advocateCodesOfferJob.name } })).toBe(2);

    // A change that leaves the friend offer as it was writes nothing to the codes.
    await save({ "advocateReward.amountMinor": "12.00" });
    await stack.drainJobs();
    expect(offerWrites()).toHaveLength(ADVOCATES);
    expect(await stack.db.prisma.job.count({ where: { name: advocateCodesOfferJob.name } })).toBe(2);

    // Free shipping is another kind of Shopify discount: each code is made again as one, same text.
    const before = advocateCodes().map((d) => d.code).sort();
    await save({ "friendReward.type": "free_shipping" });
    await stack.drainJobs();
    expect(advocateCodes().map((d) => d.code).sort()).toEqual(before);
    expect(new Set(advocateCodes().map((d) => d.kind))).toEqual(new Set(["freeShipping"]));
    expect(offerWrites()).toHaveLength(ADVOCATES * 2);
  });
});
