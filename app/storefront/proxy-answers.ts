// The app-proxy answers' bodies: JSON for the storefront script, Liquid (rendered by Shopify
// inside the shop's theme) for forms posted without JavaScript. Every value is escaped.
import { renderShareMessage } from "../program/program-text";
import type { ClaimResult } from "./claim-friend-offer.server";
import { liquidText } from "./proxy-http.server";
import type { StorefrontProgram } from "../program/storefront-program.server";

export interface AdvocateAnswer {
  code: string;
  pathPrefix: string;
  shop: string;
  program: StorefrontProgram;
}

export function referralPath(pathPrefix: string, code: string): string {
  return `${pathPrefix.replace(/\/$/, "")}/r/${encodeURIComponent(code)}`;
}

export function advocateLinkJson(a: AdvocateAnswer) {
  const path = referralPath(a.pathPrefix, a.code);
  // The myshopify domain redirects to the shop's primary domain; the script prefers its own origin.
  const link = `https://${a.shop}${path}`;
  return {
    code: a.code,
    path,
    link,
    shareMessage: renderShareMessage(a.program.config, { link, shopName: a.shop.replace(/\.myshopify\.com$/, "") }),
    message: `Your referral link is ready. Your code: ${a.code}`,
  };
}

export function advocateLinkLiquid(a: AdvocateAnswer): string {
  const path = liquidText(referralPath(a.pathPrefix, a.code));
  return `<div class="twofold twofold-proxy" data-twofold-answer="advocate">
  <h2 class="twofold__heading">Your referral link</h2>
  <p class="twofold__code">Your code: <strong>${liquidText(a.code)}</strong></p>
  <input class="twofold__input" type="text" value="{{ shop.url }}${path}" readonly aria-label="Your referral link">
  <p><a href="/">Back to the store</a></p>
</div>`;
}

export function claimMessage(c: ClaimResult): string {
  if (c.emailedOnly) return `We emailed your code for ${c.offer}. Check your inbox.`;
  if (!c.discountCode) return `You're in! Your gift (${c.offer}) comes by email after your first order.`;
  return `Your code ${c.discountCode} is ready: ${c.offer}.`;
}

export function claimJson(c: ClaimResult) {
  return { code: c.discountCode, discountPath: c.discountPath, offer: c.offer, message: claimMessage(c) };
}

export function claimLiquid(c: ClaimResult): string {
  const apply = c.discountPath
    ? `<p><a class="twofold__button" href="${liquidText(c.discountPath)}">Apply my discount and shop</a></p>`
    : `<p><a href="/">Back to the store</a></p>`;
  return `<div class="twofold twofold-proxy" data-twofold-answer="claim">
  <h2 class="twofold__heading">Your gift is ready</h2>
  <p class="twofold__offer">${liquidText(claimMessage(c))}</p>
  ${c.discountCode ? `<p class="twofold__code">Your code: <strong>${liquidText(c.discountCode)}</strong></p>` : ""}
  ${apply}
</div>`;
}
