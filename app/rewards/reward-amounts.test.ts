import { describe, expect, it } from "vitest";
import { programConfigSchema } from "../program/program-config";
import { refundInShopMoney } from "../referrals/order-payload";
import { advocateTargetAmount, planRewards } from "./reward-amounts";
import { rewardDiscountCode } from "./reward-code";

const config = (advocate: Record<string, unknown>, friend: Record<string, unknown> = { type: "fixed_amount", amountMinor: 500, issueMode: "after_first_order" }) =>
  programConfigSchema.parse({ currency: "USD", friendReward: friend, advocateReward: advocate, terms: "t", shareMessage: "{{link}}" });

const fixed = config({ type: "fixed_amount", amountMinor: 1000 });
const pct = config({ type: "percentage", percent: 12.5, capMinor: 2000 });

describe("planRewards", () => {
  it.each([
    ["fixed", fixed, 5000n, [["advocate", "store_credit", 1000n], ["friend", "discount_code", 500n]]],
    ["percentage, rounded down", pct, 999n, [["advocate", "store_credit", 124n], ["friend", "discount_code", 500n]]],
    ["percentage capped", pct, 100_000n, [["advocate", "store_credit", 2000n], ["friend", "discount_code", 500n]]],
    ["percentage of zero: no advocate reward", pct, 0n, [["friend", "discount_code", 500n]]],
    ["instant mode: no friend reward from the order", config({ type: "fixed_amount", amountMinor: 1000, kind: "discount_code" }, { type: "percentage", percent: 10 }), 5000n, [["advocate", "discount_code", 1000n]]],
  ] as const)("%s", (_n, cfg, subtotal, expected) => {
    expect(planRewards(cfg, subtotal).map((p) => [p.recipient, p.kind, p.amountMinor])).toEqual(expected);
  });
});

describe("advocateTargetAmount (reversal)", () => {
  it.each([
    ["fixed, partial refund keeps it", fixed, 5000n, 1000n, false, 1000n],
    ["fixed, full refund", fixed, 5000n, 5000n, false, 0n],
    ["refund above subtotal (shipping) is capped", fixed, 5000n, 6000n, false, 0n],
    ["cancelled", fixed, 5000n, 0n, true, 0n],
    ["percentage, proportional", pct, 8000n, 2000n, false, 750n],
    ["percentage, nothing refunded", pct, 8000n, 0n, false, 1000n],
    ["percentage capped stays capped after a small refund", pct, 100_000n, 1_000n, false, 2000n],
  ] as const)("%s", (_n, cfg, subtotal, refunded, cancelled, expected) => {
    expect(advocateTargetAmount(cfg, subtotal, refunded, cancelled)).toBe(expected);
  });
});

describe("refundInShopMoney", () => {
  const order = { total: { minor: 10_000n, currency: "USD" }, presentmentTotal: { minor: 9_000n, currency: "EUR" } };
  it.each([
    ["same currency", { minor: 500n, currency: "USD" }, 500n],
    ["presentment currency scaled down", { minor: 900n, currency: "EUR" }, 1000n],
    ["never more than the total", { minor: 99_000n, currency: "EUR" }, 10_000n],
    ["unknown currency", { minor: 500n, currency: "GBP" }, null],
    ["no currency means the order's", { minor: 900n, currency: "" }, 1000n],
  ] as const)("%s", (_n, refund, expected) => expect(refundInShopMoney(refund, order)).toBe(expected));
});

describe("rewardDiscountCode", () => {
  it("is stable for one reward and differs between rewards", () => {
    const a = { id: "r1", idempotencyKey: "s:ref:friend:discount_code", recipient: "friend" };
    expect(rewardDiscountCode(a)).toBe(rewardDiscountCode({ ...a }));
    expect(rewardDiscountCode(a)).not.toBe(rewardDiscountCode({ ...a, id: "r2" }));
    expect(rewardDiscountCode(a)).toMatch(/^FRIEND-[A-Z2-9]{12}$/);
  });
});
