// Reconciliation: Shopify does not guarantee webhook delivery (FACTS: "reconcile"), so each
// shop's orders are read back from Shopify, changed-since a watermark, and whatever the inbox
// never received (the order itself, its payment, its cancellation, a refund) is recorded in
// the inbox as a delivery of its own and queued for the same job as a webhook. The pipeline
// merges every delivery of an order (referrals/process-order.server.ts), so a reconciled
// delivery and a late real one converge on one outcome: nothing is rewarded twice.
//
// Reconciled deliveries have X-Shopify-Webhook-Id-like ids of their own, derived from what
// they record (`reconcile:<order gid>:paid:open`, `reconcile:<refund gid>`): two runs racing
// over the same order record it once.
import type { Db } from "../db.server";
import { withSqliteBusyRetry } from "../db.server";
import { parseOrderWebhook, parseRefundWebhook } from "../referrals/order-payload";
import { normalizeTopic, ORDER_TOPICS } from "../referrals/process-order.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { orderDetails, ordersUpdatedSince, type ChangedOrder, type OrderAddress, type UpdatedOrder } from "../shopify/orders-updated.server";
import { recordWebhookOnce } from "./inbox.server";
import { enqueueOrderWebhook } from "./order-webhooks.server";

/** Each run re-reads this much before the watermark: Shopify's search index may lag a change. */
export const RECONCILE_OVERLAP_MS = 5 * 60_000;
/** A shop's first run looks back this far (never before its install). */
export const RECONCILE_FIRST_LOOKBACK_MS = 3 * 24 * 60 * 60_000;
/** The topic reconciled order deliveries carry: the app subscribes to it nowhere, so no real delivery shares its ids. */
export const RECONCILED_ORDER_TOPIC = "orders/updated";
export const RECONCILED_REFUND_TOPIC = "refunds/create";

const PAID_STATUSES = new Set(["PAID", "PARTIALLY_REFUNDED", "REFUNDED"]);

export interface ReconcileOptions {
  /** Shopify's "now" (the sandbox's clock in dev and tests). */
  now: Date;
  /** Only changes at least this old are read: webhooks get that long to arrive first. */
  settleMs: number;
  /** Stop early (the job lost its lease); the watermark keeps what was done. */
  signal?: AbortSignal;
  /** Page size (tests use small pages to cross page boundaries). */
  pageSize?: number;
}

export interface ReconcileResult {
  /** Orders Shopify returned. */
  read: number;
  /** Deliveries recorded because the inbox lacked them. */
  recorded: number;
  pages: number;
  from: Date;
  to: Date;
  watermark: Date;
  /** False when the run stopped before the last page (aborted). */
  complete: boolean;
}

/** What the inbox already holds about one order. */
interface KnownOrder {
  hasOrder: boolean;
  paid: boolean;
  cancelled: boolean;
  refundIds: Set<string>;
}

/**
 * One reconciliation pass for a shop: reads Shopify's orders changed in
 * [watermark − overlap, now − settle], page by page (oldest change first), records what the
 * inbox lacks, and moves the watermark after each page to the last change it covered.
 */
export async function reconcileShopOrders(db: Db, client: AdminGraphql, shop: string, options: ReconcileOptions): Promise<ReconcileResult> {
  const state = await db.orderReconciliation.findUnique({ where: { shopId: shop } });
  const to = new Date(options.now.getTime() - options.settleMs);
  let watermark = state?.watermark ?? (await firstWatermark(db, shop, options.now));
  const from = new Date(watermark.getTime() - RECONCILE_OVERLAP_MS);
  const result: ReconcileResult = { read: 0, recorded: 0, pages: 0, from, to, watermark, complete: false };
  if (to <= from) {
    result.complete = true;
    return result;
  }
  let after: string | null = null;
  let saved = 0;
  const save = async (lastError: string | null) => {
    await saveWatermark(db, shop, watermark, result, result.recorded - saved, lastError);
    saved = result.recorded;
  };
  try {
    for (;;) {
      if (options.signal?.aborted) break;
      const page = await ordersUpdatedSince(client, { from, to }, after, options.pageSize);
      result.pages += 1;
      result.read += page.orders.length;
      result.recorded += await reconcilePage(db, client, shop, page.orders);
      const last = page.orders.at(-1);
      // Everything up to the last change on this page is now in the inbox.
      if (last && Date.parse(last.updatedAt) > watermark.getTime()) watermark = new Date(Date.parse(last.updatedAt));
      if (!page.hasNextPage || !page.endCursor) {
        // The whole window was read: it is covered up to its end even where nothing changed.
        if (to > watermark) watermark = to;
        result.complete = true;
      }
      await save(null);
      if (result.complete) break;
      after = page.endCursor;
    }
  } catch (error) {
    await save(error instanceof Error ? error.message : String(error)).catch(() => undefined);
    throw error;
  }
  result.watermark = watermark;
  return result;
}

async function firstWatermark(db: Db, shop: string, now: Date): Promise<Date> {
  const row = await db.shop.findUnique({ where: { id: shop }, select: { installedAt: true } });
  const lookback = now.getTime() - RECONCILE_FIRST_LOOKBACK_MS;
  return new Date(Math.max(lookback, row?.installedAt.getTime() ?? lookback));
}

async function saveWatermark(db: Db, shop: string, watermark: Date, result: ReconcileResult, newlyRecorded: number, lastError: string | null): Promise<void> {
  await withSqliteBusyRetry(db, () =>
    db.orderReconciliation.upsert({
      where: { shopId: shop },
      create: { shopId: shop, watermark, lastRunAt: new Date(), lastRead: result.read, lastRecorded: result.recorded, totalRecorded: result.recorded, lastError },
      update: { lastRunAt: new Date(), lastRead: result.read, lastRecorded: result.recorded, totalRecorded: { increment: newlyRecorded }, lastError },
    }),
  );
  // Never backwards: a slower run racing a faster one keeps the later watermark.
  await withSqliteBusyRetry(db, () => db.orderReconciliation.updateMany({ where: { shopId: shop, watermark: { lt: watermark } }, data: { watermark } }));
}

const NOTHING_KNOWN: KnownOrder = { hasOrder: false, paid: false, cancelled: false, refundIds: new Set() };

/** Whether the inbox lacks the order, its payment, its cancellation or one of its refunds. */
function lacksSomething(order: Pick<ChangedOrder, "displayFinancialStatus" | "cancelledAt"> & { refundIds: string[] }, seen: KnownOrder): boolean {
  const paid = PAID_STATUSES.has(order.displayFinancialStatus ?? "");
  return !seen.hasOrder || (paid && !seen.paid) || (order.cancelledAt != null && !seen.cancelled) || order.refundIds.some((id) => !seen.refundIds.has(id));
}

/**
 * One listing page: the inbox's view of its orders in one query, the full order read from
 * Shopify only for those the inbox lacks something of, and those deliveries recorded.
 */
async function reconcilePage(db: Db, client: AdminGraphql, shop: string, orders: ChangedOrder[]): Promise<number> {
  if (orders.length === 0) return 0;
  const known = await knownOrders(db, shop, orders.map((o) => o.id));
  const lacking = orders.filter((o) => lacksSomething(o, known.get(o.id) ?? NOTHING_KNOWN)).map((o) => o.id);
  if (lacking.length === 0) return 0;
  return recordMissingDeliveries(db, shop, await orderDetails(client, lacking), known);
}

/** Records, for each order, the deliveries the inbox lacks; answers how many were new. */
export async function recordMissingDeliveries(db: Db, shop: string, orders: UpdatedOrder[], knownAlready?: Map<string, KnownOrder>): Promise<number> {
  if (orders.length === 0) return 0;
  const known = knownAlready ?? (await knownOrders(db, shop, orders.map((o) => o.id)));
  let recorded = 0;
  for (const order of orders) {
    const seen = known.get(order.id) ?? NOTHING_KNOWN;
    const paid = PAID_STATUSES.has(order.displayFinancialStatus ?? "");
    const cancelled = order.cancelledAt != null;
    const deliveries: { topic: string; webhookId: string; body: Record<string, unknown> }[] = [];
    if (!seen.hasOrder || (paid && !seen.paid) || (cancelled && !seen.cancelled)) {
      deliveries.push({ topic: RECONCILED_ORDER_TOPIC, webhookId: `reconcile:${order.id}:${paid ? "paid" : "unpaid"}:${cancelled ? "cancelled" : "open"}`, body: orderPayloadOf(order) });
    }
    for (const refund of order.refunds) {
      if (seen.refundIds.has(refund.legacyResourceId)) continue;
      deliveries.push({ topic: RECONCILED_REFUND_TOPIC, webhookId: `reconcile:${refund.id}`, body: refundPayloadOf(order, refund) });
    }
    for (const delivery of deliveries) {
      const rawBody = JSON.stringify(delivery.body);
      const { duplicate } = await withSqliteBusyRetry(db, () =>
        recordWebhookOnce(db, { shop, topic: delivery.topic, webhookId: delivery.webhookId, triggeredAt: order.updatedAt, rawBody, payload: delivery.body }, enqueueOrderWebhook),
      );
      if (!duplicate) recorded += 1;
    }
  }
  return recorded;
}

/** The inbox's view of each order: one indexed query for the page. */
async function knownOrders(db: Db, shop: string, orderGids: string[]): Promise<Map<string, KnownOrder>> {
  const rows = await db.webhookEvent.findMany({ where: { shopId: shop, subjectGid: { in: orderGids } }, select: { topic: true, payload: true, subjectGid: true } });
  const known = new Map<string, KnownOrder>();
  for (const row of rows) {
    if (!row.subjectGid) continue;
    let entry = known.get(row.subjectGid);
    if (!entry) known.set(row.subjectGid, (entry = { hasOrder: false, paid: false, cancelled: false, refundIds: new Set() }));
    const topic = normalizeTopic(row.topic);
    try {
      if (topic === "refunds/create") entry.refundIds.add(parseRefundWebhook(row.payload).refundId);
      else if (ORDER_TOPICS.includes(row.topic)) {
        const facts = parseOrderWebhook(row.payload, topic);
        entry.hasOrder = true;
        entry.paid ||= facts.paid;
        entry.cancelled ||= facts.cancelled;
      }
    } catch {
      // A body the pipeline cannot read either: as if it had not arrived.
    }
  }
  return known;
}

type MoneyBag = { shopMoney: { amount: string; currencyCode: string }; presentmentMoney: { amount: string; currencyCode: string } };

function moneySet(bag: MoneyBag): Record<string, unknown> {
  return {
    shop_money: { amount: bag.shopMoney.amount, currency_code: bag.shopMoney.currencyCode },
    presentment_money: { amount: bag.presentmentMoney.amount, currency_code: bag.presentmentMoney.currencyCode },
  };
}

function addressOf(a: OrderAddress | null): Record<string, unknown> | null {
  return a ? { address1: a.address1, address2: a.address2, city: a.city, zip: a.zip, country_code: a.countryCode } : null;
}

/** A first visit's landing page as a webhook's landing_site: path and query. */
export function landingSiteOf(landingPage: string | null): string | null {
  if (!landingPage) return null;
  try {
    const url = new URL(landingPage);
    return `${url.pathname}${url.search}`;
  } catch {
    return landingPage;
  }
}

/**
 * The order as an orders/* webhook body, with the fields the pipeline reads (order-payload.ts):
 * ids, buyer, money in shop and presentment currency, codes, cart attributes, landing site,
 * browser IP and addresses (fraud), and the order's name (#1049, which the advocate page
 * shows). Per-code discount amounts exist only for a single code (the order's total
 * discount); Shopify's line allocations are not read.
 */
export function orderPayloadOf(o: UpdatedOrder): Record<string, unknown> {
  const singleCodeAmount = o.discountCodes.length === 1 && o.totalDiscounts ? o.totalDiscounts.amount : null;
  return {
    id: o.legacyResourceId,
    admin_graphql_api_id: o.id,
    name: o.name,
    email: o.email,
    contact_email: o.email,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    cancelled_at: o.cancelledAt,
    financial_status: o.displayFinancialStatus ? o.displayFinancialStatus.toLowerCase() : null,
    test: o.test,
    currency: o.currencyCode,
    presentment_currency: o.presentmentCurrencyCode,
    landing_site: landingSiteOf(o.landingPage),
    note: o.note,
    note_attributes: o.customAttributes.map((a) => ({ name: a.key, value: a.value })),
    discount_codes: o.discountCodes.map((code) => ({ code, amount: singleCodeAmount })),
    discount_applications: o.discountCodes.map((code) => ({ type: "discount_code", code })),
    subtotal_price: o.subtotal?.shopMoney.amount ?? null,
    subtotal_price_set: o.subtotal ? moneySet(o.subtotal) : null,
    total_price: o.total.shopMoney.amount,
    total_price_set: moneySet(o.total),
    customer: o.customer ? { id: o.customer.legacyResourceId, admin_graphql_api_id: o.customer.id, email: o.customer.email } : null,
    browser_ip: o.clientIp,
    client_details: o.clientIp ? { browser_ip: o.clientIp } : null,
    shipping_address: addressOf(o.shippingAddress),
    billing_address: addressOf(o.billingAddress),
    source: "twofold-reconciliation",
  };
}

/** One refund as a refunds/create body: its total as one successful refund transaction in shop money. */
export function refundPayloadOf(o: UpdatedOrder, refund: UpdatedOrder["refunds"][number]): Record<string, unknown> {
  return {
    id: refund.legacyResourceId,
    admin_graphql_api_id: refund.id,
    order_id: o.legacyResourceId,
    created_at: refund.createdAt,
    transactions: [{ kind: "refund", status: "success", amount: refund.refunded.amount, currency: refund.refunded.currencyCode }],
    source: "twofold-reconciliation",
  };
}
