// Runs every enabled rule over one referral's facts and decides: pass, hold for review or
// reject. Score = sum of fired weights, capped at 100. A fired rule whose action is
// "reject"/"hold" decides on its own; otherwise the score against the shop's threshold does.
import type { FraudSignal } from "./define-fraud-rule";
import type { FraudFacts } from "./fraud-facts";
import { fraudRuleById } from "./fraud-rules";
import { effectiveRules, type FraudSettings } from "./fraud-settings";

export type FraudDecision = "pass" | "hold" | "reject";

export interface ExplainedSignal extends FraudSignal {
  action: string;
  words: string;
}

export interface FraudScore {
  score: number;
  decision: FraudDecision;
  signals: ExplainedSignal[];
}

export function scoreFraud(facts: FraudFacts, settings: FraudSettings): FraudScore {
  const signals: ExplainedSignal[] = [];
  for (const rule of effectiveRules(settings)) {
    if (!rule.enabled) continue;
    const def = fraudRuleById(rule.id)!;
    const detail = def.check(facts, rule.config);
    if (!detail) continue;
    const signal: FraudSignal = { rule: rule.id, weight: rule.weight, detail };
    signals.push({ ...signal, action: rule.action, words: def.explain(signal) });
  }
  const score = Math.min(100, signals.reduce((s, x) => s + x.weight, 0));
  let decision: FraudDecision = "pass";
  if (signals.some((s) => s.action === "reject")) decision = "reject";
  else if (signals.some((s) => s.action === "hold")) decision = "hold";
  else if (signals.length && score >= settings.threshold) decision = settings.thresholdAction;
  return { score, decision, signals };
}

/** Plain words for stored signals (falls back to the words saved at scoring time). */
export function explainSignal(signal: { rule: string; weight: number; detail: FraudSignal["detail"]; words?: string }): string {
  const rule = fraudRuleById(signal.rule);
  try {
    return rule ? rule.explain({ rule: signal.rule, weight: signal.weight, detail: signal.detail }) : (signal.words ?? signal.rule);
  } catch {
    return signal.words ?? signal.rule;
  }
}
