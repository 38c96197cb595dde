// A shop's fraud settings: the score at which a referral is held (or rejected), and per rule
// whether it only adds to the score, always holds, or always rejects. Stored as JSON on
// FraudSettings; anything missing falls back to these defaults.
import { z } from "zod";
import { FRAUD_RULES } from "./fraud-rules";

export const RULE_ACTIONS = ["score", "hold", "reject"] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

const ruleSettings = z.object({
  enabled: z.boolean().default(true),
  action: z.enum(RULE_ACTIONS).default("score"),
  weight: z.number().int().min(0).max(100).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
});

export const fraudSettingsSchema = z.object({
  /** Score (0–100) at or above which the referral's rewards are held for review. */
  threshold: z.number().int().min(1).max(100).default(60),
  thresholdAction: z.enum(["hold", "reject"]).default("hold"),
  rules: z.record(z.string(), ruleSettings).default({}),
});
export type FraudSettings = z.infer<typeof fraudSettingsSchema>;

/** Every rule only scores unless the merchant says otherwise. */
const DEFAULT_ACTIONS: Record<string, RuleAction> = {};

export function readFraudSettings(json: unknown): FraudSettings {
  const parsed = fraudSettingsSchema.safeParse(json ?? {});
  return parsed.success ? parsed.data : fraudSettingsSchema.parse({});
}

export interface EffectiveRule {
  id: string;
  enabled: boolean;
  action: RuleAction;
  weight: number;
  config: Record<string, unknown>;
}

export function effectiveRules(settings: FraudSettings): EffectiveRule[] {
  return FRAUD_RULES.map((rule) => {
    const own = settings.rules[rule.id];
    return {
      id: rule.id,
      enabled: own?.enabled ?? true,
      action: own?.action ?? DEFAULT_ACTIONS[rule.id] ?? "score",
      weight: own?.weight ?? rule.defaultWeight,
      config: { ...rule.defaultConfig, ...(own?.config ?? {}) },
    };
  });
}
