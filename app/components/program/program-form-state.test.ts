import { describe, expect, it } from "vitest";
import { configToForm } from "../../program/program-form";
import { defaultProgramConfig } from "../../program/program-text";
import { initialProgramFormState, programFormReducer, termsWarning, type ProgramFormAction, type ProgramFormState } from "./program-form-state";

const saved = configToForm(defaultProgramConfig("USD"));
const run = (actions: ProgramFormAction[], state: ProgramFormState = initialProgramFormState(saved, "USD", 1)) => actions.reduce(programFormReducer, state);

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
    const state = run([{ type: "note", note: "Spring" }, { type: "load", form: next, currency: "USD", version: 2 }]);
    expect(state).toMatchObject({ saved: next, form: next, note: "Spring", version: 2 });
    // Saved terms that are not the generated ones are the merchant's: they stay as they are.
    expect(state.termsFollow).toBe(false);
  });

  describe("the warning about terms the rewards outdate", () => {
    const ownTerms = { ...saved, terms: "Friends get 15% off. You get $10 for each friend." };
    const own = () => initialProgramFormState(ownTerms, "USD", 2);

    it("warns when the rewards change under terms written by hand, until they are rewritten", () => {
      expect(termsWarning(own())).toBeNull();
      const changed = run([{ type: "set", name: "friendReward.percent", value: "20" }], own());
      expect(changed.form.terms).toBe(ownTerms.terms);
      expect(termsWarning(changed)).toEqual({ changes: ["Friend discount: 15% → 20%"], ownTerms: true, languages: [] });
      // While a field is invalid the warning is about the last valid settings, as the preview.
      expect(termsWarning(run([{ type: "set", name: "advocateReward.holdDays", value: "-3" }], changed))).toEqual(termsWarning(changed));
      const rewritten = run([{ type: "rewrite-terms" }], changed);
      expect(rewritten.form.terms).toContain("Your friend gets 20% off their first order.");
      expect(termsWarning(rewritten)).toBeNull();
    });

    it("says nothing for a change the terms do not state, for generated terms, or once the merchant keeps their own", () => {
      expect(termsWarning(run([{ type: "set", name: "friendReward.codeExpiryDays", value: "60" }], own()))).toBeNull();
      expect(termsWarning(run([{ type: "set", name: "friendReward.percent", value: "20" }]))).toBeNull();
      const kept = run([{ type: "set", name: "friendReward.percent", value: "20" }, { type: "keep-terms" }], own());
      expect(termsWarning(kept)).toBeNull();
      // A further change of the rewards asks again.
      expect(termsWarning(run([{ type: "set", name: "advocateReward.holdDays", value: "30" }], kept))?.changes).toEqual([
        "Friend discount: 15% → 20%",
        "Hold period: 14 days → 30 days",
      ]);
    });

    it("names the languages whose terms were written by hand, which never follow", () => {
      const translated = initialProgramFormState({ ...saved, "translations.fr.terms": "Votre ami obtient 15 % de réduction." }, "USD", 2);
      const changed = run([{ type: "set", name: "friendReward.percent", value: "20" }], translated);
      expect(changed.form.terms).toContain("Your friend gets 20% off their first order.");
      expect(termsWarning(changed)).toEqual({ changes: ["Friend discount: 15% → 20%"], ownTerms: false, languages: ["fr"] });
    });
  });
});
