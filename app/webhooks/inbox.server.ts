// The inbox itself: a delivery is recorded once per shop + X-Shopify-Webhook-Id, in the same
// transaction as its topic's handler (which queues the job). Webhook routes record what Shopify
// sent (receive-webhook.server.ts); reconciliation records what Shopify's orders say the inbox
// never got (reconcile-orders.server.ts). No Remix or library import here, so jobs can use it.
import { isUniqueViolation, type Db, type Prisma } from "../db.server";
import { orderGid, parseJsonKeepingBigIds } from "../lib/json-ids";

export interface WebhookDelivery {
  shop: string;
  topic: string;
  webhookId: string;
  eventId?: string;
  apiVersion?: string;
  triggeredAt?: string;
  /** The raw body: ids above 2^53 survive here, unlike in the parsed payload. */
  rawBody: string;
  payload: Record<string, unknown>;
  webhookEventId: string;
}

export type Tx = Prisma.TransactionClient;
export type WebhookHandler = (delivery: WebhookDelivery, tx: Tx) => Promise<void>;

export async function recordWebhookOnce(
  db: Db,
  delivery: Omit<WebhookDelivery, "webhookEventId"> & { subjectGid?: string | null; customerGid?: string | null },
  handler: WebhookHandler,
): Promise<{ duplicate: boolean }> {
  const subjects = delivery.subjectGid !== undefined && delivery.customerGid !== undefined ? { subjectGid: delivery.subjectGid, customerGid: delivery.customerGid } : webhookSubjects(delivery.topic, delivery.rawBody);
  try {
    await db.$transaction(async (tx) => {
      const event = await tx.webhookEvent.create({
        data: {
          shopId: delivery.shop,
          webhookId: delivery.webhookId,
          eventId: delivery.eventId ?? null,
          topic: delivery.topic,
          apiVersion: delivery.apiVersion ?? null,
          triggeredAt: parseDate(delivery.triggeredAt),
          payload: delivery.rawBody,
          subjectGid: subjects.subjectGid,
          customerGid: subjects.customerGid,
        },
      });
      await handler({ ...delivery, webhookEventId: event.id }, tx);
    });
    return { duplicate: false };
  } catch (error) {
    if (isUniqueViolation(error)) return { duplicate: true };
    throw error;
  }
}

/** The order a delivery is about (order and refund topics), from its parsed body (big ids kept as strings). */
export function subjectGidOf(topic: string, payload: unknown): string | null {
  const normalized = topic.toLowerCase().replace("_", "/");
  if (!payload || typeof payload !== "object") return null;
  const body = payload as { admin_graphql_api_id?: unknown; order_id?: unknown };
  if (normalized.startsWith("orders/") && typeof body.admin_graphql_api_id === "string") return body.admin_graphql_api_id;
  if (normalized.startsWith("refunds/") && body.order_id != null) return orderGid(String(body.order_id));
  return null;
}

/** The buyer of an order delivery (its customer's gid), from its parsed body; null for other topics and guest orders. */
export function customerGidOf(topic: string, payload: unknown): string | null {
  if (!topic.toLowerCase().startsWith("orders")) return null;
  const customer = (payload as { customer?: unknown } | null)?.customer as { admin_graphql_api_id?: unknown; id?: unknown } | null | undefined;
  if (!customer || typeof customer !== "object") return null;
  if (typeof customer.admin_graphql_api_id === "string") return customer.admin_graphql_api_id;
  return typeof customer.id === "string" || typeof customer.id === "number" ? `gid://shopify/Customer/${customer.id}` : null;
}

/** The order a delivery is about and its buyer (order and refund topics), read from the raw body so big ids stay exact. */
export function webhookSubjects(topic: string, rawBody: string): { subjectGid: string | null; customerGid: string | null } {
  const normalized = topic.toLowerCase().replace("_", "/");
  if (!normalized.startsWith("orders/") && !normalized.startsWith("refunds/")) return { subjectGid: null, customerGid: null };
  try {
    const payload = parseJsonKeepingBigIds(rawBody);
    return { subjectGid: subjectGidOf(topic, payload), customerGid: customerGidOf(topic, payload) };
  } catch {
    // An unparsable body is still recorded; the job reports it.
  }
  return { subjectGid: null, customerGid: null };
}

function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

