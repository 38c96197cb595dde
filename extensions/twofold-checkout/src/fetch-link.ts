// The one network call of the extension: the buyer's referral link from the app, with the
// checkout session token. Kept apart from the UI so it can be tested without a checkout.
import { requestApp, shareHrefs } from "../../shared/app-request";

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
  const result = await requestApp<CheckoutLink>({
    ...args,
    path: "/api/checkout/link",
    query: { locale: args.locale },
    json: args.email ? { email: args.email } : {},
    accept: (body): body is CheckoutLink => Boolean(body.link && body.code),
  });
  if (!result.ok) return result;
  const body = result.body;
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
  const href = shareHrefs(l, labels.subject);
  return (["email", "whatsapp", "x", "facebook"] as const).map((key) => ({ label: labels[key], href: href[key] }));
}
