/**
 * Webhook payload builders, shaped from Shopify's own sample payloads (fixtures/). Ids are
 * accepted as string, number or bigint and emitted as bare JSON numbers, so ids above 2^53
 * reach the app exactly as Shopify sends them (and JSON.parse in the app would round them).
 */
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { parseJsonLossless } from "./json";

export type ShopifyId = string | number | bigint;
type Json = Record<string, unknown>;

const fixturesDir = new URL("./fixtures/", import.meta.url);

/** A fresh, deep copy of one of Shopify's sample payloads (big ids as bigint). */
export function loadFixture(name: string): Json {
  return parseJsonLossless<Json>(readFileSync(new URL(`${name}.json`, fixturesDir), "utf8"));
}

function toId(id: ShopifyId): bigint {
  const text = String(id).replace(/^gid:\/\/shopify\/[A-Za-z]+\//, "");
  if (!/^\d+$/.test(text)) throw new Error(`Not a numeric Shopify id: ${String(id)}`);
  return BigInt(text);
}

/** A random id in Shopify's usual 18-digit range (above 2^53, on purpose). */
export function randomShopifyId(): bigint {
  return 100_000_000_000_000_000n + (randomBytes(8).readBigUInt64BE() % 800_000_000_000_000_000n);
}

/** Decimal string ("12.50") to integer cents; refuses floats with more than 2 decimals. */
function toCents(amount: string | number): bigint {
  const text = String(amount);
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new Error(`Not a money amount: ${text}`);
  const cents = BigInt(m[2]) * 100n + BigInt((m[3] ?? "0").padEnd(2, "0"));
  return m[1] ? -cents : cents;
}

function formatCents(cents: bigint): string {
  const sign = cents < 0n ? "-" : "";
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

function moneySet(amount: string, currency: string): Json {
  return {
    shop_money: { amount, currency_code: currency },
    presentment_money: { amount, currency_code: currency },
  };
}

function shopDomain(shop: string): string {
  return shop.includes(".") ? shop : `${shop}.myshopify.com`;
}

// ---------------------------------------------------------------- app/uninstalled

export interface AppUninstalledInput {
  shop: string;
  id?: ShopifyId;
  name?: string;
  email?: string;
  currency?: string;
}

export function appUninstalledPayload(input: AppUninstalledInput): Json {
  const domain = shopDomain(input.shop);
  const p = loadFixture("app-uninstalled");
  if (input.id != null) p.id = toId(input.id);
  p.name = input.name ?? domain.split(".")[0];
  p.email = input.email ?? `owner@${domain}`;
  p.customer_email = p.email;
  p.domain = domain;
  p.myshopify_domain = domain;
  if (input.currency) {
    p.currency = input.currency;
    p.enabled_presentment_currencies = [input.currency];
  }
  return p;
}

// ---------------------------------------------------------------- orders/*

export interface OrderLineInput {
  title: string;
  /** Unit price, decimal string in the shop currency ("49.00"). */
  price: string;
  quantity?: number;
  id?: ShopifyId;
  productId?: ShopifyId;
  variantId?: ShopifyId;
  sku?: string;
}

export interface OrderCustomerInput {
  id: ShopifyId;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

export interface OrderInput {
  id?: ShopifyId;
  /** Order number; name becomes "#<number>". */
  number?: number;
  email?: string | null;
  customer?: OrderCustomerInput | null;
  currency?: string;
  lineItems?: OrderLineInput[];
  shipping?: string;
  discountCodes?: { code: string; amount: string; type?: "percentage" | "fixed_amount" | "shipping" }[];
  noteAttributes?: { name: string; value: string }[];
  note?: string | null;
  landingSite?: string | null;
  referringSite?: string | null;
  browserIp?: string | null;
  userAgent?: string | null;
  financialStatus?: "pending" | "authorized" | "paid" | "partially_paid" | "refunded" | "partially_refunded" | "voided";
  cancelledAt?: string | null;
  cancelReason?: string | null;
  createdAt?: string;
  test?: boolean;
  sourceName?: string;
}

/**
 * An order as sent with orders/create, orders/paid and orders/cancelled. Defaults: a paid,
 * not cancelled, non-test web order for one line item; totals computed in integer cents.
 */
export function orderPayload(input: OrderInput = {}): Json {
  const p = loadFixture("orders-create");
  const id = input.id != null ? toId(input.id) : randomShopifyId();
  const currency = (input.currency ?? "USD").toUpperCase();
  const createdAt = input.createdAt ?? new Date().toISOString();
  const number = input.number ?? 1001;
  const templateLine = (p.line_items as Json[])[0];
  const lines = input.lineItems ?? [{ title: "Demo product", price: "50.00" }];

  let subtotal = 0n;
  const lineItems = lines.map((line) => {
    const lineId = line.id != null ? toId(line.id) : randomShopifyId();
    const quantity = line.quantity ?? 1;
    subtotal += toCents(line.price) * BigInt(quantity);
    const price = formatCents(toCents(line.price));
    return {
      ...structuredClone(templateLine),
      id: lineId,
      admin_graphql_api_id: `gid://shopify/LineItem/${lineId}`,
      name: line.title,
      title: line.title,
      price,
      price_set: moneySet(price, currency),
      quantity,
      current_quantity: quantity,
      fulfillable_quantity: quantity,
      product_id: line.productId != null ? toId(line.productId) : randomShopifyId(),
      variant_id: line.variantId != null ? toId(line.variantId) : randomShopifyId(),
      sku: line.sku ?? null,
      total_discount: "0.00",
      total_discount_set: moneySet("0.00", currency),
      discount_allocations: [],
      tax_lines: [],
      duties: [],
    };
  });

  const discounts = (input.discountCodes ?? []).map((d) => ({
    code: d.code,
    amount: formatCents(toCents(d.amount)),
    type: d.type ?? "fixed_amount",
  }));
  const discountTotal = discounts.reduce((sum, d) => sum + toCents(d.amount), 0n);
  const shipping = toCents(input.shipping ?? "0.00");
  const afterDiscount = subtotal - discountTotal;
  const total = afterDiscount + shipping;
  const financialStatus = input.financialStatus ?? "paid";
  const m = (cents: bigint) => formatCents(cents);

  Object.assign(p, {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${number}`,
    number: number - 1000 > 0 ? number - 1000 : number,
    order_number: number,
    confirmation_number: randomBytes(4).toString("hex").toUpperCase().slice(0, 9),
    confirmed: true,
    created_at: createdAt,
    updated_at: createdAt,
    processed_at: createdAt,
    cancelled_at: input.cancelledAt ?? null,
    cancel_reason: input.cancelledAt ? (input.cancelReason ?? "customer") : null,
    currency,
    presentment_currency: currency,
    email: input.email ?? input.customer?.email ?? null,
    contact_email: input.email ?? input.customer?.email ?? null,
    financial_status: financialStatus,
    test: input.test ?? false,
    source_name: input.sourceName ?? "web",
    note: input.note ?? null,
    note_attributes: input.noteAttributes ?? [],
    landing_site: input.landingSite ?? null,
    referring_site: input.referringSite ?? null,
    browser_ip: input.browserIp ?? null,
    client_details:
      input.browserIp || input.userAgent
        ? {
            accept_language: "en-US",
            browser_height: null,
            browser_ip: input.browserIp ?? null,
            browser_width: null,
            session_hash: null,
            user_agent: input.userAgent ?? null,
          }
        : null,
    discount_codes: discounts,
    discount_applications: discounts.map((d) => ({
      target_type: "line_item",
      type: "discount_code",
      value: d.amount,
      value_type: d.type === "percentage" ? "percentage" : "fixed_amount",
      allocation_method: "across",
      target_selection: "all",
      code: d.code,
    })),
    line_items: lineItems,
    shipping_lines: [],
    refunds: [],
    fulfillments: [],
    subtotal_price: m(afterDiscount),
    subtotal_price_set: moneySet(m(afterDiscount), currency),
    current_subtotal_price: m(afterDiscount),
    current_subtotal_price_set: moneySet(m(afterDiscount), currency),
    total_line_items_price: m(subtotal),
    total_line_items_price_set: moneySet(m(subtotal), currency),
    total_discounts: m(discountTotal),
    total_discounts_set: moneySet(m(discountTotal), currency),
    current_total_discounts: m(discountTotal),
    current_total_discounts_set: moneySet(m(discountTotal), currency),
    total_shipping_price_set: moneySet(m(shipping), currency),
    current_shipping_price_set: moneySet(m(shipping), currency),
    total_tax: "0.00",
    total_tax_set: moneySet("0.00", currency),
    current_total_tax: "0.00",
    current_total_tax_set: moneySet("0.00", currency),
    tax_lines: [],
    total_price: m(total),
    total_price_set: moneySet(m(total), currency),
    current_total_price: m(total),
    current_total_price_set: moneySet(m(total), currency),
    total_outstanding: financialStatus === "paid" ? "0.00" : m(total),
  });

  if (input.customer) {
    const c = input.customer;
    const customerId = toId(c.id);
    const customer = p.customer as Json;
    Object.assign(customer, {
      id: customerId,
      admin_graphql_api_id: `gid://shopify/Customer/${customerId}`,
      email: c.email ?? null,
      first_name: c.firstName ?? null,
      last_name: c.lastName ?? null,
      currency,
    });
    (customer.default_address as Json).customer_id = customerId;
  } else {
    delete p.customer;
  }
  return p;
}

// ---------------------------------------------------------------- refunds/create

export interface RefundInput {
  orderId: ShopifyId;
  id?: ShopifyId;
  /** Amount refunded to the buyer, decimal string. */
  amount: string;
  currency?: string;
  note?: string | null;
  createdAt?: string;
  /** Refunded line items (subtotal as decimal string); default none. */
  lineItems?: { lineItemId: ShopifyId; quantity?: number; subtotal: string; title?: string }[];
}

export function refundPayload(input: RefundInput): Json {
  const p = loadFixture("refunds-create");
  const id = input.id != null ? toId(input.id) : randomShopifyId();
  const orderId = toId(input.orderId);
  const currency = (input.currency ?? "USD").toUpperCase();
  const createdAt = input.createdAt ?? new Date().toISOString();
  const amount = formatCents(toCents(input.amount));
  const templateRli = (p.refund_line_items as Json[])[0];
  const templateTx = (p.transactions as Json[])[0];

  const refundLineItems = (input.lineItems ?? []).map((li) => {
    const subtotal = formatCents(toCents(li.subtotal));
    const lineItemId = toId(li.lineItemId);
    const rli = structuredClone(templateRli);
    const lineItem = rli.line_item as Json;
    Object.assign(lineItem, { id: lineItemId, admin_graphql_api_id: `gid://shopify/LineItem/${lineItemId}` });
    if (li.title) Object.assign(lineItem, { title: li.title, name: li.title });
    return Object.assign(rli, {
      id: randomShopifyId(),
      line_item_id: lineItemId,
      quantity: li.quantity ?? 1,
      subtotal: Number(subtotal),
      subtotal_set: moneySet(subtotal, currency),
      total_tax: 0,
      total_tax_set: moneySet("0.00", currency),
    });
  });

  const txId = randomShopifyId();
  const transaction = Object.assign(structuredClone(templateTx), {
    id: txId,
    admin_graphql_api_id: `gid://shopify/OrderTransaction/${txId}`,
    order_id: orderId,
    amount,
    currency,
    created_at: createdAt,
    processed_at: createdAt,
    kind: "refund",
    status: "success",
  });

  Object.assign(p, {
    id,
    admin_graphql_api_id: `gid://shopify/Refund/${id}`,
    order_id: orderId,
    created_at: createdAt,
    processed_at: createdAt,
    note: input.note ?? null,
    refund_line_items: refundLineItems,
    transactions: [transaction],
    order_adjustments: [],
  });
  return p;
}

// ---------------------------------------------------------------- compliance topics

export interface ComplianceCustomerInput {
  id: ShopifyId;
  email?: string | null;
  phone?: string | null;
}

export function customersDataRequestPayload(input: {
  shop: string;
  shopId?: ShopifyId;
  customer: ComplianceCustomerInput;
  ordersRequested?: ShopifyId[];
  dataRequestId?: ShopifyId;
}): Json {
  const p = loadFixture("customers-data_request");
  return Object.assign(p, {
    shop_id: input.shopId != null ? toId(input.shopId) : p.shop_id,
    shop_domain: shopDomain(input.shop),
    orders_requested: (input.ordersRequested ?? []).map(toId),
    customer: { id: toId(input.customer.id), email: input.customer.email ?? null, phone: input.customer.phone ?? null },
    data_request: { id: input.dataRequestId != null ? toId(input.dataRequestId) : randomShopifyId() },
  });
}

export function customersRedactPayload(input: {
  shop: string;
  shopId?: ShopifyId;
  customer: ComplianceCustomerInput;
  ordersToRedact?: ShopifyId[];
}): Json {
  const p = loadFixture("customers-redact");
  return Object.assign(p, {
    shop_id: input.shopId != null ? toId(input.shopId) : p.shop_id,
    shop_domain: shopDomain(input.shop),
    customer: { id: toId(input.customer.id), email: input.customer.email ?? null, phone: input.customer.phone ?? null },
    orders_to_redact: (input.ordersToRedact ?? []).map(toId),
  });
}

export function shopRedactPayload(input: { shop: string; shopId?: ShopifyId }): Json {
  const p = loadFixture("shop-redact");
  return Object.assign(p, {
    shop_id: input.shopId != null ? toId(input.shopId) : p.shop_id,
    shop_domain: shopDomain(input.shop),
  });
}
