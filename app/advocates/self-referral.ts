// The one place that decides whether a shopper is the advocate themself: the same Shopify
// customer, the same email, or the same mailbox once dots and +tags are ignored. The claim
// guard, qualification and the fraud rule all ask here (the fraud rule adds address and card
// matches on top, as signals).
import { normalizeEmail } from "../lib/normalize-email";

export type SelfReferralMatch = "customer" | "email" | "normalized_email";

export function selfReferralMatch(
  advocate: { customerGid: string | null; email: string | null },
  shopper: { customerGid?: string | null; email?: string | null },
): SelfReferralMatch | null {
  if (shopper.customerGid && advocate.customerGid && shopper.customerGid === advocate.customerGid) return "customer";
  const buyer = shopper.email?.trim().toLowerCase();
  const own = advocate.email?.trim().toLowerCase();
  if (buyer && own && buyer === own) return "email";
  const normalized = normalizeEmail(buyer);
  if (normalized && normalized === normalizeEmail(own)) return "normalized_email";
  return null;
}
