// The program editor's state as one pure reducer: the fields as typed, the check the server runs
// (live), the last valid settings for the preview, the fields touched, the server's refusals,
// and whether the terms still follow the settings. Every change goes through here, so derived
// fields (the generated terms) change with the edit that causes them, not in an effect after it.
import { validateProgramForm, type FieldErrors, type ProgramForm } from "../../program/program-form";
import type { ProgramConfig } from "../../program/program-config";
import { defaultTerms, diffProgramConfigs } from "../../program/program-text";

export interface MilestoneRow {
  referrals: string;
  bonusMinor: string;
}

export interface ProgramFormState {
  /** The saved form as the loader gave it: what "dirty" and "discard" compare with. */
  saved: ProgramForm;
  /**
   * The version `saved` is (null: none saved yet). The loader's data is read again after every
   * save, refused ones too: only a new version starts the form again, so a refused save keeps
   * what the merchant typed.
   */
  version: number | null;
  /** The saved settings, what the terms warning compares the edited ones with. */
  savedConfig: ProgramConfig | null;
  currency: string;
  form: ProgramForm;
  checked: { config: ProgramConfig | null; fieldErrors: FieldErrors };
  /**
   * While a field is invalid the preview keeps the last valid settings (marked as such) instead
   * of collapsing: a collapsing column moved everything under it as the merchant typed.
   */
  lastValid: ProgramConfig | null;
  /**
   * Terms are kept in one of two ways, told apart by their text: generated (exactly what
   * `defaultTerms` writes for the saved settings) or the merchant's own. Generated terms follow
   * the settings, so they never state stale rewards (the server applies the same rule to a
   * posted form); once edited by hand they are left alone, and a change of the rewards brings
   * up a warning (`termsWarning`) until they are rewritten or kept on purpose.
   */
  termsFollow: boolean;
  /** The generated terms of the settings for which the merchant chose to keep their own terms. */
  termsKeptFor: string | null;
  touched: ReadonlySet<string>;
  /** What the server refused at the last save, until the field is edited again. */
  serverErrors: FieldErrors;
  note: string;
}

export type ProgramFormAction =
  | { type: "load"; form: ProgramForm; currency: string; version: number | null }
  | { type: "set"; name: string; value: string }
  | { type: "milestones"; rows: MilestoneRow[] }
  | { type: "rewrite-terms" }
  | { type: "keep-terms" }
  | { type: "note"; note: string }
  | { type: "refused"; errors: FieldErrors }
  | { type: "saved" }
  | { type: "discard" };

export function initialProgramFormState(saved: ProgramForm, currency: string, version: number | null = null): ProgramFormState {
  return { ...fromSaved(saved, currency, null), version, touched: new Set(), serverErrors: {}, note: "" };
}

export function programFormReducer(state: ProgramFormState, action: ProgramFormAction): ProgramFormState {
  switch (action.type) {
    case "load":
      // A saved version came back through the loader: start again from it.
      return { ...state, ...fromSaved(action.form, action.currency, state.lastValid), version: action.version };
    case "discard":
      return { ...state, ...fromSaved(state.saved, state.currency, state.lastValid), touched: new Set(), serverErrors: {} };
    case "set": {
      const { name, value } = action;
      const byHand = name === "terms";
      const next = edit({ ...state, termsFollow: byHand ? false : state.termsFollow }, { ...state.form, [name]: value });
      return { ...next, touched: state.touched.has(name) ? state.touched : new Set(state.touched).add(name), serverErrors: without(state.serverErrors, (key) => key === name) };
    }
    case "milestones": {
      const form = Object.fromEntries(Object.entries(state.form).filter(([key]) => !key.startsWith("milestones.")));
      action.rows.forEach((row, i) => {
        form[`milestones.${i}.referrals`] = row.referrals;
        form[`milestones.${i}.bonusMinor`] = row.bonusMinor;
      });
      return { ...edit(state, form), serverErrors: without(state.serverErrors, (key) => key.startsWith("milestones")) };
    }
    case "rewrite-terms": {
      if (!state.lastValid) return state;
      const next = edit({ ...state, termsFollow: true }, { ...state.form, terms: defaultTerms(state.lastValid) });
      return { ...next, touched: new Set(state.touched).add("terms"), serverErrors: without(state.serverErrors, (key) => key === "terms") };
    }
    case "keep-terms":
      return state.lastValid ? { ...state, termsKeptFor: defaultTerms(state.lastValid) } : state;
    case "note":
      return { ...state, note: action.note };
    case "refused":
      return { ...state, serverErrors: action.errors };
    case "saved":
      return { ...state, serverErrors: {}, touched: new Set(), note: "" };
  }
}

/** The milestone fields of a form as rows ("milestones.0.referrals", "milestones.0.bonusMinor", …). */
export function milestoneRows(form: ProgramForm): MilestoneRow[] {
  const rows: MilestoneRow[] = [];
  for (let i = 0; `milestones.${i}.referrals` in form || `milestones.${i}.bonusMinor` in form; i++) {
    rows.push({ referrals: form[`milestones.${i}.referrals`] ?? "", bonusMinor: form[`milestones.${i}.bonusMinor`] ?? "" });
  }
  return rows;
}

export interface TermsWarning {
  /** What changed in the settings, as the history says it ("Friend discount: 15% → 20%"). */
  changes: string[];
  /** The primary terms are the merchant's own (generated ones have followed already). */
  ownTerms: boolean;
  /** The languages whose terms the merchant wrote: never generated, so never rewritten. */
  languages: string[];
}

/**
 * Whether the edited rewards are no longer what the terms shoppers read say: the settings that
 * the terms state changed since the save, and some terms (the primary ones, or a language's)
 * are the merchant's own text. Null once rewritten, or kept on purpose for these settings.
 */
export function termsWarning(state: ProgramFormState): TermsWarning | null {
  const before = state.savedConfig;
  const after = state.lastValid;
  if (!before || !after) return null;
  const stated = defaultTerms(after);
  if (stated === defaultTerms(before) || stated === state.termsKeptFor) return null;
  const languages = Object.entries(after.translations ?? {})
    .filter(([, texts]) => texts.terms)
    .map(([lang]) => lang);
  if (state.termsFollow && languages.length === 0) return null;
  return { changes: diffProgramConfigs(before, after, { settingsOnly: true }), ownTerms: !state.termsFollow, languages };
}

function fromSaved(saved: ProgramForm, currency: string, lastValid: ProgramConfig | null) {
  const checked = validateProgramForm(saved, currency);
  const termsFollow = checked.config !== null && checked.config.terms === defaultTerms(checked.config);
  return { saved, savedConfig: checked.config, currency, form: saved, checked, lastValid: checked.config ?? lastValid, termsFollow, termsKeptFor: null };
}

/** A new form, checked; terms that follow the settings are regenerated from it when it is valid. */
function edit(state: ProgramFormState, edited: ProgramForm): ProgramFormState {
  let form = edited;
  let checked = validateProgramForm(form, state.currency);
  if (state.termsFollow && checked.config) {
    const terms = defaultTerms(checked.config);
    if (terms !== form.terms) {
      form = { ...form, terms };
      checked = validateProgramForm(form, state.currency);
    }
  }
  return { ...state, form, checked, lastValid: checked.config ?? state.lastValid };
}

function without(errors: FieldErrors, drop: (key: string) => boolean): FieldErrors {
  const kept = Object.entries(errors).filter(([key]) => !drop(key));
  return kept.length === Object.keys(errors).length ? errors : Object.fromEntries(kept);
}
