// The kinds of reward the ledger holds, in the program's words: referral rewards (store credit or
// a customer-bound code), milestone bonuses, and goodwill rewards staff give outside any referral.
// Pure names and keys, read by every layer.

export type MilestoneKind = "milestone_credit" | "milestone_code";

export const REFERRAL_REWARD_KINDS = ["store_credit", "discount_code"] as const;
export const MILESTONE_KINDS: readonly MilestoneKind[] = ["milestone_credit", "milestone_code"];

/** One goodwill reward per submitted form: the form's own key makes a replay meet the first. */
export function goodwillIdempotencyKey(shopId: string, advocateId: string, formKey: string): string {
  return `${shopId}:goodwill:${advocateId}:${formKey}`;
}

export function isMilestoneKind(kind: string): kind is MilestoneKind {
  return (MILESTONE_KINDS as readonly string[]).includes(kind);
}

/** Whether a reward of this kind is paid as store credit (else as a customer-bound code). */
export function paidAsStoreCredit(kind: string): boolean {
  return kind === "store_credit" || kind === "milestone_credit" || kind === "goodwill_credit";
}

const KIND_DESCRIPTIONS: Record<string, string> = {
  store_credit: "referral reward (store credit)",
  discount_code: "referral reward (discount code)",
  milestone_credit: "milestone bonus (store credit)",
  milestone_code: "milestone bonus (discount code)",
  goodwill_credit: "goodwill reward (store credit)",
  goodwill_code: "goodwill reward (discount code)",
};

/** A reward kind in a merchant's words (CSV export); an unknown kind is shown as it is stored. */
export function describeRewardKind(kind: string): string {
  return KIND_DESCRIPTIONS[kind] ?? kind;
}

export function milestoneIdempotencyKey(shopId: string, advocateId: string, referrals: number): string {
  return `${shopId}:milestone:${advocateId}:${referrals}`;
}

/** N of a milestone reward's key, or null for any other reward. */
export function milestoneOfKey(idempotencyKey: string): number | null {
  const m = /:milestone:[^:]+:(\d+)(?::|$)/.exec(idempotencyKey);
  return m ? Number(m[1]) : null;
}
