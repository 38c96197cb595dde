// The referral's state machine. Every status change goes through transitionReferral: a guarded
// UPDATE (the row must still be in one of `from`) checked against the table below, beside the
// reward ledger's own (app/rewards/reward-ledger.server.ts). A guarded update that matches
// nothing means another writer moved it first; callers re-read instead of overwriting.
//
//   claimed ──► ordered ──► qualified            (rewards planned through the ledger)
//                  │  └───► held ──► qualified   (staff approved)
//                  │            └──► rejected    (staff rejected)
//                  └──────► rejected             (not eligible: self-referral, limits, fraud)
//   claimed | ordered | held | qualified ──► cancelled   (the order was cancelled)
//   rejected | cancelled ──► held                          (staff reconsidered: back into review)
//
// A move merchants' tools hear about (qualified, held, rejected, cancelled) writes its outgoing
// webhook event in the same transaction (app/integrations/record-event.server.ts).
//
// A referral found by the order itself is created as "ordered". Whether its reward reached the
// advocate is the ledger's business (reward statuses), not a referral status.
import type { DbClient, Prisma } from "../db.server";
import { referralEventType } from "../integrations/event-types";
import { recordReferralEvent } from "../integrations/record-event.server";

export const REFERRAL_STATUSES = ["claimed", "ordered", "qualified", "held", "rejected", "cancelled"] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

const ALLOWED: Record<ReferralStatus, readonly ReferralStatus[]> = {
  claimed: ["ordered", "cancelled"],
  ordered: ["qualified", "held", "rejected", "cancelled"],
  held: ["qualified", "rejected", "cancelled"],
  qualified: ["cancelled"],
  rejected: ["held"],
  cancelled: ["held"],
};

export function canMoveReferral(from: ReferralStatus, to: ReferralStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** Every status a referral can move to `to` from. */
export function referralStatusesLeadingTo(to: ReferralStatus): ReferralStatus[] {
  return REFERRAL_STATUSES.filter((from) => canMoveReferral(from, to));
}

export interface ReferralTransition {
  referralId: string;
  shopId: string;
  from: ReferralStatus | readonly ReferralStatus[];
  to: ReferralStatus;
  /** Columns set with the status (the order's facts, the reason, the reviewer). */
  data?: Omit<Prisma.ReferralUncheckedUpdateManyInput, "status">;
  /** Extra guards (e.g. no order attached yet). */
  where?: Prisma.ReferralWhereInput;
}

/**
 * Moves a referral from one of `from` to `to` if it is still there. Throws on a move the table
 * does not allow (a programming error); returns false when the row was not in `from` any more.
 */
export async function transitionReferral(db: DbClient, move: ReferralTransition): Promise<boolean> {
  const from = typeof move.from === "string" ? [move.from] : [...move.from];
  for (const f of from) {
    if (!canMoveReferral(f, move.to)) throw new Error(`referral ${move.referralId}: ${f} → ${move.to} is not a referral transition`);
  }
  // The status and its event commit together: open a transaction when the caller has none.
  if (referralEventType(move.to) && "$transaction" in db) return db.$transaction((tx) => transitionReferral(tx, move));
  const { count } = await db.referral.updateMany({
    where: { ...move.where, id: move.referralId, shopId: move.shopId, status: { in: from } },
    data: { ...move.data, status: move.to },
  });
  if (count === 1) await recordReferralEvent(db, move.shopId, move.referralId, from, move.to);
  return count === 1;
}
