// The referral events Twofold posts to a merchant's endpoints (docs/WEBHOOKS.md lists each one's
// data). They are the moves of the two state machines a merchant's tools care about, plus a ping.
export const OUTGOING_EVENT_TYPES = [
  "referral.claimed",
  "referral.qualified",
  "referral.flagged",
  "referral.rejected",
  "referral.cancelled",
  "reward.issued",
  "reward.reversed",
  "test.ping",
] as const;
export type OutgoingEventType = (typeof OUTGOING_EVENT_TYPES)[number];

/** The event a referral's move to `to` is, or null for moves nobody outside needs (claimed → ordered). */
export function referralEventType(to: string): OutgoingEventType | null {
  switch (to) {
    case "qualified":
      return "referral.qualified";
    case "held":
      return "referral.flagged";
    case "rejected":
      return "referral.rejected";
    case "cancelled":
      return "referral.cancelled";
    default:
      return null;
  }
}

/** The event a reward's move to `to` is: issued (first time only) and reversed (also each partial debit). */
export function rewardEventType(from: readonly string[], to: string): OutgoingEventType | null {
  if (to === "issued" && !from.includes("issued")) return "reward.issued";
  if (to === "reversed" || (to === "issued" && from.length === 1 && from[0] === "issued")) return "reward.reversed";
  return null;
}
