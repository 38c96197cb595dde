// The program editor's state as one pure reducer: the fields as typed, the check the server runs
// (live), the last valid settings for the preview, the fields touched, the server's refusals,
// and whether the terms still follow the settings. Every change goes through here, so derived
// fields (the generated terms) change with the edit that causes them, not in an effect after it.
import { validateProgramForm, type FieldErrors, type ProgramForm } from "../../program/program-form";
import type { ProgramConfig } from "../../program/program-config";
import { defaultTerms } from "../../program/program-text";

export interface MilestoneRow {
  referrals: string;
  bonusMinor: string;
}

export interface ProgramFormState {
  /** The saved form as the loader gave it: what "dirty" and "discard" compare with. */
  saved: ProgramForm;
  currency: string;
  form: ProgramForm;
  checked: { config: ProgramConfig | null; fieldErrors: FieldErrors };
  /**
   * While a field is invalid the preview keeps the last valid settings (marked as such) instead
   * of collapsing: a collapsing column moved everything under it as the merchant typed.
   */
  lastValid: ProgramConfig | null;
  /**
   * Terms the merchant never edited follow the settings, so they never state stale rewards;
   * once edited by hand they are left alone ("Rewrite terms" makes them follow again).
   */
  termsFollow: boolean;
  touched: ReadonlySet<string>;
  /** What the server refused at the last save, until the field is edited again. */
  serverErrors: FieldErrors;
  note: string;
}

export type ProgramFormAction =
  | { type: "load"; form: ProgramForm; currency: string }
  | { type: "set"; name: string; value: string }
  | { type: "milestones"; rows: MilestoneRow[] }
  | { type: "rewrite-terms" }
  | { type: "note"; note: string }
  | { type: "refused"; errors: FieldErrors }
  | { type: "saved" }
  | { type: "discard" };

export function initialProgramFormState(saved: ProgramForm, currency: string): ProgramFormState {
  return { ...fromSaved(saved, currency, null), touched: new Set(), serverErrors: {}, note: "" };
}

export function programFormReducer(state: ProgramFormState, action: ProgramFormAction): ProgramFormState {
  switch (action.type) {
    case "load":
      // A saved version came back through the loader: start again from it.
      return { ...state, ...fromSaved(action.form, action.currency, state.lastValid) };
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

function fromSaved(saved: ProgramForm, currency: string, lastValid: ProgramConfig | null) {
  const checked = validateProgramForm(saved, currency);
  const termsFollow = checked.config !== null && checked.config.terms === defaultTerms(checked.config);
  return { saved, currency, form: saved, checked, lastValid: checked.config ?? lastValid, termsFollow };
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
