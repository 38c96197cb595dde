import { describe, expect, it } from "vitest";
import { programConfigSchema } from "./program-config";
import { configToForm, formToConfigInput, validateProgramForm } from "./program-form";
import { defaultProgramConfig } from "./program-text";

function errorsFor(currency: string, changes: Record<string, string>) {
  return validateProgramForm({ ...configToForm(defaultProgramConfig(currency)), ...changes }, currency).fieldErrors;
}

describe("form ↔ config", () => {
  it.each(["USD", "JPY", "KWD"])("round-trips the default %s program exactly", (currency) => {
    const config = defaultProgramConfig(currency);
    const { input, fieldErrors } = formToConfigInput(configToForm(config), currency);
    expect(fieldErrors).toEqual({});
    expect(programConfigSchema.parse(input)).toEqual(config);
  });

  it.each([
    ["USD", "12.5", 1250],
    ["USD", "0.10", 10],
    ["USD", "1,234.56", 123456],
    ["USD", "19.990", 1999],
    ["JPY", "1500", 1500],
    ["KWD", "2.125", 2125],
    ["KWD", "0.5", 500],
  ])("%s %s → %s minor units", (currency, typed, minor) => {
    const { input, fieldErrors } = formToConfigInput({ ...configToForm(defaultProgramConfig(currency)), "advocateReward.amountMinor": typed }, currency);
    expect(fieldErrors).toEqual({});
    expect(input.advocateReward.amountMinor).toBe(minor);
  });

  it("ignores the value of a reward type that is not selected", () => {
    expect(errorsFor("USD", { "friendReward.type": "free_shipping", "friendReward.percent": "abc" })).toEqual({});
  });
});

describe("validation messages a merchant understands", () => {
  it.each<[string, string, Record<string, string>, Record<string, string>]>([
    ["percent above 100", "USD", { "friendReward.percent": "101" }, { "friendReward.percent": "The friend's discount must be between 1 and 100" }],
    ["percent zero", "USD", { "friendReward.percent": "0" }, { "friendReward.percent": "The friend's discount must be between 1 and 100" }],
    ["percent three decimals", "USD", { "friendReward.percent": "10.125" }, { "friendReward.percent": "The friend's discount can have at most two decimals" }],
    ["percent missing", "USD", { "friendReward.percent": "" }, { "friendReward.percent": "Enter the friend's discount percentage" }],
    ["not a number", "USD", { "advocateReward.holdDays": "two weeks" }, { "advocateReward.holdDays": "The hold period must be a number of days" }],
    ["zero amount", "USD", { "advocateReward.amountMinor": "0" }, { "advocateReward.amountMinor": "The advocate's reward must be more than zero" }],
    ["negative amount", "USD", { "advocateReward.amountMinor": "-5" }, { "advocateReward.amountMinor": "The advocate's reward must be more than zero" }],
    ["huge amount", "USD", { "advocateReward.amountMinor": "2000000" }, { "advocateReward.amountMinor": "The advocate's reward is too large" }],
    ["too many decimals USD", "USD", { "advocateReward.amountMinor": "10.005" }, { "advocateReward.amountMinor": "USD amounts can have at most 2 decimal places" }],
    ["decimals in JPY", "JPY", { "advocateReward.amountMinor": "1500.5" }, { "advocateReward.amountMinor": "JPY amounts cannot have decimals" }],
    ["four decimals in KWD", "KWD", { "advocateReward.amountMinor": "1.0005" }, { "advocateReward.amountMinor": "KWD amounts can have at most 3 decimal places" }],
    ["decimal comma", "USD", { "advocateReward.amountMinor": "12,50" }, { "advocateReward.amountMinor": "Enter an amount such as 10.00" }],
    ["garbage amount", "KWD", { "advocateReward.amountMinor": "ten" }, { "advocateReward.amountMinor": "Enter an amount such as 10.000" }],
    [
      "percentage without cap",
      "USD",
      { "advocateReward.type": "percentage", "advocateReward.percent": "10", "advocateReward.capMinor": "" },
      { "advocateReward.capMinor": "A percentage reward needs a maximum amount (cap)" },
    ],
    ["hold too long", "USD", { "advocateReward.holdDays": "121" }, { "advocateReward.holdDays": "The hold period can be at most 120 days" }],
    ["code valid 0 days", "USD", { "friendReward.codeExpiryDays": "0" }, { "friendReward.codeExpiryDays": "The code must be valid for at least 1 day" }],
    ["share message without link", "USD", { shareMessage: "Come shop" }, { shareMessage: "The share message must contain {{link}}" }],
    ["share message with {{constructor}}", "USD", { shareMessage: "{{constructor}} {{link}}" }, { shareMessage: expect.stringContaining("Unknown placeholder {{constructor}}") }],
    ["share message with {{__proto__}}", "USD", { shareMessage: "{{__proto__}} {{link}}" }, { shareMessage: expect.stringContaining("Unknown placeholder {{__proto__}}") }],
    ["empty terms", "USD", { terms: "   " }, { terms: "Program terms cannot be empty" }],
    ["unknown reward type", "USD", { "friendReward.type": "bogus" }, { "friendReward.type": "Choose the friend's reward: percentage, fixed amount or free shipping" }],
    [
      "duplicate milestones",
      "USD",
      { "milestones.0.referrals": "5", "milestones.0.bonusMinor": "10", "milestones.1.referrals": "5", "milestones.1.bonusMinor": "20" },
      { "milestones.1.referrals": "Two milestones have the same number of referrals" },
    ],
    ["milestone at 1", "USD", { "milestones.0.referrals": "1", "milestones.0.bonusMinor": "10" }, { "milestones.0.referrals": "A milestone starts at 2 referrals" }],
    ["limit zero", "USD", { "limits.maxRewardsPerAdvocatePerMonth": "0" }, { "limits.maxRewardsPerAdvocatePerMonth": "Must be at least 1" }],
  ])("%s", (_, currency, changes, expected) => {
    expect(errorsFor(currency, changes)).toEqual(expected);
  });
});
