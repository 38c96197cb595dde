// Which advocate (if any) referred an order. Pure: the caller loads the referrals and advocates
// the order's codes and email point at, and this decides.
//
// Priority, strongest evidence first:
//   1. friend_code    a discount code on the order is a referral's friend code (instant mode)
//   1b. advocate_code a discount code on the order is an advocate's own code, typed at checkout
//   2. cart_attribute note/cart attribute `_twofold_ref` (written by the theme app embed)
//   3. landing_site   `?ref=` in the landing page URL of the order's first visit
//   4. claimed_email  an open claimed referral whose friend email is the buyer's email, only
//                     when the friend verified that email (the link in the claim email). An
//                     unverified claim attributes only through its own code or its advocate's
//                     link/code; otherwise it is a signal for staff (`unverifiedClaims`), never a
//                     payout path: anyone can claim with someone else's email.
// Tie and conflict rule: the highest-priority signal that resolves to an *active* advocate wins;
// unknown codes and blocked advocates are skipped (they do not block a weaker valid signal).
// Within one source the first value in the order's own order wins (Shopify lists discount codes
// and note attributes as the buyer applied them). Signals that resolve to a different advocate
// than the winner are reported as `conflicts` so staff can see them; they never change the winner.
// See docs/decisions/0005-attribution.md.
import { normalizeEmail } from "../lib/normalize-email";

export const REF_ATTRIBUTE = "_twofold_ref";

export type AttributionSource = "friend_code" | "advocate_code" | "cart_attribute" | "landing_site" | "claimed_email";

export interface AttributionOrder {
  email: string | null;
  discountCodes: string[];
  noteAttributes: { name: string; value: string }[];
  landingSite: string | null;
}

export interface KnownAdvocate {
  id: string;
  code: string;
  status: string; // active | blocked
}

export interface KnownReferral {
  id: string;
  advocateId: string;
  friendCode: string | null;
  friendEmail: string | null;
  /** Set when the referral already belongs to an order. */
  orderGid: string | null;
  /** The friend opened the verification link of the claim email (Referral.friendEmailVerifiedAt). */
  emailVerified: boolean;
}

export interface AttributionIndex {
  advocates: KnownAdvocate[];
  /** Referrals matching the order's codes or email (any order), including already-used ones. */
  referrals: KnownReferral[];
}

export interface Attribution {
  source: AttributionSource;
  advocateId: string;
  /** The existing referral this order completes (friend code, claimed email), else null: a new one is made. */
  referralId: string | null;
  /** The code or email that matched. */
  value: string;
  conflicts: { source: AttributionSource; advocateId: string; value: string }[];
}

/** The ref codes an order carries, strongest first: for loading the index. */
export function attributionKeys(order: AttributionOrder): { codes: string[]; email: string | null } {
  const codes = [...order.discountCodes, ...refAttributeValues(order), ...landingRefs(order)].map(normalizeCode).filter(Boolean);
  return { codes: [...new Set(codes)], email: normalizeEmail(order.email) };
}

export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

function refAttributeValues(order: AttributionOrder): string[] {
  return order.noteAttributes.filter((a) => a.name.trim() === REF_ATTRIBUTE && a.value.trim()).map((a) => a.value);
}

function landingRefs(order: AttributionOrder): string[] {
  if (!order.landingSite) return [];
  try {
    const url = new URL(order.landingSite, "https://shop.invalid");
    return url.searchParams.getAll("ref").filter((v) => v.trim());
  } catch {
    return [];
  }
}

export function attributeOrder(order: AttributionOrder, index: AttributionIndex, orderGid?: string): Attribution | null {
  const advocates = new Map(index.advocates.map((a) => [a.id, a]));
  const byCode = new Map(index.advocates.map((a) => [normalizeCode(a.code), a]));
  const isActive = (advocateId: string) => advocates.get(advocateId)?.status === "active";
  // A referral already used by another order cannot be completed again.
  const open = (r: KnownReferral) => r.orderGid == null || r.orderGid === orderGid;

  const candidates: Omit<Attribution, "conflicts">[] = [];
  for (const code of order.discountCodes.map(normalizeCode)) {
    const referral = index.referrals.find((r) => r.friendCode && normalizeCode(r.friendCode) === code && open(r));
    if (referral && isActive(referral.advocateId)) candidates.push({ source: "friend_code", advocateId: referral.advocateId, referralId: referral.id, value: code });
  }
  // The advocate's personal code is a Shopify discount code too: a friend who never clicked
  // the link can type it at checkout.
  for (const code of order.discountCodes.map(normalizeCode)) {
    const advocate = byCode.get(code);
    if (advocate && advocate.status === "active") candidates.push({ source: "advocate_code", advocateId: advocate.id, referralId: null, value: code });
  }
  for (const [source, values] of [
    ["cart_attribute", refAttributeValues(order)],
    ["landing_site", landingRefs(order)],
  ] as const) {
    for (const value of values.map(normalizeCode)) {
      const advocate = byCode.get(value);
      if (advocate && advocate.status === "active") candidates.push({ source, advocateId: advocate.id, referralId: null, value });
    }
  }
  const email = normalizeEmail(order.email);
  // The earliest claim is listed first by the caller; keep that order.
  const emailClaims = emailClaimsOf(email, index, open, isActive);
  const verified = emailClaims.find((r) => r.emailVerified);
  if (verified) candidates.push({ source: "claimed_email", advocateId: verified.advocateId, referralId: verified.id, value: email! });
  const [winner, ...rest] = candidates;
  if (!winner) return null;
  // A weaker signal for the same advocate is corroboration, not a conflict.
  const conflicts = rest.filter((c) => c.advocateId !== winner.advocateId).map(({ source, advocateId, value }) => ({ source, advocateId, value }));
  // A code-based winner for the advocate who also has an open claim by this buyer completes that claim.
  let referralId = winner.referralId;
  // Its own advocate's link or code was used: that completes an unverified claim too.
  if (!referralId) referralId = rest.find((c) => c.advocateId === winner.advocateId && c.referralId)?.referralId ?? emailClaims.find((r) => r.advocateId === winner.advocateId)?.id ?? null;
  return { ...winner, referralId, conflicts };
}

function emailClaimsOf(email: string | null, index: AttributionIndex, open: (r: KnownReferral) => boolean, isActive: (advocateId: string) => boolean): KnownReferral[] {
  if (!email) return [];
  return index.referrals.filter((r) => open(r) && normalizeEmail(r.friendEmail) === email && isActive(r.advocateId));
}

/**
 * Open claims with the buyer's email that this order's attribution does not complete and that
 * are not verified: shown to staff on the claim's timeline, never paid.
 */
export function unverifiedEmailClaims(order: AttributionOrder, index: AttributionIndex, attribution: Attribution | null, orderGid?: string): KnownReferral[] {
  const advocates = new Map(index.advocates.map((a) => [a.id, a]));
  const open = (r: KnownReferral) => r.orderGid == null || r.orderGid === orderGid;
  return emailClaimsOf(normalizeEmail(order.email), index, open, () => true).filter(
    (r) => !r.emailVerified && r.id !== attribution?.referralId && advocates.get(r.advocateId)?.status !== "blocked",
  );
}
