// The extension's one network call: the advocate's referral page from the app, with the
// customer account session token. Kept apart from the UI so tests run it against the app.
// The shapes mirror app/customer-account/load-referral-page.server.ts (the app's answer).

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
  const doFetch = args.fetch ?? fetch;
  const query = new URLSearchParams();
  if (args.locale) query.set("locale", args.locale);
  if (args.customerGid) query.set("customer", args.customerGid);
  const qs = query.toString();
  const res = await doFetch(`${args.appUrl.replace(/\/$/, "")}/api/customer-account${qs ? `?${qs}` : ""}`, {
    headers: { Authorization: `Bearer ${args.token}` },
  });
  const body = (await res.json().catch(() => ({}))) as Partial<ReferralPage> & { error?: string };
  if (!res.ok || !body.rewards || !body.storeCredit) return { ok: false, status: res.status, error: body.error ?? `HTTP ${res.status}` };
  return { ok: true, page: body as ReferralPage };
}

/** Share targets opened from the page (s-link href), all carrying the merchant's share message. */
export function shareLinks(l: ShareLink, emailSubject: string): Array<{ key: string; href: string }> {
  const text = encodeURIComponent(l.shareMessage);
  return [
    { key: "email", href: `mailto:?subject=${encodeURIComponent(emailSubject)}&body=${text}` },
    { key: "whatsapp", href: `https://wa.me/?text=${text}` },
    { key: "x", href: `https://x.com/intent/post?text=${text}` },
    { key: "facebook", href: `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(l.link)}` },
    { key: "sms", href: `sms:?&body=${text}` },
  ];
}
