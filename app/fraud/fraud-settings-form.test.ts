import { describe, expect, it } from "vitest";
import { fraudSettingsToForm, parseFraudSettingsForm } from "./fraud-settings-form";
import { effectiveRules, readFraudSettings } from "./fraud-settings";

const defaults = fraudSettingsToForm(readFraudSettings(null));

describe("fraud settings form", () => {
  it("round-trips: the defaults shown on the page save as the rules' effective defaults", () => {
    const parsed = parseFraudSettingsForm(defaults);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(effectiveRules(parsed.settings)).toEqual(effectiveRules(readFraudSettings(null)));
    expect(fraudSettingsToForm(parsed.settings)).toEqual(defaults);
  });

  it.each([
    ["threshold", "0", "Enter a whole number from 1 to 100"],
    ["threshold", "101", "Enter a whole number from 1 to 100"],
    ["threshold", "", "Enter a whole number from 1 to 100"],
    ["rule.self_referral.weight", "-1", "Enter a whole number from 0 to 100"],
    ["rule.velocity.config.maxPerIp", "0", "Enter a whole number from 1 to 10000"],
    ["rule.unusual_order_value.config.highFactor", "1", "Enter a number from 1.1 to 1000"],
    ["rule.unusual_order_value.config.lowFactor", "1e-1", "Enter a number from 0.01 to 0.99"],
    ["rule.disposable_email.config.extraDomains", "mailinator", "Not a domain: mailinator. Enter domains like mailinator.com"],
  ])("%s = %j is refused: %s", (name, value, message) => {
    const parsed = parseFraudSettingsForm({ ...defaults, [name]: value });
    expect(parsed).toEqual({ ok: false, fieldErrors: { [name]: message } });
  });

  it.each([
    ["score", { enabled: true, action: "score" }],
    ["hold", { enabled: true, action: "hold" }],
    ["reject", { enabled: true, action: "reject" }],
    ["off", { enabled: false, action: "score" }],
  ])("mode %s is stored as %j", (mode, expected) => {
    const parsed = parseFraudSettingsForm({ ...defaults, "rule.fast_conversion.mode": mode });
    expect(parsed.ok && parsed.settings.rules.fast_conversion).toMatchObject(expected);
  });

  it("reads an unposted checkbox as off and normalises domains (case, @, duplicates)", () => {
    const form: Record<string, string> = { ...defaults, "rule.disposable_email.config.extraDomains": " Trash.Example,\n@trash.example  spam.test " };
    delete form["rule.self_referral.config.matchPayment"];
    const parsed = parseFraudSettingsForm(form);
    expect(parsed.ok && parsed.settings.rules.self_referral.config).toEqual({ matchAddress: false, matchPayment: false });
    expect(parsed.ok && parsed.settings.rules.disposable_email.config).toEqual({ extraDomains: ["trash.example", "spam.test"] });
  });
});
