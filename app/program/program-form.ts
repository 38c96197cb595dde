// The admin form's view of a program config: one flat string field per setting, named by its
// config path ("friendReward.percent"), so a zod issue's path is the name of the input it
// belongs to. Money is typed by the merchant as a decimal and converted to minor units
// exactly with the shop currency (string arithmetic, no floats).
import { fieldErrorsFromZod } from "../lib/action-error";
import { currencyExponent, decimalToMinorNumber, minorUnitsToDecimal } from "../lib/money";
import { programConfigSchema, type ProgramConfig, type ProgramConfigInput } from "./program-config";
import { shareMessageProblem } from "./program-text";

/** Field name (config path) → value as typed. Checkboxes are "true" / "false". */
export type ProgramForm = Record<string, string>;
/** Field name (config path) → a message the merchant understands. */
export type FieldErrors = Record<string, string>;

const MAX_MILESTONES = 10;

function text(form: ProgramForm, name: string): string {
  return (form[name] ?? "").trim();
}

function bool(form: ProgramForm, name: string): boolean {
  const v = text(form, name).toLowerCase();
  return v === "true" || v === "on" || v === "1";
}

/** "" → `empty`; otherwise a number (NaN when not numeric, which the schema reports). */
function num<E>(form: ProgramForm, name: string, empty: E): number | E {
  const v = text(form, name);
  if (v === "") return empty;
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
}

export function formToConfigInput(form: ProgramForm, currency: string): { input: ProgramConfigInput; fieldErrors: FieldErrors } {
  const fieldErrors: FieldErrors = {};
  const exponent = currencyExponent(currency);
  const example = exponent === 0 ? "1500" : `10.${"0".repeat(exponent)}`;
  function money<E>(name: string, empty: E): number | E {
    const typed = text(form, name);
    if (typed === "") return empty;
    // Commas only as thousands separators ("1,234.50"): "12,50" is a decimal comma, and
    // reading it as 1250 would pay a hundred times the amount, so it is refused instead.
    const v = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(typed) ? typed.replace(/,/g, "") : typed;
    if (!/^-?\d+(\.\d+)?$/.test(v)) {
      fieldErrors[name] = `Enter an amount such as ${example}`;
      return empty;
    }
    try {
      return decimalToMinorNumber(v, currency);
    } catch {
      fieldErrors[name] =
        exponent === 0 ? `${currency} amounts cannot have decimals` : `${currency} amounts can have at most ${exponent} decimal places`;
      return empty;
    }
  }

  const friendType = text(form, "friendReward.type") as "percentage" | "fixed_amount" | "free_shipping";
  const advocateType = text(form, "advocateReward.type") as "fixed_amount" | "percentage";
  const milestones: Array<{ referrals: number; bonusMinor: number }> = [];
  for (let i = 0; i < MAX_MILESTONES + 1; i++) {
    const referrals = text(form, `milestones.${i}.referrals`);
    const bonus = text(form, `milestones.${i}.bonusMinor`);
    if (referrals === "" && bonus === "") continue;
    milestones.push({ referrals: num(form, `milestones.${i}.referrals`, Number.NaN), bonusMinor: money(`milestones.${i}.bonusMinor`, Number.NaN) });
  }

  const input: ProgramConfigInput = {
    currency: text(form, "currency") || currency,
    friendReward: {
      type: friendType,
      // Only the value that goes with the chosen type: a stale amount must not block a save.
      percent: friendType === "percentage" ? num(form, "friendReward.percent", undefined) : undefined,
      amountMinor: friendType === "fixed_amount" ? money("friendReward.amountMinor", undefined) : undefined,
      minimumSubtotalMinor: money("friendReward.minimumSubtotalMinor", null),
      codeExpiryDays: num(form, "friendReward.codeExpiryDays", null),
      combinesWith: {
        orderDiscounts: bool(form, "friendReward.combinesWith.orderDiscounts"),
        productDiscounts: bool(form, "friendReward.combinesWith.productDiscounts"),
        shippingDiscounts: bool(form, "friendReward.combinesWith.shippingDiscounts"),
      },
      issueMode: (text(form, "friendReward.issueMode") || "instant") as "instant" | "after_first_order",
    },
    advocateReward: {
      kind: (text(form, "advocateReward.kind") || "store_credit") as "store_credit" | "discount_code",
      type: advocateType,
      amountMinor: advocateType === "fixed_amount" ? money("advocateReward.amountMinor", undefined) : undefined,
      percent: advocateType === "percentage" ? num(form, "advocateReward.percent", undefined) : undefined,
      capMinor: advocateType === "percentage" ? money("advocateReward.capMinor", undefined) : undefined,
      creditExpiryDays: num(form, "advocateReward.creditExpiryDays", null),
      holdDays: num(form, "advocateReward.holdDays", Number.NaN),
      firstOrderOnly: bool(form, "advocateReward.firstOrderOnly"),
      minimumOrderMinor: money("advocateReward.minimumOrderMinor", null),
      // On unless the form says otherwise (a form from before the setting existed leaves it on).
      createGuestCustomers: text(form, "advocateReward.createGuestCustomers") === "" || bool(form, "advocateReward.createGuestCustomers"),
      recoverOwed: text(form, "advocateReward.recoverOwed") === "" || bool(form, "advocateReward.recoverOwed"),
    },
    limits: {
      maxRewardsPerAdvocatePerMonth: num(form, "limits.maxRewardsPerAdvocatePerMonth", null),
      monthlyBudgetMinor: money("limits.monthlyBudgetMinor", null),
      onLimit: (text(form, "limits.onLimit") || "hold_for_review") as "hold_for_review" | "skip",
    },
    milestones,
    terms: form["terms"] ?? "",
    shareMessage: form["shareMessage"] ?? "",
    translations: translationsFromForm(form),
  };
  return { input, fieldErrors };
}

/** "translations.sv.terms" fields → { sv: { terms } }; a language whose fields are all empty is left out. */
function translationsFromForm(form: ProgramForm): Record<string, { terms?: string; shareMessage?: string }> {
  const out: Record<string, { terms?: string; shareMessage?: string }> = {};
  for (const [key, value] of Object.entries(form)) {
    const m = /^translations\.([A-Za-z-]{2,8})\.(terms|shareMessage)$/.exec(key);
    if (!m || !value.trim()) continue;
    (out[m[1]] ??= {})[m[2] as "terms" | "shareMessage"] = value;
  }
  return out;
}

/** The form as the editor first shows it for a saved config. */
export function configToForm(config: ProgramConfig): ProgramForm {
  const c = config.currency;
  const money = (minor: number | null | undefined) => (minor == null ? "" : minorUnitsToDecimal(minor, c));
  const n = (v: number | null | undefined) => (v == null ? "" : String(v));
  const f = config.friendReward;
  const a = config.advocateReward;
  const form: ProgramForm = {
    currency: c,
    "friendReward.type": f.type,
    "friendReward.percent": n(f.percent),
    "friendReward.amountMinor": money(f.amountMinor),
    "friendReward.minimumSubtotalMinor": money(f.minimumSubtotalMinor),
    "friendReward.codeExpiryDays": n(f.codeExpiryDays),
    "friendReward.combinesWith.orderDiscounts": String(f.combinesWith.orderDiscounts),
    "friendReward.combinesWith.productDiscounts": String(f.combinesWith.productDiscounts),
    "friendReward.combinesWith.shippingDiscounts": String(f.combinesWith.shippingDiscounts),
    "friendReward.issueMode": f.issueMode,
    "advocateReward.kind": a.kind,
    "advocateReward.type": a.type,
    "advocateReward.amountMinor": money(a.amountMinor),
    "advocateReward.percent": n(a.percent),
    "advocateReward.capMinor": money(a.capMinor),
    "advocateReward.creditExpiryDays": n(a.creditExpiryDays),
    "advocateReward.holdDays": n(a.holdDays),
    "advocateReward.firstOrderOnly": String(a.firstOrderOnly),
    "advocateReward.minimumOrderMinor": money(a.minimumOrderMinor),
    "advocateReward.createGuestCustomers": String(a.createGuestCustomers),
    "advocateReward.recoverOwed": String(a.recoverOwed),
    "limits.maxRewardsPerAdvocatePerMonth": n(config.limits.maxRewardsPerAdvocatePerMonth),
    "limits.monthlyBudgetMinor": money(config.limits.monthlyBudgetMinor),
    "limits.onLimit": config.limits.onLimit,
    terms: config.terms,
    shareMessage: config.shareMessage,
  };
  for (const [locale, texts] of Object.entries(config.translations ?? {})) {
    if (texts.terms) form[`translations.${locale}.terms`] = texts.terms;
    if (texts.shareMessage) form[`translations.${locale}.shareMessage`] = texts.shareMessage;
  }
  config.milestones.forEach((m, i) => {
    form[`milestones.${i}.referrals`] = String(m.referrals);
    form[`milestones.${i}.bonusMinor`] = money(m.bonusMinor);
  });
  return form;
}

/**
 * The whole form checked as the server checks it (conversion, then the shared schema): the
 * editor runs it as the merchant types, the server before saving.
 */
export function validateProgramForm(form: ProgramForm, currency: string): { config: ProgramConfig | null; fieldErrors: FieldErrors } {
  const converted = formToConfigInput(form, currency);
  const parsed = programConfigSchema.safeParse(converted.input);
  const fieldErrors: FieldErrors = { ...(parsed.success ? {} : fieldErrorsFromZod(parsed.error)), ...converted.fieldErrors };
  const shareProblem = shareMessageProblem(converted.input);
  if (shareProblem && !fieldErrors.shareMessage) fieldErrors.shareMessage = shareProblem;
  return { config: parsed.success && Object.keys(fieldErrors).length === 0 ? parsed.data : null, fieldErrors };
}
