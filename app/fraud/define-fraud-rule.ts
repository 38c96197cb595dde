// A fraud rule is a small declared unit: an id, its default config and weight, a pure check
// over the facts gathered for one referral, and the plain words staff read when it fires.
import type { FraudFacts } from "./fraud-facts";

export interface FraudSignal {
  rule: string;
  /** Points this signal adds to the referral's score (0–100 scale, capped at 100). */
  weight: number;
  /** Machine-readable evidence (never raw personal data: counts, seconds, matched kinds). */
  detail: Record<string, string | number | boolean | string[]>;
}

/** One setting of a rule's config as the merchant edits it (the settings page is built from these). */
export type ConfigField<Key extends string = string> = { key: Key; label: string; help?: string } & (
  | { kind: "boolean" }
  | { kind: "integer" | "decimal"; min: number; max: number }
  | { kind: "domains" }
);

export interface FraudRule<Config extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  title: string;
  /** What the rule looks for, in a merchant's words. */
  description: string;
  defaultWeight: number;
  defaultConfig: Config;
  /** Every key of the config the merchant may change (a rule without settings has none). */
  configFields: ConfigField<Extract<keyof Config, string>>[];
  /** Returns the signal's detail when the rule fires, null when it does not. */
  check(facts: FraudFacts, config: Config): FraudSignal["detail"] | null;
  explain(signal: FraudSignal): string;
}

export function defineFraudRule<Config extends Record<string, unknown>>(rule: FraudRule<Config>): FraudRule<Config> {
  return rule;
}
