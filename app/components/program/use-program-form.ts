// The program editor's one form hook: the form state (program-form-state.ts), dirty tracking,
// App Bridge's contextual save bar, the save request and what it answered (a toast; the
// refused fields marked). The cards only read fields and call `set`.
import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useMemo, useReducer } from "react";
import type { FieldErrors, ProgramForm } from "../../program/program-form";
import { initialProgramFormState, milestoneRows, programFormReducer, termsWarning, type MilestoneRow } from "./program-form-state";

/** What the program page's action answers: a refusal always has `error`, field refusals `fieldErrors` too. */
export type ProgramActionResult =
  | { ok: false; error: string; fieldErrors?: FieldErrors }
  | { ok: true; intent: "save"; version: number }
  | { ok: true; intent: "activate" | "pause"; status: string };

export const PROGRAM_SAVE_BAR_ID = "program-save-bar";

export function useProgramForm(editor: { form: ProgramForm; currency: string; version: number | null }) {
  const shopify = useAppBridge();
  const saver = useFetcher<ProgramActionResult>();
  const [state, dispatch] = useReducer(programFormReducer, editor, (e) => initialProgramFormState(e.form, e.currency, e.version));
  // A new saved version comes back through the loader: start again from it (while rendering, so
  // the page never shows the old form for one frame). The loader's data is read again after a
  // refused save too, as a new object with the same version: that must not throw away what the
  // merchant typed and the errors shown next to it.
  if (state.version !== editor.version || state.currency !== editor.currency) {
    dispatch({ type: "load", form: editor.form, currency: editor.currency, version: editor.version });
  }

  const { form, checked, touched, serverErrors } = state;
  const dirty = useMemo(() => JSON.stringify(form) !== JSON.stringify(state.saved), [form, state.saved]);
  const saving = saver.state !== "idle";

  useEffect(() => {
    if (!dirty) return;
    void shopify.saveBar.show(PROGRAM_SAVE_BAR_ID);
    return () => void shopify.saveBar.hide(PROGRAM_SAVE_BAR_ID);
  }, [dirty, shopify]);

  useEffect(() => {
    const result = saver.data;
    if (saver.state !== "idle" || !result) return;
    if (result.ok && result.intent === "save") {
      dispatch({ type: "saved" });
      shopify.toast.show(`Program saved as version ${result.version}`);
    } else if (!result.ok) {
      dispatch({ type: "refused", errors: result.fieldErrors ?? { form: result.error } });
      shopify.toast.show(result.error, { isError: true });
    }
  }, [saver.state, saver.data, shopify]);

  const set = (name: string) => (value: string) => dispatch({ type: "set", name, value });
  return {
    form,
    currency: editor.currency,
    isNew: editor.version === null,
    dirty,
    saving,
    /** The settings the preview shows: the form's when valid, else the last valid ones. */
    preview: state.lastValid,
    stale: !checked.config,
    /** Refused by the server at the last save (until edited), "form" for the form as a whole. */
    serverErrors,
    note: state.note,
    setNote: (note: string) => dispatch({ type: "note", note }),
    value: (name: string) => form[name] ?? "",
    set,
    /** A checkbox's field: "true" / "false"; `byDefault` is what an absent value means. */
    flag: (name: string, byDefault = false) => ({
      checked: byDefault ? form[name] !== "false" : form[name] === "true",
      onChange: (on: boolean) => set(name)(String(on)),
    }),
    /** The server's refusal, else the live check's error once the merchant has touched the field. */
    errorFor: (name: string): string | undefined => serverErrors[name] ?? (touched.has(name) ? checked.fieldErrors[name] : undefined),
    milestones: milestoneRows(form),
    setMilestones: (rows: MilestoneRow[]) => dispatch({ type: "milestones", rows }),
    /** Whether the primary terms are the generated ones, which change with the settings. */
    termsFollow: state.termsFollow,
    /** Set when the edited rewards are not what some terms written by hand say. */
    termsWarning: termsWarning(state),
    rewriteTerms: () => dispatch({ type: "rewrite-terms" }),
    keepTerms: () => dispatch({ type: "keep-terms" }),
    save: () => saver.submit({ ...form, intent: "save", note: state.note }, { method: "post" }),
    discard: () => dispatch({ type: "discard" }),
  };
}

export type ProgramFormApi = ReturnType<typeof useProgramForm>;
