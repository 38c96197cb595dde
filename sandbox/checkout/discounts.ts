/**
 * Whether a discount code applies to a checkout, by Shopify's rules, and what it takes off:
 * the code exists (any case), is active (started, not ended, not deactivated), has uses left,
 * was not used by this buyer when once-per-customer, is for this buyer when limited to
 * customers (`context.customers`), and the subtotal meets its minimum. Refusals use the
 * wording class of Shopify's checkout.
 */
import { toMinorUnits } from "../admin/money";
import { findDiscountByCode } from "../admin/resolvers";
import type { SandboxDiscountCode, SandboxOrderDiscount, SandboxShop } from "../admin/state";

export interface DiscountBuyer {
  /** Logged-in customer (or the customer the checkout's email belongs to). */
  customerId: string | null;
  email: string | null;
}

export interface DiscountCheckInput {
  shop: SandboxShop;
  code: string;
  buyer: DiscountBuyer;
  subtotalMinor: number;
  shippingMinor: number;
  now: number;
}

export type DiscountCheck =
  | { ok: true; discount: SandboxOrderDiscount; code: SandboxDiscountCode }
  | { ok: false; reason: DiscountRefusal; message: string };

export type DiscountRefusal = "unknown" | "not_started" | "expired" | "usage_limit" | "already_used" | "not_for_buyer" | "minimum" | "nothing_to_discount";

export const REFUSAL_MESSAGES: Record<DiscountRefusal, string> = {
  unknown: "Enter a valid discount code",
  not_started: "This discount code isn't active yet",
  expired: "This discount code has expired",
  usage_limit: "This discount code has reached its usage limit",
  already_used: "This discount code has already been used",
  not_for_buyer: "This discount code isn't available to you",
  minimum: "Your order doesn't meet the minimum purchase for this discount code",
  nothing_to_discount: "This discount code can't be applied to your order",
};

/** The key a once-per-customer code remembers a buyer by. */
export function buyerKey(buyer: DiscountBuyer): string | null {
  if (buyer.customerId) return buyer.customerId;
  return buyer.email ? `email:${buyer.email.trim().toLowerCase()}` : null;
}

function refuse(reason: DiscountRefusal): DiscountCheck {
  return { ok: false, reason, message: REFUSAL_MESSAGES[reason] };
}

function minorOf(amount: unknown, currency: string): number {
  try {
    return toMinorUnits(String(amount ?? "0"), currency);
  } catch {
    return 0;
  }
}

export function checkDiscountCode(input: DiscountCheckInput): DiscountCheck {
  const { shop, buyer, now } = input;
  const d = findDiscountByCode(shop, input.code);
  if (!d) return refuse("unknown");
  if (d.deactivatedAt) return refuse("expired");
  if (Date.parse(d.startsAt) > now) return refuse("not_started");
  if (d.endsAt && Date.parse(d.endsAt) <= now) return refuse("expired");
  if (d.usageLimit != null && d.asyncUsageCount >= d.usageLimit) return refuse("usage_limit");
  if (d.customerIds.length > 0 && !(buyer.customerId && d.customerIds.includes(buyer.customerId))) return refuse("not_for_buyer");
  const key = buyerKey(buyer);
  if (d.appliesOncePerCustomer && key && (d.usedBy ?? []).includes(key)) return refuse("already_used");

  const currency = shop.currencyCode;
  const minimum = (d.input.minimumRequirement as { subtotal?: { greaterThanOrEqualToSubtotal?: unknown } } | undefined)?.subtotal
    ?.greaterThanOrEqualToSubtotal;
  if (minimum != null && input.subtotalMinor < minorOf(minimum, currency)) return refuse("minimum");

  const code = d.code;
  if (d.kind === "freeShipping") {
    if (input.shippingMinor <= 0) return refuse("nothing_to_discount");
    return { ok: true, code: d, discount: { code, discountId: d.id, type: "shipping", amountMinor: input.shippingMinor } };
  }
  const value = ((d.input.customerGets as { value?: Record<string, unknown> } | undefined)?.value ?? {}) as {
    percentage?: number;
    discountAmount?: { amount?: unknown };
  };
  if (typeof value.percentage === "number") {
    // Shopify rounds the order-level amount to the currency's minor unit, half up.
    const amountMinor = Math.min(input.subtotalMinor, Math.round(input.subtotalMinor * value.percentage));
    return { ok: true, code: d, discount: { code, discountId: d.id, type: "percentage", amountMinor } };
  }
  if (value.discountAmount) {
    const amountMinor = Math.min(input.subtotalMinor, minorOf(value.discountAmount.amount, currency));
    return { ok: true, code: d, discount: { code, discountId: d.id, type: "fixed_amount", amountMinor } };
  }
  return refuse("nothing_to_discount");
}

/** Records a use: counts toward the usage limit and remembers the buyer. */
export function recordDiscountUse(d: SandboxDiscountCode, buyer: DiscountBuyer): void {
  d.asyncUsageCount += 1;
  const key = buyerKey(buyer);
  if (key) d.usedBy = [...(d.usedBy ?? []), key];
}
