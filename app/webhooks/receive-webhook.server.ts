// The webhook inbox. Every webhook route goes through here: verify (the library checks the
// HMAC and required headers; a bad one is answered 401 before anything is written), record
// the delivery once per shop + X-Shopify-Webhook-Id, and run the topic's handler in the same
// transaction, so a retry of a delivery that was already recorded changes nothing.
import type { ZodType } from "zod";
import { authenticate } from "../shopify.server";
import prisma from "../db.server";
import { parseJsonKeepingBigIds } from "../lib/json-ids";
import { WEBHOOK_BODY_LIMIT, withBoundedBody } from "../lib/read-body.server";
import { recordWebhookOnce, type WebhookHandler } from "./inbox.server";

export { recordWebhookOnce, type Tx, type WebhookDelivery, type WebhookHandler } from "./inbox.server";

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
