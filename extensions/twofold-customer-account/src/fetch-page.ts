// The extension's one network call: the advocate's referral page from the app, with the
// customer account session token. Kept apart from the UI so tests run it against the app.
// The shapes mirror app/customer-account/load-referral-page.server.ts (the app's answer).
import { requestApp, shareHrefs } from "../../shared/app-request";

export interface Money {
  amountMinor: number;
  currency: string;
  /** Already formatted in the page's language. */
  amount: string;
}

export interface RewardLine extends Money {
  kind: "store_credit" | "discount_code";
  milestone: boolean;
  discountCode: string | null;
  date: string;
  expiresAt: string | null;
  expired: boolean;
}

export interface FriendLine {
  initials: string;
  status: "joined" | "ordered" | "pending" | "rewarded" | "not_eligible";
  since: string;
  /** Why it earns nothing (yet), for the advocate; null when nothing needs saying. */
  reason: "ordered_before" | "own_order" | "refunded" | "below_minimum" | "not_eligible" | "in_review" | "on_hold" | null;
  holdUntil: string | null;
}

export interface ShareLink {
  link: string;
  code: string;
  offer: string;
  reward: string;
  shareMessage: string;
}

export interface ReferralPage {
  link: ShareLink | null;
  linkUnavailable: null | "program_paused" | "advocate_blocked";
  friendCount: number;
  friends: FriendLine[];
  rewards: { pending: RewardLine[]; issued: RewardLine[]; expiring: RewardLine[] };
  storeCredit: { source: "shopify" | "ledger"; balances: Money[] };
}

export type PageResult = { ok: true; page: ReferralPage } | { ok: false; status: number; error: string };

export async function fetchReferralPage(args: {
  appUrl: string;
  token: string;
  /** The page's language, for amounts. */
  locale?: string;
  /** The logged-in customer's GID as the page knows it; the app refuses a token for anyone else. */
  customerGid?: string | null;
  fetch?: typeof fetch;
}): Promise<PageResult> {
  const result = await requestApp<ReferralPage>({
    ...args,
    path: "/api/customer-account",
    query: { locale: args.locale, customer: args.customerGid },
    accept: (body): body is ReferralPage => Boolean(body.rewards && body.storeCredit),
  });
  return result.ok ? { ok: true, page: result.body } : result;
}

/** Share targets opened from the page (s-link href), all carrying the merchant's share message. */
export function shareLinks(l: ShareLink, emailSubject: string): Array<{ key: string; href: string }> {
  const href = shareHrefs(l, emailSubject);
  return (["email", "whatsapp", "x", "facebook", "sms"] as const).map((key) => ({ key, href: href[key] }));
}
