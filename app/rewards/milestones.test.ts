import { describe, expect, it } from "vitest";
import { planMilestones, type SuccessfulReferral } from "./milestones";
import { describeRewardKind, milestoneIdempotencyKey, milestoneOfKey } from "../program/reward-kinds";

const cfg = (milestones: { referrals: number; bonusMinor: number }[], kind: "store_credit" | "discount_code" = "store_credit", currency = "USD") => ({ milestones, currency, advocateReward: { kind } });
const refs = (n: number, config = cfg([{ referrals: 3, bonusMinor: 2000 }, { referrals: 5, bonusMinor: 5000 }])): SuccessfulReferral[] =>
  Array.from({ length: n }, (_, i) => ({ referralId: `r${i + 1}`, config }));

describe("planMilestones", () => {
  it.each([
    ["below the first milestone", refs(2), [], []],
    ["exactly at 3", refs(3), [], [[3, "r3", 2000n, "milestone_credit"]]],
    ["3 already paid, at 4", refs(4), [3], []],
    ["both reached at once (e.g. a late re-check)", refs(6), [], [[3, "r3", 2000n, "milestone_credit"], [5, "r5", 5000n, "milestone_credit"]]],
    ["everything paid", refs(9), [3, 5], []],
    ["no milestones configured", refs(5, cfg([])), [], []],
    ["paid as a code when the Nth referral's program pays codes", refs(3, cfg([{ referrals: 3, bonusMinor: 700 }], "discount_code", "EUR")), [], [[3, "r3", 700n, "milestone_code"]]],
  ] as const)("%s", (_name, successful, awarded, expected) => {
    const plan = planMilestones([...successful], new Set(awarded));
    expect(plan.map((p) => [p.referrals, p.referralId, p.bonusMinor, p.kind])).toEqual(expected);
  });

  it("reads each milestone from the program version of the referral that reached it", () => {
    // The merchant added a milestone at 2 after the 2nd referral was made: not retroactive.
    const old = cfg([]);
    const next = cfg([{ referrals: 2, bonusMinor: 100 }, { referrals: 3, bonusMinor: 300 }]);
    const successful: SuccessfulReferral[] = [
      { referralId: "a", config: old },
      { referralId: "b", config: old },
      { referralId: "c", config: next },
    ];
    expect(planMilestones(successful, new Set()).map((p) => [p.referrals, p.referralId, p.bonusMinor])).toEqual([[3, "c", 300n]]);
  });

  it.each([
    ["store_credit", "referral reward (store credit)"],
    ["discount_code", "referral reward (discount code)"],
    ["milestone_credit", "milestone bonus (store credit)"],
    ["milestone_code", "milestone bonus (discount code)"],
    ["something_new", "something_new"],
  ])("describes kind %s as %j", (kind, words) => {
    expect(describeRewardKind(kind)).toBe(words);
  });

  it("keys a milestone by shop, advocate and N, and reads N back", () => {
    const key = milestoneIdempotencyKey("s.myshopify.com", "adv1", 5);
    expect(milestoneOfKey(key)).toBe(5);
    expect(milestoneOfKey(`${key}:as-code`)).toBe(5);
    expect(milestoneOfKey("s.myshopify.com:ref1:advocate:store_credit")).toBeNull();
  });
});
