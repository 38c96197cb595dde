// What the friend's discount code gives, read from the program: one mapping for instant
// claims and after-order codes, so every offer the editor shows is one Shopify can make.
import type { DiscountValue } from "../shopify/discount-codes.server";
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
