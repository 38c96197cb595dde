import { describe, expect, it } from "vitest";
import { advocateRewardSchema } from "./program-config";
import { advocateRewardAfterRefund, advocateRewardAmount, percentOf } from "./reward-math";

const pct = (percent: number, capMinor: number) => advocateRewardSchema.parse({ type: "percentage", percent, capMinor });
const fixed = (amountMinor: number) => advocateRewardSchema.parse({ type: "fixed_amount", amountMinor });

describe("percentOf", () => {
  it.each([
    [10_000n, 15, 1_500n],
    [9_999n, 15, 1_499n], // 1499.85 rounds down
    [1n, 50, 0n],
    [0n, 100, 0n],
    [333n, 33.33, 110n], // 110.9889
    [123_456_789n, 7.5, 9_259_259n], // 9259259.175
  ])("%s × %s%% = %s", (amount, percent, expected) => {
    expect(percentOf(amount, percent)).toBe(expected);
  });
});

describe("advocateRewardAmount", () => {
  it.each([
    ["fixed $10 on any order", fixed(1000), 5_000n, 1_000n],
    ["fixed on a zero order", fixed(1000), 0n, 1_000n],
    ["10% under the cap", pct(10, 2_500), 12_345n, 1_234n],
    ["10% capped", pct(10, 2_500), 100_000n, 2_500n],
    ["10% exactly at the cap", pct(10, 2_500), 25_000n, 2_500n],
    ["JPY (0 decimals): 10% of ¥4,999", pct(10, 1_000), 4_999n, 499n],
    ["KWD (3 decimals): 5% of 12.345 KWD", pct(5, 5_000), 12_345n, 617n],
    ["percentage of zero", pct(10, 2_500), 0n, 0n],
  ])("%s", (_label, reward, order, expected) => {
    expect(advocateRewardAmount(reward, order)).toBe(expected);
  });
});

describe("advocateRewardAfterRefund", () => {
  it.each([
    ["half refunded, percentage", pct(10, 10_000), 20_000n, 10_000n, 1_000n],
    ["fully refunded, percentage", pct(10, 10_000), 20_000n, 20_000n, 0n],
    ["partly refunded, fixed stays", fixed(1000), 20_000n, 5_000n, 1_000n],
    ["fully refunded, fixed goes", fixed(1000), 20_000n, 20_000n, 0n],
    ["capped reward shrinks only below the cap", pct(10, 1_000), 50_000n, 30_000n, 1_000n],
  ])("%s", (_label, reward, order, refunded, expected) => {
    expect(advocateRewardAfterRefund(reward, order, refunded)).toBe(expected);
  });
});
