import { describe, expect, it } from "vitest";
import { defaultProgramConfig } from "./program-text";
import { previewOnSampleOrder } from "./test-referral.server";

describe("the test referral's preview on a sample first order", () => {
  it("shows the default program on a 100.00 order", () => {
    expect(previewOnSampleOrder(defaultProgramConfig("USD"))).toMatch(/^A friend's first order of \$100\.00 gets \$15\.00 off \(15% off their first order\); their advocate earns \$10\.00 in store credit/);
  });

  it("uses the offer's minimum when it is above 100, and a percentage reward on the order after the friend's discount, within its cap", () => {
    const config = defaultProgramConfig("USD");
    config.friendReward = { ...config.friendReward, type: "fixed_amount", amountMinor: 2_000, percent: undefined, minimumSubtotalMinor: 15_000 };
    config.advocateReward = { ...config.advocateReward, type: "percentage", percent: 10, capMinor: 1_000, amountMinor: undefined };
    // 150.00 − 20.00 = 130.00; 10 % = 13.00, capped at 10.00.
    expect(previewOnSampleOrder(config)).toMatch(/^A friend's first order of \$150\.00 gets \$20\.00 off .*; their advocate earns \$10\.00 in store credit/);
  });

  it("names free shipping without an amount, and a currency without minor units", () => {
    const config = defaultProgramConfig("JPY");
    config.friendReward = { ...config.friendReward, type: "free_shipping", percent: undefined };
    expect(previewOnSampleOrder(config)).toMatch(/^A friend's first order of ¥100 gets free shipping/);
  });
});
