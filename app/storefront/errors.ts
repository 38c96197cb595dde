import { translate, type MessageKey } from "../lib/i18n/i18n";

// What the storefront endpoints can refuse, with the status and the sentence a shopper reads.
export type StorefrontRefusal =
  | "invalid_email"
  | "program_unavailable"
  | "unknown_code"
  | "self_referral"
  | "rate_limited"
  | "claim_limit_reached"
  | "offer_not_claimable"
  | "already_customer_advocate"
  | "shopify_unavailable"
  | "offer_unsupported";

// `key` names the sentence in the catalogs (app/lib/i18n); the error's own message is its English (logs).
const REFUSALS: Record<StorefrontRefusal, { status: number; key: MessageKey }> = {
  invalid_email: { status: 422, key: "refusal.invalid_email" },
  program_unavailable: { status: 409, key: "refusal.program_unavailable" },
  unknown_code: { status: 404, key: "refusal.unknown_code" },
  self_referral: { status: 403, key: "refusal.self_referral" },
  rate_limited: { status: 429, key: "refusal.rate_limited" },
  claim_limit_reached: { status: 429, key: "refusal.claim_limit_reached" },
  offer_not_claimable: { status: 409, key: "refusal.offer_not_claimable" },
  already_customer_advocate: { status: 409, key: "refusal.already_customer_advocate" },
  offer_unsupported: { status: 409, key: "refusal.offer_unsupported" },
  shopify_unavailable: { status: 503, key: "refusal.shopify_unavailable" },
};

export class StorefrontError extends Error {
  readonly status: number;
  /** The catalog key of the sentence the shopper reads. */
  readonly messageKey: MessageKey;
  /** The abuse limit that refused the request, when one did (counted on the dashboard). */
  limit?: string;
  constructor(readonly reason: StorefrontRefusal) {
    super(translate("en", REFUSALS[reason].key));
    this.name = "StorefrontError";
    this.status = REFUSALS[reason].status;
    this.messageKey = REFUSALS[reason].key;
  }
}
