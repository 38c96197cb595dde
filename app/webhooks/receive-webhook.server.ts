// The webhook inbox. Every webhook route goes through here: verify (the library checks the
// HMAC and required headers; a bad one is answered 401 before anything is written), record
// the delivery once per shop + X-Shopify-Webhook-Id, and run the topic's handler in the same
// transaction, so a retry of a delivery that was already recorded changes nothing.
import type { ZodType } from "zod";
import { isUniqueViolation, type Db, type Prisma } from "../db.server";
import { authenticate } from "../shopify.server";
import prisma from "../db.server";
import { orderGid, parseJsonKeepingBigIds } from "../lib/json-ids";
import { WEBHOOK_BODY_LIMIT, withBoundedBody } from "../lib/read-body.server";

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
  delivery: Omit<WebhookDelivery, "webhookEventId">,
  handler: WebhookHandler,
): Promise<{ duplicate: boolean }> {
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
          subjectGid: webhookSubjectGid(delivery.topic, delivery.rawBody),
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

/**
 * Route helper: authenticate, record once, handle. Answers 200 for new and duplicate deliveries.
 * With a `payloadSchema`, a signed body that does not have the topic's shape (a field of the
 * wrong type, a missing id) is refused with 400 at receipt and nothing is written, rather than
 * accepted and left to fail in its job.
 */
export async function receiveWebhook(incoming: Request, handler: WebhookHandler, payloadSchema?: ZodType): Promise<Response> {
  // At most 1 MB is read, signed or not (413 beyond it, before the HMAC is even checked).
  const { request, text: rawBody } = await withBoundedBody(incoming, WEBHOOK_BODY_LIMIT);
  let context: Awaited<ReturnType<typeof authenticate.webhook>>;
  try {
    context = await authenticate.webhook(request);
  } catch (error) {
    if (error instanceof Response) throw error; // 401 for a bad signature or missing headers
    // Signed, but not a JSON object (the library's JSON.parse threw): refused, nothing written.
    return Response.json({ error: "The webhook body is not JSON." }, { status: 400 });
  }
  if (!isJsonObject(context.payload)) return Response.json({ error: "The webhook body is not a JSON object." }, { status: 400 });
  // The header names the shop the HMAC was checked for; a payload about another shop is refused.
  const payloadShop = (context.payload as { shop_domain?: unknown }).shop_domain;
  if (payloadShop !== undefined && payloadShop !== context.shop) {
    return Response.json({ error: "The payload's shop_domain does not match X-Shopify-Shop-Domain." }, { status: 400 });
  }
  if (payloadSchema) {
    const parsed = payloadSchema.safeParse(parseOrNull(rawBody));
    if (!parsed.success) {
      const where = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`);
      return Response.json({ error: `The ${String(context.topic)} payload does not have Shopify's shape.`, issues: where }, { status: 400 });
    }
  }
  const { duplicate } = await recordWebhookOnce(
    prisma,
    {
      shop: context.shop,
      topic: String(context.topic),
      webhookId: context.webhookId,
      eventId: context.eventId,
      apiVersion: context.apiVersion,
      triggeredAt: context.triggeredAt,
      rawBody,
      payload: context.payload,
    },
    handler,
  );
  return new Response(null, { status: 200, headers: { "X-Twofold-Duplicate": duplicate ? "1" : "0" } });
}

/** The order a delivery is about (order and refund topics), read from the raw body so big ids stay exact. */
export function webhookSubjectGid(topic: string, rawBody: string): string | null {
  const normalized = topic.toLowerCase().replace("_", "/");
  if (!normalized.startsWith("orders/") && !normalized.startsWith("refunds/")) return null;
  try {
    const payload = parseJsonKeepingBigIds(rawBody) as { admin_graphql_api_id?: unknown; order_id?: unknown };
    if (normalized.startsWith("orders/") && typeof payload.admin_graphql_api_id === "string") return payload.admin_graphql_api_id;
    if (normalized.startsWith("refunds/") && payload.order_id != null) return orderGid(String(payload.order_id));
  } catch {
    // An unparsable body is still recorded; the job reports it.
  }
  return null;
}

function parseOrNull(rawBody: string): unknown {
  try {
    return parseJsonKeepingBigIds(rawBody);
  } catch {
    return null;
  }
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

