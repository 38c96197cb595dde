// The fraud settings page's form: flat string fields (as a browser posts them) to and from
// FraudSettings, with a message per field a merchant understands. Built from each rule's
// declared config fields, so a new rule or setting shows up on the page by itself.
import type { ConfigField } from "./define-fraud-rule";
import { FRAUD_RULES } from "./fraud-rules";
import { effectiveRules, type FraudSettings, type RuleAction } from "./fraud-settings";

/** What a rule does when it fires, as the merchant picks it ("off" = the rule does not run). */
export const RULE_MODES = ["score", "hold", "reject", "off"] as const;
export type RuleMode = (typeof RULE_MODES)[number];

export type FraudSettingsForm = Record<string, string>;

export interface RuleForForm {
  id: string;
  title: string;
  description: string;
  defaultWeight: number;
  fields: ConfigField[];
}

export const fieldName = {
  mode: (rule: string) => `rule.${rule}.mode`,
  weight: (rule: string) => `rule.${rule}.weight`,
  config: (rule: string, key: string) => `rule.${rule}.config.${key}`,
};

export function rulesForForm(): RuleForForm[] {
  return FRAUD_RULES.map((r) => ({ id: r.id, title: r.title, description: r.description, defaultWeight: r.defaultWeight, fields: r.configFields }));
}

function configToString(field: ConfigField, value: unknown): string {
  if (field.kind === "boolean") return value ? "on" : "";
  if (field.kind === "domains") return Array.isArray(value) ? value.join("\n") : "";
  return value == null ? "" : String(value);
}

export function fraudSettingsToForm(settings: FraudSettings): FraudSettingsForm {
  const form: FraudSettingsForm = { threshold: String(settings.threshold), thresholdAction: settings.thresholdAction };
  for (const rule of effectiveRules(settings)) {
    const def = FRAUD_RULES.find((r) => r.id === rule.id)!;
    form[fieldName.mode(rule.id)] = rule.enabled ? rule.action : "off";
    form[fieldName.weight(rule.id)] = String(rule.weight);
    for (const field of def.configFields) form[fieldName.config(rule.id, field.key)] = configToString(field, rule.config[field.key]);
  }
  return form;
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const MAX_DOMAINS = 500;

function wholeNumber(raw: string | undefined, min: number, max: number): number | string {
  const text = (raw ?? "").trim();
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) return `Enter a whole number from ${min} to ${max}`;
  return Number(text);
}

function parseConfigField(field: ConfigField, raw: string | undefined): { value: unknown } | { error: string } {
  switch (field.kind) {
    case "boolean":
      // An unticked checkbox is not posted at all.
      return { value: raw === "on" || raw === "true" };
    case "integer": {
      const n = wholeNumber(raw, field.min, field.max);
      return typeof n === "string" ? { error: n } : { value: n };
    }
    case "decimal": {
      const text = (raw ?? "").trim();
      const n = Number(text);
      if (!/^\d+(\.\d+)?$/.test(text) || n < field.min || n > field.max) return { error: `Enter a number from ${field.min} to ${field.max}` };
      return { value: n };
    }
    case "domains": {
      const domains = [...new Set((raw ?? "").split(/[\s,]+/).map((d) => d.trim().toLowerCase().replace(/^@/, "")).filter(Boolean))];
      const bad = domains.filter((d) => !DOMAIN.test(d));
      if (bad.length) return { error: `Not a domain: ${bad.slice(0, 3).join(", ")}${bad.length > 3 ? ", …" : ""}. Enter domains like mailinator.com` };
      if (domains.length > MAX_DOMAINS) return { error: `At most ${MAX_DOMAINS} domains` };
      return { value: domains };
    }
  }
}

export type ParsedFraudSettingsForm = { ok: true; settings: FraudSettings } | { ok: false; fieldErrors: Record<string, string> };

/** Every field is checked (all errors at once); settings come back only when all are valid. */
export function parseFraudSettingsForm(form: Record<string, unknown>): ParsedFraudSettingsForm {
  const text = (name: string) => (typeof form[name] === "string" ? (form[name] as string) : undefined);
  const fieldErrors: Record<string, string> = {};
  const threshold = wholeNumber(text("threshold"), 1, 100);
  if (typeof threshold === "string") fieldErrors.threshold = threshold;
  const thresholdAction = text("thresholdAction");
  if (thresholdAction !== "hold" && thresholdAction !== "reject") fieldErrors.thresholdAction = "Choose whether a referral at the threshold is held for review or rejected";

  const rules: FraudSettings["rules"] = {};
  for (const rule of FRAUD_RULES) {
    const mode = text(fieldName.mode(rule.id)) as RuleMode | undefined;
    if (!mode || !RULE_MODES.includes(mode)) fieldErrors[fieldName.mode(rule.id)] = `Choose what "${rule.title}" does when it fires`;
    const weight = wholeNumber(text(fieldName.weight(rule.id)), 0, 100);
    if (typeof weight === "string") fieldErrors[fieldName.weight(rule.id)] = weight;
    const config: Record<string, unknown> = {};
    for (const field of rule.configFields) {
      const parsed = parseConfigField(field, text(fieldName.config(rule.id, field.key)));
      if ("error" in parsed) fieldErrors[fieldName.config(rule.id, field.key)] = parsed.error;
      else config[field.key] = parsed.value;
    }
    rules[rule.id] = {
      enabled: mode !== "off",
      action: (mode === "off" || !mode ? "score" : mode) as RuleAction,
      weight: typeof weight === "number" ? weight : rule.defaultWeight,
      config,
    };
  }
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors };
  return { ok: true, settings: { threshold: threshold as number, thresholdAction: thresholdAction as "hold" | "reject", rules } };
}
