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

const REFUSALS: Record<StorefrontRefusal, { status: number; message: string }> = {
  invalid_email: { status: 422, message: "Enter a valid email address." },
  program_unavailable: { status: 409, message: "The referral program is not running right now." },
  unknown_code: { status: 404, message: "This referral link is not valid. Ask your friend for a new one." },
  self_referral: { status: 403, message: "You can't use your own referral link. Share it with a friend instead." },
  rate_limited: { status: 429, message: "Too many attempts. Please wait a minute and try again." },
  claim_limit_reached: { status: 429, message: "Too many gifts were claimed in the last hour. Please try again later." },
  offer_not_claimable: { status: 409, message: "This offer is applied after your first order; no code is needed now." },
  already_customer_advocate: { status: 409, message: "This email belongs to a customer account. Log in to see your link." },
  offer_unsupported: { status: 409, message: "This offer can't be claimed online yet. It will be applied to your order by the store." },
  shopify_unavailable: { status: 503, message: "We couldn't create your discount right now. Please try again in a minute." },
};

export class StorefrontError extends Error {
  readonly status: number;
  /** The abuse limit that refused the request, when one did (counted on the dashboard). */
  limit?: string;
  constructor(readonly reason: StorefrontRefusal) {
    super(REFUSALS[reason].message);
    this.name = "StorefrontError";
    this.status = REFUSALS[reason].status;
  }
}
