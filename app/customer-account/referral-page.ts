// What the customer-account referral page shows an advocate, computed from ledger rows: the
// friends as initials only, a shopper's word for each referral's state, and the advocate's
// rewards split into pending, issued and expiring soon. Pure; amounts stay in minor units.
import { formatMoney } from "../program/program-text";
import { isMilestoneKind, paidAsStoreCredit } from "../program/reward-kinds";

/** Issued credit or codes that expire within this many days are listed as "expiring". */
export const EXPIRING_WITHIN_DAYS = 30;

export type FriendStatus = "joined" | "ordered" | "pending" | "rewarded" | "not_eligible";

/** Why a referral earns nothing yet or at all, in words the advocate's page translates. */
export type FriendReason = "ordered_before" | "own_order" | "refunded" | "below_minimum" | "not_eligible" | "in_review" | "on_hold";

export interface FriendLine {
  initials: string;
  status: FriendStatus;
  /** ISO date (UTC day) the friend arrived. */
  since: string;
  reason: FriendReason | null;
  /** With reason on_hold: the UTC day the reward is due (the end of the return window). */
  holdUntil: string | null;
}

export interface RewardLine {
  /** How it is paid; a milestone bonus is paid either way too. */
  kind: "store_credit" | "discount_code";
  /** A milestone bonus (extra reward for N friends), not a single referral's reward. */
  milestone: boolean;
  amountMinor: number;
  currency: string;
  /** Formatted in the page's language, e.g. "$10.00" / "10,00 $US". */
  amount: string;
  /** The advocate's own single-use code, when the reward is one. */
  discountCode: string | null;
  /** When it was earned (pending) or issued, ISO. */
  date: string;
  expiresAt: string | null;
  expired: boolean;
}

export interface RewardGroups {
  pending: RewardLine[];
  issued: RewardLine[];
  expiring: RewardLine[];
}

/**
 * "jane.doe+shop@example.com" → "JD". Only the letters a friend would recognise themselves
 * by, never anything that identifies them to others; "?" when nothing usable is there.
 */
export function friendInitials(email: string | null | undefined): string {
  const local = (email ?? "").split("@")[0].split("+")[0];
  const words = local.split(/[^\p{L}]+/u).filter(Boolean);
  const initials = words
    .slice(0, 2)
    .map((w) => w[0].toLocaleUpperCase("en"))
    .join("");
  return initials || "?";
}

const FRIEND_STATUS: Record<string, FriendStatus> = {
  claimed: "joined",
  ordered: "ordered",
  qualified: "pending",
  held: "pending",
  rewarded: "rewarded",
  rejected: "not_eligible",
  cancelled: "not_eligible",
};

/**
 * The friend's status in the advocate's words. The referral stays "qualified" once its reward
 * is issued (nothing moves it to "rewarded"), so an issued advocate reward reads as rewarded.
 */
/** Every advocate reward of the referral was cancelled or taken back (a refund after payout). */
function undoneAfterPayout(advocateRewardStatuses: readonly string[]): boolean {
  return advocateRewardStatuses.length > 0 && advocateRewardStatuses.every((s) => s === "reversed" || s === "cancelled");
}

export function friendStatus(referralStatus: string, advocateRewardStatuses: readonly string[] = []): FriendStatus {
  const status = FRIEND_STATUS[referralStatus] ?? "pending";
  if (status === "pending" && advocateRewardStatuses.includes("issued")) return "rewarded";
  // Refunded after the reward: taken back (or owed), so it no longer counts; friendReason says why.
  if (status === "pending" && undoneAfterPayout(advocateRewardStatuses)) return "not_eligible";
  return status;
}

const REJECTION_REASONS: Record<string, FriendReason> = {
  not_first_order: "ordered_before",
  self_referral: "own_order",
  below_minimum: "below_minimum",
};

/**
 * The reason behind a friend's status, the question advocates ask support most: "your friend
 * had ordered before", "the order was refunded", "on hold until 12 March". Fraud and limit
 * rejections stay a plain "doesn't qualify" (never which rule fired).
 */
export function friendReason(
  referral: { status: string; rejectionReason: string | null },
  advocateRewards: readonly { status: string; holdUntil: Date | null }[] = [],
): { reason: FriendReason | null; holdUntil: string | null } {
  if (referral.status === "cancelled") return { reason: "refunded", holdUntil: null };
  if (referral.status === "rejected") return { reason: REJECTION_REASONS[referral.rejectionReason ?? ""] ?? "not_eligible", holdUntil: null };
  if (referral.status === "held") return { reason: "in_review", holdUntil: null };
  // Refunded after the reward was paid: the reward was taken back (or is owed).
  if (undoneAfterPayout(advocateRewards.map((r) => r.status))) return { reason: "refunded", holdUntil: null };
  const held = advocateRewards.find((r) => r.status === "held" && r.holdUntil);
  if (held) return { reason: "on_hold", holdUntil: held.holdUntil!.toISOString().slice(0, 10) };
  if (advocateRewards.some((r) => r.status === "held")) return { reason: "in_review", holdUntil: null };
  return { reason: null, holdUntil: null };
}

export interface RewardRow {
  kind: string;
  status: string;
  amountMinor: bigint;
  reversedMinor: bigint;
  currency: string;
  discountCode: string | null;
  issuedAt: Date | null;
  expiresAt: Date | null;
  createdAt: Date;
}

/**
 * Splits an advocate's rewards for the page. Pending: earned but not issued yet (held for
 * the return window or review included). Issued: in the advocate's hands, less what was
 * taken back; fully reversed, cancelled and failed ones are not shown. Expiring: issued,
 * still valid, expiring within EXPIRING_WITHIN_DAYS (not repeated under issued).
 */
export function groupAdvocateRewards(rows: RewardRow[], now: Date, locale = "en"): RewardGroups {
  const groups: RewardGroups = { pending: [], issued: [], expiring: [] };
  const soon = now.getTime() + EXPIRING_WITHIN_DAYS * 86_400_000;
  for (const row of rows) {
    const pending = row.status === "pending" || row.status === "held" || row.status === "issuing";
    if (!pending && row.status !== "issued") continue;
    const net = row.amountMinor - row.reversedMinor;
    if (net <= 0n) continue;
    const expiresAt = row.expiresAt?.getTime() ?? null;
    const expired = !pending && expiresAt !== null && expiresAt <= now.getTime();
    const line: RewardLine = {
      kind: paidAsStoreCredit(row.kind) ? "store_credit" : "discount_code",
      milestone: isMilestoneKind(row.kind),
      amountMinor: Number(net),
      currency: row.currency,
      amount: formatMoney(net, row.currency, locale),
      discountCode: pending ? null : row.discountCode,
      date: (pending ? row.createdAt : (row.issuedAt ?? row.createdAt)).toISOString(),
      expiresAt: row.expiresAt?.toISOString() ?? null,
      expired,
    };
    if (pending) groups.pending.push(line);
    else if (!expired && expiresAt !== null && expiresAt <= soon) groups.expiring.push(line);
    else groups.issued.push(line);
  }
  const byDateDesc = (a: RewardLine, b: RewardLine) => b.date.localeCompare(a.date);
  groups.pending.sort(byDateDesc);
  groups.issued.sort(byDateDesc);
  groups.expiring.sort((a, b) => (a.expiresAt ?? "").localeCompare(b.expiresAt ?? ""));
  return groups;
}
