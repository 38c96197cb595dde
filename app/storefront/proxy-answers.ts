// The app-proxy answers' bodies: JSON for the storefront script, Liquid (rendered by Shopify
// inside the shop's theme) for forms posted without JavaScript. Every value is escaped.
import { translate } from "../lib/i18n/i18n";
import { renderShareMessage } from "../program/program-text";
import type { ClaimResult } from "./claim-friend-offer.server";
import { liquidText } from "./proxy-http.server";
import type { StorefrontProgram } from "../program/storefront-program.server";
import type { StorefrontAddress } from "../shops/storefront-address.server";

export interface AdvocateAnswer {
  code: string;
  pathPrefix: string;
  shop: string;
  /** Where the link points and the shop's name for the share message. */
  store: StorefrontAddress;
  program: StorefrontProgram;
  /** The shopper's storefront language (BCP 47), null when the request did not say. */
  locale?: string | null;
}

export function referralPath(pathPrefix: string, code: string): string {
  return `${pathPrefix.replace(/\/$/, "")}/r/${encodeURIComponent(code)}`;
}

export function advocateLinkJson(a: AdvocateAnswer) {
  const path = referralPath(a.pathPrefix, a.code);
  // On the shop's primary domain once known (the script still prefers its own origin).
  const link = `${a.store.url}${path}`;
  return {
    code: a.code,
    path,
    link,
    shareMessage: renderShareMessage(a.program.config, { link, shopName: a.store.name }, a.locale ?? undefined),
    message: translate(a.locale, "proxy.linkReady", { code: a.code }),
  };
}

export function advocateLinkLiquid(a: AdvocateAnswer): string {
  const path = liquidText(referralPath(a.pathPrefix, a.code));
  const say = (key: "proxy.linkHeading" | "proxy.yourCode" | "proxy.backToStore") => liquidText(translate(a.locale, key));
  return `<div class="twofold twofold-proxy" data-twofold-answer="advocate">
  <h2 class="twofold__heading">${say("proxy.linkHeading")}</h2>
  <p class="twofold__code">${say("proxy.yourCode")}: <strong>${liquidText(a.code)}</strong></p>
  <input class="twofold__input" type="text" value="{{ shop.url }}${path}" readonly aria-label="${say("proxy.linkHeading")}">
  <p><a href="/">${say("proxy.backToStore")}</a></p>
</div>`;
}

/** What the claim page says, in the friend's language (`c.offer` is already in it). */
export function claimMessage(c: ClaimResult, locale?: string | null): string {
  if (c.pending) return translate(locale, "claim.pending", { offer: c.offer });
  if (c.emailedOnly) return translate(locale, "claim.emailedOnly", { offer: c.offer });
  if (!c.discountCode) return translate(locale, "claim.afterOrder", { offer: c.offer });
  return translate(locale, "claim.ready", { code: c.discountCode, offer: c.offer });
}

/** `poll`: where a pending answer is asked again (the storefront path of claim-status). */
export function claimJson(c: ClaimResult, locale?: string | null, poll?: string) {
  const answer = { code: c.discountCode, discountPath: c.discountPath, offer: c.offer, message: claimMessage(c, locale) };
  return c.pending ? { ...answer, pending: true, poll } : answer;
}

export function claimLiquid(c: ClaimResult, locale?: string | null, poll?: string): string {
  if (c.pending) {
    return `<div class="twofold twofold-proxy" data-twofold-answer="claim-pending">
  <p class="twofold__offer">${liquidText(claimMessage(c, locale))}</p>
  ${poll ? `<p><a class="twofold__button" href="${liquidText(poll)}">${liquidText(translate(locale, "claim.checkAgain"))}</a></p>` : ""}
</div>`;
  }
  const apply = c.discountPath
    ? `<p><a class="twofold__button" href="${liquidText(c.discountPath)}">${liquidText(translate(locale, "claim.apply"))}</a></p>`
    : `<p><a href="/">${liquidText(translate(locale, "proxy.backToStore"))}</a></p>`;
  return `<div class="twofold twofold-proxy" data-twofold-answer="claim">
  <h2 class="twofold__heading">${liquidText(translate(locale, "claim.heading"))}</h2>
  <p class="twofold__offer">${liquidText(claimMessage(c, locale))}</p>
  ${c.discountCode ? `<p class="twofold__code">${liquidText(translate(locale, "proxy.yourCode"))}: <strong>${liquidText(c.discountCode)}</strong></p>` : ""}
  ${apply}
</div>`;
}
