import { describe, expect, it } from "vitest";
import { programConfigSchema } from "../program/program-config";
import { normalizeEmail } from "../lib/normalize-email";
import { qualifyReferral, type QualificationInput } from "./qualify-referral";

const config = (over: Record<string, unknown> = {}, limits: Record<string, unknown> = {}) =>
  programConfigSchema.parse({
    currency: "USD",
    friendReward: { type: "percentage", percent: 10, issueMode: "after_first_order" },
    advocateReward: { type: "fixed_amount", amountMinor: 1000, minimumOrderMinor: 2000, ...over },
    limits,
    terms: "t",
    shareMessage: "{{link}}",
  });

const base = (o: Partial<QualificationInput> = {}): QualificationInput => ({
  programStatus: "active",
  config: config(),
  advocate: { status: "active", customerGid: "gid://shopify/Customer/1", email: "alice@example.com" },
  order: { customerGid: "gid://shopify/Customer/2", email: "bob@example.com", subtotal: { minor: 5000n, currency: "USD" }, customerOrdersCount: null },
  earlierReferralOrders: 0,
  advocateRewardsThisMonth: 0,
  spentThisMonthMinor: 0n,
  thisReferralCostMinor: 1000n,
  ...o,
});

describe("qualifyReferral", () => {
  const cases: [string, Partial<QualificationInput>, string][] = [
    ["qualifies", {}, "qualified"],
    ["program paused", { programStatus: "paused" }, "program_inactive"],
    ["advocate blocked", { advocate: { status: "blocked", customerGid: null, email: null } }, "advocate_blocked"],
    ["same customer", { order: { ...base().order, customerGid: "gid://shopify/Customer/1" } }, "self_referral"],
    ["same email, other spelling", { order: { ...base().order, customerGid: null, email: "Alice+x@Example.com" } }, "self_referral"],
    ["orders_count > 1", { order: { ...base().order, customerOrdersCount: 3 } }, "not_first_order"],
    ["orders_count 1 is the first order", { order: { ...base().order, customerOrdersCount: 1 } }, "qualified"],
    ["earlier referral order", { earlierReferralOrders: 1 }, "not_first_order"],
    ["below the minimum", { order: { ...base().order, subtotal: { minor: 1999n, currency: "USD" } } }, "below_minimum"],
    ["exactly the minimum", { order: { ...base().order, subtotal: { minor: 2000n, currency: "USD" } } }, "qualified"],
    ["shop money in another currency", { order: { ...base().order, subtotal: { minor: 5000n, currency: "EUR" } } }, "currency_mismatch"],
    ["no subtotal", { order: { ...base().order, subtotal: null } }, "no_order_amount"],
    ["monthly limit, hold for review", { config: config({}, { maxRewardsPerAdvocatePerMonth: 2 }), advocateRewardsThisMonth: 2 }, "review:monthly_limit"],
    ["monthly limit, skip", { config: config({}, { maxRewardsPerAdvocatePerMonth: 2, onLimit: "skip" }), advocateRewardsThisMonth: 2 }, "monthly_limit"],
    ["under the limit", { config: config({}, { maxRewardsPerAdvocatePerMonth: 2 }), advocateRewardsThisMonth: 1 }, "qualified"],
    ["budget exceeded", { config: config({}, { monthlyBudgetMinor: 10_000, onLimit: "skip" }), spentThisMonthMinor: 9_500n }, "monthly_budget"],
    ["budget exactly reached", { config: config({}, { monthlyBudgetMinor: 10_000 }), spentThisMonthMinor: 9_000n }, "qualified"],
    ["first-order rule off", { config: config({ firstOrderOnly: false }), earlierReferralOrders: 4 }, "qualified"],
  ];
  it.each(cases)("%s", (_name, input, expected) => {
    const q = qualifyReferral(base(input));
    const got = q.outcome === "rejected" ? q.reason : q.outcome === "review" ? `review:${q.reviewReason}` : "qualified";
    expect(got).toBe(expected);
  });

  it.each([
    [1, "The advocate already earned 1 reward this month (limit 1)."],
    [2, "The advocate already earned 2 rewards this month (limit 2)."],
  ])("says how many rewards the limit counted in plain words (%i)", (earned, words) => {
    const q = qualifyReferral(base({ config: config({}, { maxRewardsPerAdvocatePerMonth: earned, onLimit: "skip" }), advocateRewardsThisMonth: earned }));
    expect(q.outcome === "rejected" && q.detail).toBe(words);
  });
});

describe("normalizeEmail", () => {
  it.each([
    ["  Jane.Doe+x@GoogleMail.com ", "janedoe@gmail.com"],
    ["j.d+tag@example.com", "j.d@example.com"],
    ["nope", null],
    ["", null],
  ])("%s → %s", (input, expected) => expect(normalizeEmail(input)).toBe(expected));
});
