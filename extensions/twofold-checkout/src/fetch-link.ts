// The one network call of the extension: the buyer's referral link from the app, with the
// checkout session token. Kept apart from the UI so it can be tested without a checkout.

export interface CheckoutLink {
  link: string;
  code: string;
  offer: string;
  reward: string;
  shareMessage: string;
}

export type LinkResult = { ok: true; link: CheckoutLink } | { ok: false; status: number; error: string };

export async function fetchCheckoutLink(args: {
  appUrl: string;
  token: string;
  /** The guest's checkout email (logged-in buyers are known from the token). */
  email?: string | null;
  /** The buyer's checkout language (BCP 47): the offer and reward come back in it. */
  locale?: string | null;
  fetch?: typeof fetch;
}): Promise<LinkResult> {
  const doFetch = args.fetch ?? fetch;
  const query = args.locale ? `?locale=${encodeURIComponent(args.locale)}` : "";
  const res = await doFetch(`${args.appUrl.replace(/\/$/, "")}/api/checkout/link${query}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${args.token}`, "Content-Type": "application/json" },
    body: JSON.stringify(args.email ? { email: args.email } : {}),
  });
  const body = (await res.json().catch(() => ({}))) as Partial<CheckoutLink> & { error?: string };
  if (!res.ok || !body.link || !body.code) return { ok: false, status: res.status, error: body.error ?? `HTTP ${res.status}` };
  return {
    ok: true,
    link: { link: body.link, code: body.code, offer: body.offer ?? "", reward: body.reward ?? "", shareMessage: body.shareMessage ?? body.link },
  };
}

export interface ShareLabels {
  email: string;
  whatsapp: string;
  x: string;
  facebook: string;
  /** The email's subject line. */
  subject: string;
}

/** Share targets that open in a new tab from the extension (s-link href), labelled in the buyer's language. */
export function shareLinks(l: CheckoutLink, labels: ShareLabels): Array<{ label: string; href: string }> {
  const text = encodeURIComponent(l.shareMessage);
  const url = encodeURIComponent(l.link);
  return [
    { label: labels.email, href: `mailto:?subject=${encodeURIComponent(labels.subject)}&body=${text}` },
    { label: labels.whatsapp, href: `https://wa.me/?text=${text}` },
    { label: labels.x, href: `https://x.com/intent/post?text=${text}` },
    { label: labels.facebook, href: `https://www.facebook.com/sharer/sharer.php?u=${url}` },
  ];
}
