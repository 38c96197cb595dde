import { describe, expect, it } from "vitest";
import { canMoveReferral, REFERRAL_STATUSES, referralStatusesLeadingTo, transitionReferral } from "./referral-status";

describe("referral state machine", () => {
  it("allows the pipeline's, review's and cancellation's moves and nothing else", () => {
    const allowed = REFERRAL_STATUSES.flatMap((from) => REFERRAL_STATUSES.filter((to) => canMoveReferral(from, to)).map((to) => `${from}→${to}`));
    expect(allowed.sort()).toEqual(
      ["claimed→ordered", "claimed→cancelled", "ordered→qualified", "ordered→held", "ordered→rejected", "ordered→cancelled", "held→qualified", "held→rejected", "held→cancelled", "qualified→cancelled", "rejected→held", "cancelled→held"].sort(),
    );
    expect(referralStatusesLeadingTo("cancelled")).toEqual(["claimed", "ordered", "qualified", "held"]);
  });

  it("refuses a move the table does not allow before touching the database", async () => {
    const db = { referral: { updateMany: () => Promise.reject(new Error("must not be called")) } } as never;
    await expect(transitionReferral(db, { referralId: "r1", shopId: "s", from: "rejected", to: "qualified" })).rejects.toThrow("rejected → qualified is not a referral transition");
  });

  it("guards the update on the current status and reports a lost race as false", async () => {
    const calls: unknown[] = [];
    const db = { referral: { updateMany: (args: unknown) => (calls.push(args), Promise.resolve({ count: 0 })) } } as never;
    expect(await transitionReferral(db, { referralId: "r1", shopId: "s", from: ["held"], to: "qualified", data: { reviewedBy: "staff" } })).toBe(false);
    expect(calls).toEqual([{ where: { id: "r1", shopId: "s", status: { in: ["held"] } }, data: { reviewedBy: "staff", status: "qualified" } }]);
  });
});
