// Order and refund webhook payloads → the few facts the referral pipeline uses. Parsed with
// zod from the raw body (ids above 2^53 kept as strings); money read from `*_set.shop_money`
// so rewards are computed in the shop's currency whatever the buyer paid in.
//
// Zod 4 (shipped inside the zod 3.25 package as `zod/v4`; the rest of the app is on zod 3):
// these shapes are checked on every delivery at receipt, where zod 3 took about a tenth of
// the ingest's time and zod 4 a fifth of that (docs/PERFORMANCE.md, ingest).
import { z } from "zod/v4";
import { parseJsonKeepingBigIds } from "../lib/json-ids";
import { decimalToMinorUnits } from "../lib/money";

const id = z.union([z.string(), z.number()]).transform((v) => String(v));
const money = z.object({ amount: z.union([z.string(), z.number()]).transform(String), currency_code: z.string() });
const moneySet = z.object({ shop_money: money, presentment_money: money.optional() }).nullish();

const allocation = z.object({ amount: z.union([z.string(), z.number()]).transform(String).nullish(), amount_set: moneySet, discount_application_index: z.number() });

export const orderWebhookSchema = z.object({
  id,
  admin_graphql_api_id: z.string().optional(),
  // "#1049": how the merchant knows the order. Lenient: an odd value never stops the order.
  name: z.string().nullish().catch(null),
  email: z.string().nullish(),
  contact_email: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  cancelled_at: z.string().nullish(),
  financial_status: z.string().nullish(),
  test: z.boolean().nullish(),
  currency: z.string().nullish(),
  presentment_currency: z.string().nullish(),
  landing_site: z.string().nullish(),
  note: z.string().nullish(),
  note_attributes: z.array(z.object({ name: z.string(), value: z.union([z.string(), z.number()]).nullish() })).nullish(),
  discount_codes: z.array(z.object({ code: z.string(), amount: z.union([z.string(), z.number()]).transform(String).nullish() })).nullish(),
  // The discount lines (what each discount really took off), read for the reward cost. Lenient:
  // an odd shape there must never stop an order from being attributed.
  discount_applications: z.array(z.object({ type: z.string().nullish(), code: z.string().nullish() })).nullish().catch(null),
  line_items: z.array(z.object({ discount_allocations: z.array(z.lazy(() => allocation)).nullish() })).nullish().catch(null),
  shipping_lines: z.array(z.object({ discount_allocations: z.array(z.lazy(() => allocation)).nullish() })).nullish().catch(null),
  subtotal_price: z.union([z.string(), z.number()]).nullish(),
  subtotal_price_set: moneySet,
  total_price_set: moneySet,
  customer: z
    .object({
      id,
      admin_graphql_api_id: z.string().optional(),
      email: z.string().nullish(),
      orders_count: z.number().nullish(),
    })
    .nullish(),
  browser_ip: z.string().nullish(),
});

export const refundWebhookSchema = z.object({
  id,
  admin_graphql_api_id: z.string().optional(),
  order_id: id,
  transactions: z
    .array(
      z.object({
        kind: z.string().nullish(),
        status: z.string().nullish(),
        amount: z.union([z.string(), z.number()]).transform(String),
        currency: z.string().nullish(),
      }),
    )
    .nullish(),
});

export interface OrderFacts {
  orderGid: string;
  /** Numeric id as a string (exact). */
  orderId: string;
  /** The order's name in the admin ("#1049"), when the payload carries it. */
  name: string | null;
  customerGid: string | null;
  email: string | null;
  paid: boolean;
  cancelled: boolean;
  test: boolean;
  createdAt: Date | null;
  discountCodes: string[];
  /** What each discount code on the order took off (line items and shipping), in shop money. */
  discountLines: { code: string; minor: bigint }[];
  noteAttributes: { name: string; value: string }[];
  landingSite: string | null;
  /** Subtotal after discounts, before shipping and tax, in shop money. */
  subtotal: { minor: bigint; currency: string } | null;
  /** Total in shop money and in the order's own (presentment) currency, to convert refunds. */
  total: { minor: bigint; currency: string } | null;
  presentmentTotal: { minor: bigint; currency: string } | null;
  /** orders_count when the API version still sends it (older versions); null otherwise. */
  customerOrdersCount: number | null;
}

export interface RefundFacts {
  refundId: string;
  orderId: string;
  orderGid: string;
  /** Successful refund transactions, in the currency they were made in. */
  amount: { minor: bigint; currency: string } | null;
}

const PAID_STATUSES = new Set(["paid", "partially_refunded", "refunded"]);

function toMinor(m: { amount: string; currency_code: string } | undefined): { minor: bigint; currency: string } | null {
  if (!m) return null;
  try {
    return { minor: decimalToMinorUnits(m.amount, m.currency_code), currency: m.currency_code.toUpperCase() };
  } catch {
    return null;
  }
}

function gidOf(kind: string, numeric: string, given?: string): string {
  return given && given.startsWith(`gid://shopify/${kind}/`) ? given : `gid://shopify/${kind}/${numeric}`;
}

function date(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * Per discount code application: the sum of its allocations on line items and shipping lines
 * (shop money). An application without allocations in the payload falls back to the amount
 * `discount_codes` gives for its code.
 */
function discountLines(order: z.infer<typeof orderWebhookSchema>): { code: string; minor: bigint }[] {
  const currency = order.total_price_set?.shop_money.currency_code ?? order.currency ?? "";
  const allocations = [...(order.line_items ?? []), ...(order.shipping_lines ?? [])].flatMap((l) => l.discount_allocations ?? []);
  const lines: { code: string; minor: bigint }[] = [];
  (order.discount_applications ?? []).forEach((app, index) => {
    if (app.type !== "discount_code" || !app.code) return;
    const mine = allocations.filter((a) => a.discount_application_index === index);
    let minor = 0n;
    if (mine.length > 0) {
      for (const a of mine) minor += toMinor(a.amount_set?.shop_money ?? (a.amount ? { amount: a.amount, currency_code: currency } : undefined))?.minor ?? 0n;
    } else {
      const listed = (order.discount_codes ?? []).find((d) => d.code.toUpperCase() === app.code!.toUpperCase());
      minor = listed?.amount ? (toMinor({ amount: listed.amount, currency_code: currency })?.minor ?? 0n) : 0n;
    }
    if (minor > 0n) lines.push({ code: app.code, minor });
  });
  return lines;
}

/** Throws a ZodError (or SyntaxError) when the body is not an order. */
export function parseOrderWebhook(rawBody: string, topic: string): OrderFacts {
  const order = orderWebhookSchema.parse(parseJsonKeepingBigIds(rawBody));
  const customer = order.customer ?? null;
  return {
    orderGid: gidOf("Order", order.id, order.admin_graphql_api_id),
    orderId: order.id,
    name: order.name?.trim() || null,
    customerGid: customer ? gidOf("Customer", customer.id, customer.admin_graphql_api_id) : null,
    email: order.email || order.contact_email || customer?.email || null,
    paid: topic === "orders/paid" || PAID_STATUSES.has(order.financial_status ?? ""),
    cancelled: topic === "orders/cancelled" || Boolean(order.cancelled_at),
    test: order.test ?? false,
    createdAt: date(order.created_at),
    discountCodes: (order.discount_codes ?? []).map((d) => d.code),
    discountLines: discountLines(order),
    noteAttributes: (order.note_attributes ?? []).map((a) => ({ name: a.name, value: a.value == null ? "" : String(a.value) })),
    landingSite: order.landing_site ?? null,
    subtotal: toMinor(order.subtotal_price_set?.shop_money),
    total: toMinor(order.total_price_set?.shop_money),
    presentmentTotal: toMinor(order.total_price_set?.presentment_money ?? order.total_price_set?.shop_money),
    customerOrdersCount: customer?.orders_count ?? null,
  };
}

export function parseRefundWebhook(rawBody: string): RefundFacts {
  const refund = refundWebhookSchema.parse(parseJsonKeepingBigIds(rawBody));
  let total = null as { minor: bigint; currency: string } | null;
  for (const tx of refund.transactions ?? []) {
    if (tx.kind !== "refund" || (tx.status && tx.status !== "success")) continue;
    // Shopify's sample sends `currency: null`: the transaction is then in the order's currency ("").
    const amount = tx.currency ? toMinor({ amount: tx.amount, currency_code: tx.currency }) : toMinor({ amount: tx.amount, currency_code: "XXX" });
    if (amount && !tx.currency) amount.currency = "";
    if (!amount) continue;
    if (total && total.currency !== amount.currency) continue; // one currency per refund in practice
    total = { minor: (total?.minor ?? 0n) + amount.minor, currency: amount.currency };
  }
  return { refundId: refund.id, orderId: refund.order_id, orderGid: `gid://shopify/Order/${refund.order_id}`, amount: total };
}

/**
 * A refund made in the order's presentment currency, in shop money: scaled by the order's own
 * shop/presentment totals (rounded down, never more than the shop-money total).
 */
export function refundInShopMoney(
  refund: { minor: bigint; currency: string },
  order: Pick<OrderFacts, "total" | "presentmentTotal">,
): bigint | null {
  const shop = order.total;
  if (!shop) return null;
  const presentment = order.presentmentTotal;
  if (refund.currency === "" && presentment?.currency === shop.currency) return refund.minor;
  if (refund.currency === shop.currency) return refund.minor;
  if (!presentment || (refund.currency !== "" && presentment.currency !== refund.currency) || presentment.minor <= 0n) return null;
  const scaled = (refund.minor * shop.minor) / presentment.minor;
  return scaled > shop.minor ? shop.minor : scaled;
}
