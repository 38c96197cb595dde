// What the friend's discount code gives, read from the program: one mapping for instant
// claims and after-order codes, so every offer the editor shows is one Shopify can make.
import type { DiscountOffer, DiscountValue } from "../shopify/discount-codes.server";
import type { ProgramConfig } from "./program-config";

export function friendDiscountValue(config: ProgramConfig): DiscountValue {
  const reward = config.friendReward;
  switch (reward.type) {
    case "percentage":
      return { kind: "percentage", percent: reward.percent ?? 0 };
    case "fixed_amount":
      return { kind: "fixedAmount", minorUnits: reward.amountMinor ?? 0, currencyCode: config.currency };
    case "free_shipping":
      return { kind: "freeShipping" };
  }
}

/** Everything an advocate's personal code gives a friend: the value, the minimum, the combinations. */
export function friendDiscountOffer(config: ProgramConfig): DiscountOffer {
  const friend = config.friendReward;
  return {
    value: friendDiscountValue(config),
    minimumSubtotal: friend.minimumSubtotalMinor != null ? { minorUnits: friend.minimumSubtotalMinor, currencyCode: config.currency } : undefined,
    combinesWith: friend.combinesWith,
  };
}

/** Equal for two programs whose friend offer is the same, whatever else changed. */
export function friendOfferKey(config: ProgramConfig): string {
  const offer = friendDiscountOffer(config);
  const c = offer.combinesWith ?? {};
  return JSON.stringify([offer.value, offer.minimumSubtotal ?? null, Boolean(c.orderDiscounts), Boolean(c.productDiscounts), Boolean(c.shippingDiscounts)]);
}
