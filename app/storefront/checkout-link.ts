// The checkout extension's answer: the buyer's referral link, code, the friend's offer and
// a ready share message. Links go through the app proxy (shopify.app.toml [app_proxy]).
import { describeAdvocateReward, describeFriendOffer, renderShareMessage } from "../program/program-text";
import { referralPath } from "./proxy-answers";
import type { StorefrontProgram } from "../program/storefront-program.server";
import type { StorefrontAddress } from "../shops/storefront-address.server";

/** "/{prefix}/{subpath}" of shopify.app.toml's [app_proxy]. */
export const CHECKOUT_PATH_PREFIX = "/apps/twofold";

export interface CheckoutLinkAnswer {
  link: string;
  code: string;
  /** What the friend gets, said to the buyer ("15% off their first order"). */
  offer: string;
  /** What the buyer earns per friend. */
  reward: string;
  shareMessage: string;
}

/** `locale` is the shopper's language for the offer and reward sentences and the share message (the merchant's words in it, if given). */
export function checkoutLinkAnswer(a: { store: StorefrontAddress; pathPrefix: string; code: string; program: StorefrontProgram; locale?: string }): CheckoutLinkAnswer {
  const link = `${a.store.url}${referralPath(a.pathPrefix, a.code)}`;
  const config = a.program.config;
  return {
    link,
    code: a.code,
    offer: describeFriendOffer(config, a.locale, "others"),
    reward: describeAdvocateReward(config, a.locale),
    shareMessage: renderShareMessage(config, { link, shopName: a.store.name }, a.locale),
  };
}
