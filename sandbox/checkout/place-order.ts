/**
 * Placing an order at the sandbox checkout, with Shopify's effects: the order joins the
 * shop's Admin state, the buyer becomes (or stays) a customer whose numberOfOrders grows,
 * the discount code's use is recorded, store credit spent is debited (ORDER_PAYMENT), and
 * orders/create then orders/paid go out to the app. Refunds and cancels send
 * refunds/create and orders/cancelled the same way.
 */
import { randomUUID } from "node:crypto";
import { convertMinorUnits, formatMinorUnits, toMinorUnits } from "../admin/money";
import { addCustomer, gid, orderPresentmentMinor, type SandboxCustomer, type SandboxOrder, type SandboxOrderDiscount, type SandboxShop, type SandboxState } from "../admin/state";
import { consumeStoreCredit, spendableStoreCredit } from "../admin/store-credit-ledger";
import type { SandboxContext } from "../router";
import { orderPayload, randomShopifyId, refundPayload } from "../storefront/payloads";
import { CATALOG, productByVariant, SHIPPING_RATE } from "./catalog";
import { checkDiscountCode, recordDiscountUse, type DiscountBuyer } from "./discounts";
import { sendWebhook } from "./webhook-outbox";

export interface CheckoutLineInput {
  /** ProductVariant gid, its numeric id or a product handle ("demo"). */
  variantId: string;
  quantity: number;
}

export interface CheckoutInput {
  lines: CheckoutLineInput[];
  /** The logged-in customer (gid), if any. */
  customerId: string | null;
  /** Contact email; a logged-in customer's own email when omitted. */
  email: string | null;
  discountCode: string | null;
  useStoreCredit: boolean;
  attributes: Record<string, string>;
  note: string | null;
  landingSite: string | null;
  referringSite: string | null;
  browserIp: string | null;
  userAgent: string | null;
  locale: string;
  firstName?: string | null;
  lastName?: string | null;
  /** The buyer's currency when the shop sells in it (shop.presentmentRates); the shop's otherwise. */
  presentmentCurrency?: string | null;
}

export interface CheckoutField {
  field: "lines" | "email" | "discountCode" | "customer" | "currency";
  message: string;
}

/** What the buyer would pay: the checkout page's summary and the order's amounts. */
export interface CheckoutQuote {
  /** The shop's currency: every amount below is in it, except the store credit ones. */
  currencyCode: string;
  /** The buyer's currency and the rate from the shop's; prices are shown converted. */
  presentmentCurrencyCode: string;
  presentmentRate: string;
  lines: { variantId: string; productId: string; title: string; quantity: number; priceMinor: number }[];
  subtotalMinor: number;
  shippingMinor: number;
  discount: SandboxOrderDiscount | null;
  discountError: string | null;
  /** Store credit the buyer may apply (logged in, new customer accounts), in the presentment currency: only that account's balance. */
  storeCreditAvailableMinor: number;
  /** Applied store credit, presentment currency. */
  storeCreditMinor: number;
  totalMinor: number;
  /** What is left to pay by card after store credit, presentment currency. */
  dueMinor: number;
  buyer: DiscountBuyer;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The shop's customer with this email (any case), as Shopify links a guest's order to it. */
export function customerByEmail(shop: SandboxShop, email: string): SandboxCustomer | undefined {
  const lower = email.trim().toLowerCase();
  for (const c of shop.customers.values()) if ((c.email ?? "").toLowerCase() === lower) return c;
  return undefined;
}

/** Prices the checkout; never changes state. */
export function quoteCheckout(state: SandboxState, shop: SandboxShop, input: CheckoutInput): { quote: CheckoutQuote; errors: CheckoutField[] } {
  const errors: CheckoutField[] = [];
  const currency = shop.currencyCode;
  const wanted = input.presentmentCurrency?.trim().toUpperCase() || currency;
  const rate = wanted === currency ? "1" : shop.presentmentRates[wanted];
  if (!rate) errors.push({ field: "currency", message: `The shop does not sell in ${wanted}` });
  const presentment = rate ? wanted : currency;
  const present = (minor: number) => convertMinorUnits(minor, currency, presentment, rate ?? "1");
  const lines: CheckoutQuote["lines"] = [];
  for (const line of input.lines) {
    const product = productByVariant(line.variantId);
    if (!product) {
      errors.push({ field: "lines", message: `Unknown product variant ${line.variantId}` });
      continue;
    }
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
      errors.push({ field: "lines", message: "Quantity must be a whole number above 0" });
      continue;
    }
    lines.push({ variantId: product.variantId, productId: product.productId, title: product.title, quantity: line.quantity, priceMinor: toMinorUnits(product.price, currency) });
  }
  if (lines.length === 0 && errors.length === 0) errors.push({ field: "lines", message: "Your cart is empty" });

  const customer = input.customerId ? shop.customers.get(input.customerId) : undefined;
  if (input.customerId && !customer) errors.push({ field: "customer", message: `Unknown customer ${input.customerId}` });
  const email = (input.email ?? customer?.email ?? "").trim() || null;
  if (!email) errors.push({ field: "email", message: "Enter an email" });
  else if (!EMAIL.test(email)) errors.push({ field: "email", message: "Enter a valid email" });
  // A guest whose email belongs to a customer checks out as that customer (Shopify links the order).
  const buyerCustomer = customer ?? (email ? customerByEmail(shop, email) : undefined);
  const buyer: DiscountBuyer = { customerId: buyerCustomer?.id ?? null, email };

  const subtotalMinor = lines.reduce((sum, l) => sum + l.priceMinor * l.quantity, 0);
  const shippingMinor = lines.length ? toMinorUnits(SHIPPING_RATE, currency) : 0;
  let discount: SandboxOrderDiscount | null = null;
  let discountError: string | null = null;
  if (input.discountCode?.trim()) {
    const check = checkDiscountCode({ shop, code: input.discountCode, buyer, subtotalMinor, shippingMinor, now: state.now() });
    if (check.ok) discount = check.discount;
    else {
      discountError = check.message;
      errors.push({ field: "discountCode", message: check.message });
    }
  }
  const totalMinor = subtotalMinor + shippingMinor - (discount?.amountMinor ?? 0);
  // Store credit only for a logged-in buyer on new customer accounts, and only the account in
  // the checkout's (presentment) currency: credit held in another currency is not offered.
  const canSpendCredit = Boolean(customer) && shop.customerAccountsVersion === "NEW_CUSTOMER_ACCOUNTS";
  const storeCreditAvailableMinor = canSpendCredit ? spendableStoreCredit(state, shop, customer!.id, presentment).balanceMinor : 0;
  const storeCreditMinor = input.useStoreCredit ? Math.min(storeCreditAvailableMinor, present(totalMinor)) : 0;
  return {
    quote: {
      currencyCode: currency,
      presentmentCurrencyCode: presentment,
      presentmentRate: rate ?? "1",
      lines,
      subtotalMinor,
      shippingMinor,
      discount,
      discountError,
      storeCreditAvailableMinor,
      storeCreditMinor,
      totalMinor,
      dueMinor: present(totalMinor) - storeCreditMinor,
      buyer,
    },
    errors,
  };
}

/** Places the order, or answers why not (nothing changes then). */
export function placeOrder(ctx: SandboxContext, shop: SandboxShop, input: CheckoutInput): { order: SandboxOrder } | { errors: CheckoutField[]; quote: CheckoutQuote } {
  const { state } = ctx;
  const { quote, errors } = quoteCheckout(state, shop, input);
  if (errors.length) return { errors, quote };
  const nowIso = new Date(state.now()).toISOString();
  const email = quote.buyer.email!;

  let customer = quote.buyer.customerId ? shop.customers.get(quote.buyer.customerId)! : undefined;
  // Shopify makes every new buyer a customer.
  customer ??= addCustomer(state, shop, { email, firstName: input.firstName ?? null, lastName: input.lastName ?? null, locale: input.locale });

  const order: SandboxOrder = {
    id: gid("Order", randomShopifyId().toString()),
    number: 1001 + shop.orders.size,
    name: `#${1001 + shop.orders.size}`,
    createdAt: nowIso,
    processedAt: nowIso,
    updatedAt: nowIso,
    email,
    customerId: customer.id,
    currencyCode: quote.currencyCode,
    presentmentCurrencyCode: quote.presentmentCurrencyCode,
    presentmentRate: quote.presentmentRate,
    lines: quote.lines.map((l) => ({
      id: gid("LineItem", randomShopifyId().toString()),
      title: l.title,
      quantity: l.quantity,
      priceMinor: l.priceMinor,
      productId: l.productId,
      variantId: l.variantId,
      sku: CATALOG.find((p) => p.variantId === l.variantId)?.handle ?? "",
    })),
    subtotalMinor: quote.subtotalMinor,
    shippingMinor: quote.shippingMinor,
    discounts: quote.discount ? [quote.discount] : [],
    totalDiscountsMinor: quote.discount?.amountMinor ?? 0,
    storeCreditMinor: quote.storeCreditMinor,
    totalMinor: quote.totalMinor,
    noteAttributes: Object.entries(input.attributes).map(([name, value]) => ({ name, value })),
    note: input.note,
    landingSite: input.landingSite,
    referringSite: input.referringSite,
    browserIp: input.browserIp,
    userAgent: input.userAgent,
    locale: input.locale,
    financialStatus: "paid",
    cancelledAt: null,
    cancelReason: null,
    refunds: [],
  };

  if (quote.discount) {
    recordDiscountUse(shop.discounts.get(quote.discount.discountId)!, { customerId: customer.id, email });
  }
  if (quote.storeCreditMinor > 0) {
    const { account } = spendableStoreCredit(state, shop, customer.id, quote.presentmentCurrencyCode);
    account!.balanceMinor -= quote.storeCreditMinor;
    consumeStoreCredit(account!, quote.storeCreditMinor);
    account!.transactions.push({
      id: gid("StoreCreditAccountDebitTransaction", state.nextId()),
      kind: "DEBIT",
      event: "ORDER_PAYMENT",
      amountMinor: -quote.storeCreditMinor,
      balanceAfterMinor: account!.balanceMinor,
      createdAt: nowIso,
      expiresAt: null,
      notify: false,
      orderId: order.id,
    });
  }
  customer.numberOfOrders += 1;
  customer.amountSpentMinor += quote.totalMinor;
  customer.updatedAt = nowIso;
  shop.orders.set(order.id, order);

  sendWebhook(ctx, shop.domain, "orders/create", orderWebhookPayload(shop, order));
  sendWebhook(ctx, shop.domain, "orders/paid", orderWebhookPayload(shop, order));
  return { order };
}

const money = (minor: number, currency: string) => formatMinorUnits(minor, currency);

/** The order as orders/create, orders/paid and orders/cancelled carry it. */
export function orderWebhookPayload(shop: SandboxShop, order: SandboxOrder): Record<string, unknown> {
  const currency = order.currencyCode;
  const customer = order.customerId ? shop.customers.get(order.customerId) : undefined;
  const orderDiscounts = order.discounts.filter((d) => d.type !== "shipping");
  const shippingDiscounts = order.discounts.filter((d) => d.type === "shipping");
  const p = orderPayload({
    id: order.id,
    number: order.number,
    email: order.email,
    customer: customer ? { id: customer.id, email: customer.email, firstName: customer.firstName, lastName: customer.lastName } : null,
    currency,
    lineItems: order.lines.map((l) => ({ id: l.id, title: l.title, price: money(l.priceMinor, currency), quantity: l.quantity, productId: l.productId, variantId: l.variantId, sku: l.sku })),
    shipping: money(order.shippingMinor, currency),
    discountCodes: orderDiscounts.map((d) => ({ code: d.code, amount: money(d.amountMinor, currency), type: d.type })),
    noteAttributes: order.noteAttributes,
    note: order.note,
    landingSite: order.landingSite,
    referringSite: order.referringSite,
    browserIp: order.browserIp,
    userAgent: order.userAgent,
    financialStatus: order.financialStatus,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    createdAt: order.createdAt,
  });
  const shippingDiscount = shippingDiscounts.reduce((s, d) => s + d.amountMinor, 0);
  const shippingPrice = money(order.shippingMinor, currency);
  const moneySet = (amount: string) => ({ shop_money: { amount, currency_code: currency }, presentment_money: { amount, currency_code: order.presentmentCurrencyCode } });
  p.shipping_lines = [
    {
      id: randomShopifyId(),
      carrier_identifier: null,
      code: "Standard",
      discounted_price: money(order.shippingMinor - shippingDiscount, currency),
      discounted_price_set: moneySet(money(order.shippingMinor - shippingDiscount, currency)),
      discount_allocations: shippingDiscount ? [{ amount: money(shippingDiscount, currency), amount_set: moneySet(money(shippingDiscount, currency)), discount_application_index: orderDiscounts.length }] : [],
      is_removed: false,
      phone: null,
      price: shippingPrice,
      price_set: moneySet(shippingPrice),
      requested_fulfillment_service_id: null,
      source: "shopify",
      title: "Standard shipping",
      tax_lines: [],
    },
  ];
  if (shippingDiscounts.length) {
    const codes = p.discount_codes as Record<string, unknown>[];
    const apps = p.discount_applications as Record<string, unknown>[];
    for (const d of shippingDiscounts) {
      codes.push({ code: d.code, amount: money(d.amountMinor, currency), type: "shipping" });
      apps.push({ target_type: "shipping_line", type: "discount_code", value: "100.0", value_type: "percentage", allocation_method: "each", target_selection: "all", code: d.code });
    }
    const total = money(order.totalMinor, currency);
    const discounts = money(order.totalDiscountsMinor, currency);
    Object.assign(p, {
      total_discounts: discounts,
      total_discounts_set: moneySet(discounts),
      current_total_discounts: discounts,
      current_total_discounts_set: moneySet(discounts),
      total_shipping_price_set: moneySet(money(order.shippingMinor - shippingDiscount, currency)),
      current_shipping_price_set: moneySet(money(order.shippingMinor - shippingDiscount, currency)),
      total_price: total,
      total_price_set: moneySet(total),
      current_total_price: total,
      current_total_price_set: moneySet(total),
    });
  }
  p.payment_gateway_names = order.storeCreditMinor > 0 ? (order.storeCreditMinor < orderPresentmentMinor(order, order.totalMinor) ? ["shopify_store_credit", "bogus"] : ["shopify_store_credit"]) : ["bogus"];
  p.customer_locale = order.locale;
  p.buyer_accepts_marketing = false;
  p.presentment_currency = order.presentmentCurrencyCode;
  if (order.refunds.length) {
    const refunded = order.refunds.reduce((s, r) => s + r.amountMinor, 0);
    p.refunds = order.refunds.map((r) => ({ id: BigInt(r.id.split("/").pop()!), admin_graphql_api_id: r.id, created_at: r.createdAt, note: r.note, order_id: BigInt(order.id.split("/").pop()!) }));
    p.current_total_price = money(order.totalMinor - refunded, currency);
    p.current_total_price_set = moneySet(money(order.totalMinor - refunded, currency));
  }
  p.total_outstanding = "0.00";
  if (order.presentmentCurrencyCode !== currency) convertPresentmentMoney(p, order);
  return p;
}

/** Every money set of the payload with its presentment side in the order's presentment currency (the builder wrote shop amounts on both). */
function convertPresentmentMoney(node: unknown, order: SandboxOrder): void {
  if (Array.isArray(node)) return node.forEach((n) => convertPresentmentMoney(n, order));
  if (!node || typeof node !== "object") return;
  const set = node as { shop_money?: { amount: string }; presentment_money?: unknown };
  if (set.shop_money && set.presentment_money) {
    // From the shop side, so a set shared by two fields is not converted twice.
    const amount = money(orderPresentmentMinor(order, toMinorUnits(set.shop_money.amount, order.currencyCode)), order.presentmentCurrencyCode);
    set.presentment_money = { amount, currency_code: order.presentmentCurrencyCode };
    return;
  }
  for (const value of Object.values(node as Record<string, unknown>)) convertPresentmentMoney(value, order);
}

function refundedMinor(order: SandboxOrder): number {
  return order.refunds.reduce((s, r) => s + r.amountMinor, 0);
}

/** Refunds part or all of what is left (default all); sends refunds/create. */
export function refundOrder(ctx: SandboxContext, shop: SandboxShop, order: SandboxOrder, input: { amountMinor?: number; note?: string | null }): { ok: true } | { error: string } {
  const left = order.totalMinor - refundedMinor(order);
  const amountMinor = input.amountMinor ?? left;
  if (!Number.isInteger(amountMinor) || amountMinor <= 0) return { error: "Refund amount must be greater than 0" };
  if (amountMinor > left) return { error: `Refund amount can't exceed ${money(left, order.currencyCode)} ${order.currencyCode} left on the order` };
  const nowIso = new Date(ctx.state.now()).toISOString();
  const refund = { id: gid("Refund", randomShopifyId().toString()), createdAt: nowIso, amountMinor, note: input.note ?? null };
  order.refunds.push(refund);
  order.updatedAt = nowIso;
  order.financialStatus = refundedMinor(order) >= order.totalMinor ? "refunded" : "partially_refunded";
  // A full refund lists every line; a partial one only moves money.
  const full = amountMinor === order.totalMinor;
  sendWebhook(
    ctx,
    shop.domain,
    "refunds/create",
    refundPayload({
      id: refund.id,
      orderId: order.id,
      amount: money(amountMinor, order.currencyCode),
      currency: order.currencyCode,
      note: refund.note,
      createdAt: nowIso,
      lineItems: full ? order.lines.map((l) => ({ lineItemId: l.id, quantity: l.quantity, subtotal: money(l.priceMinor * l.quantity, order.currencyCode), title: l.title })) : [],
    }),
  );
  return { ok: true };
}

/** Cancels the order (refunding what is left unless told not to); sends refunds/create and orders/cancelled. */
export function cancelOrder(ctx: SandboxContext, shop: SandboxShop, order: SandboxOrder, input: { reason?: string; refund?: boolean }): { ok: true } | { error: string } {
  if (order.cancelledAt) return { error: `Order ${order.name} is already cancelled` };
  if (input.refund !== false && order.totalMinor - refundedMinor(order) > 0) {
    const refunded = refundOrder(ctx, shop, order, { note: "Order cancelled" });
    if ("error" in refunded) return refunded;
  }
  order.cancelledAt = new Date(ctx.state.now()).toISOString();
  order.updatedAt = order.cancelledAt;
  order.cancelReason = input.reason ?? "customer";
  sendWebhook(ctx, shop.domain, "orders/cancelled", orderWebhookPayload(shop, order), randomUUID());
  return { ok: true };
}
