// The rule catalogue, in the order staff read the signals.
import type { FraudRule } from "./define-fraud-rule";
import { disposableEmailRule } from "./rules/disposable-email";
import { fastConversionRule } from "./rules/fast-conversion";
import { selfReferralRule } from "./rules/self-referral";
import { sharedDeviceRule } from "./rules/shared-device";
import { unusualOrderValueRule } from "./rules/unusual-order-value";
import { velocityRule } from "./rules/velocity";

export const FRAUD_RULES = [selfReferralRule, sharedDeviceRule, velocityRule, disposableEmailRule, unusualOrderValueRule, fastConversionRule] as unknown as readonly FraudRule[];

export function fraudRuleById(id: string): FraudRule | undefined {
  return FRAUD_RULES.find((r) => r.id === id);
}
