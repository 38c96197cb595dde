import { describe, expect, it } from "vitest";
import { configToForm } from "../../program/program-form";
import { defaultProgramConfig } from "../../program/program-text";
import { initialProgramFormState, programFormReducer, type ProgramFormAction, type ProgramFormState } from "./program-form-state";

const saved = configToForm(defaultProgramConfig("USD"));
const run = (actions: ProgramFormAction[], state: ProgramFormState = initialProgramFormState(saved, "USD")) => actions.reduce(programFormReducer, state);

describe("the program editor's form state", () => {
  it("keeps generated terms in step with the settings until they are edited by hand", () => {
    const edited = run([
      { type: "set", name: "friendReward.percent", value: "20" },
      { type: "set", name: "advocateReward.amountMinor", value: "12.50" },
    ]);
    expect(edited.form.terms).toContain("Your friend gets 20% off their first order.");
    expect(edited.form.terms).toContain("You get $12.50 in store credit");
    expect(edited.lastValid?.terms).toBe(edited.form.terms);

    const byHand = run([{ type: "set", name: "terms", value: "Our own terms." }, { type: "set", name: "friendReward.percent", value: "25" }], edited);
    expect(byHand.form.terms).toBe("Our own terms.");
    // "Rewrite terms from these settings" makes them follow again.
    const rewritten = run([{ type: "rewrite-terms" }, { type: "set", name: "friendReward.percent", value: "30" }], byHand);
    expect(rewritten.form.terms).toContain("Your friend gets 30% off their first order.");
  });

  it("shows a field's live error once touched, keeps the last valid settings for the preview, and drops the server's error when the field is edited", () => {
    const start = initialProgramFormState(saved, "USD");
    const invalid = run([{ type: "set", name: "friendReward.percent", value: "150" }]);
    expect(invalid.checked.config).toBeNull();
    expect(invalid.checked.fieldErrors["friendReward.percent"]).toBe("The friend's discount must be between 1 and 100");
    expect([...invalid.touched]).toEqual(["friendReward.percent"]);
    expect(invalid.lastValid).toEqual(start.lastValid);
    expect(invalid.form.terms).toBe(saved.terms);

    const refused = run([{ type: "refused", errors: { "friendReward.percent": "Refused", shareMessage: "Also refused" } }], invalid);
    const fixed = run([{ type: "set", name: "friendReward.percent", value: "20" }], refused);
    expect(fixed.serverErrors).toEqual({ shareMessage: "Also refused" });
    expect(run([{ type: "saved" }], fixed)).toMatchObject({ serverErrors: {}, touched: new Set(), note: "" });
  });

  it("writes milestone rows as numbered fields and discards back to the saved form", () => {
    const withRows = run([
      { type: "milestones", rows: [{ referrals: "5", bonusMinor: "20" }, { referrals: "10", bonusMinor: "50" }] },
      { type: "milestones", rows: [{ referrals: "10", bonusMinor: "50" }] },
    ]);
    expect(Object.entries(withRows.form).filter(([k]) => k.startsWith("milestones."))).toEqual([
      ["milestones.0.referrals", "10"],
      ["milestones.0.bonusMinor", "50"],
    ]);
    const discarded = run([{ type: "discard" }], withRows);
    expect(discarded.form).toBe(saved);
    expect(discarded.termsFollow).toBe(true);
  });

  it("starts again from a newly loaded version, keeping the note being typed", () => {
    const next = { ...saved, "friendReward.percent": "20" };
    const state = run([{ type: "note", note: "Spring" }, { type: "load", form: next, currency: "USD" }]);
    expect(state).toMatchObject({ saved: next, form: next, note: "Spring" });
    // Saved terms that are not the generated ones are the merchant's: they stay as they are.
    expect(state.termsFollow).toBe(false);
  });
});
