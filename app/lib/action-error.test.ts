import { describe, expect, it } from "vitest";
import { actionError, answerRefusal, invalidFields } from "./action-error";
import { Refusal } from "./refusal";

class MoveRefused extends Refusal {}

describe("route refusals", () => {
  it("answers every refusal as { error } with its status, field refusals with their fields", async () => {
    const plain = actionError(404, "Advocate not found", { reason: "gone" });
    expect(plain.status).toBe(404);
    expect(await plain.json()).toEqual({ reason: "gone", error: "Advocate not found" });

    const fields = invalidFields({ "friendReward.percent": "Between 1 and 100" }, undefined, { ok: false });
    expect(fields.status).toBe(422);
    expect(await fields.json()).toEqual({ ok: false, error: "Check the highlighted fields", fieldErrors: { "friendReward.percent": "Between 1 and 100" } });
    // A form-wide problem is the message itself.
    expect(await invalidFields({ form: "Unknown action" }).json()).toMatchObject({ error: "Unknown action" });
  });

  it("turns a Refusal thrown by the work into its answer, passes the result through, and rethrows anything else", async () => {
    expect(await answerRefusal(async () => ({ done: true }))).toEqual({ done: true });
    const refused = await answerRefusal(async () => {
      throw new MoveRefused("That customer is this advocate already.", 409);
    });
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(409);
    expect(await (refused as Response).json()).toEqual({ error: "That customer is this advocate already." });
    await expect(answerRefusal(async () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
  });
});
