// The lean path for order and refund webhooks, the ones that arrive by the thousand: the HMAC and
// required headers are checked by the Shopify library's own `webhooks.validate` (the function
// `authenticate.webhook` calls), the body is parsed once, its shape checked, and the delivery
// recorded with its job in one round trip to the database. No session is loaded: the answer
// does not need one. The answers are authenticate.webhook's and receive-webhook's: 405 not a
// POST, 401 bad HMAC, 400 missing headers / not JSON / wrong shape / another shop's payload,
// 413 over 1 MB, 200 recorded or duplicate.
//
// Two callers: the Remix routes (webhooks.orders.*.tsx, webhooks.refunds.create.tsx), and the
// production server (scripts/serve.mjs), which answers these paths before Remix converts the
// request, through `ingestOrderWebhookRaw` exported from entry.server.tsx.
import "@shopify/shopify-api/adapters/web-api";
import { ApiVersion, LogSeverity, shopifyApi, WebhookValidationErrorReason } from "@shopify/shopify-api";
import type { ZodType } from "zod/v4";
import prisma from "../db.server";
import { env } from "../env.server";
import { parseJsonKeepingBigIds } from "../lib/json-ids";
import { prepareShopifyRequest, takeHeader, type PreparedShopifyRequest } from "../lib/prepared-shopify-request.server";
import { installNodeHmacSigning } from "../lib/webcrypto-hmac.server";
import { readBodyLimited, WEBHOOK_BODY_LIMIT } from "../lib/read-body.server";
import { orderWebhookSchema, refundWebhookSchema } from "../referrals/order-payload";
import { customerGidOf, subjectGidOf } from "./inbox.server";
import { recordOrderDelivery } from "./order-webhooks.server";

/**
 * The order shape checked at receipt: the pipeline's schema without its lenient parts (discount
 * lines, which `.catch` so that they can never refuse a delivery): the same deliveries pass, at
 * half the cost.
 */
export const ORDER_RECEIPT_SCHEMA = orderWebhookSchema.omit({ discount_applications: true, line_items: true, shipping_lines: true });

/** Paths served here, and the shape each topic's body must have. */
export const ORDER_WEBHOOK_PATHS: Record<string, ZodType> = {
  "/webhooks/orders/create": ORDER_RECEIPT_SCHEMA,
  "/webhooks/orders/paid": ORDER_RECEIPT_SCHEMA,
  "/webhooks/orders/cancelled": ORDER_RECEIPT_SCHEMA,
  "/webhooks/refunds/create": refundWebhookSchema,
};

let validator: ReturnType<typeof shopifyApi>["webhooks"]["validate"] | null = null;

/** The library's webhook validation, configured with the app's key and secret. */
function validateWebhook(): ReturnType<typeof shopifyApi>["webhooks"]["validate"] {
  if (validator) return validator;
  // The library's HMAC through node's createHmac with the secret's key imported once.
  installNodeHmacSigning();
  const config = env();
  const api = shopifyApi({
    apiKey: config.SHOPIFY_API_KEY,
    apiSecretKey: config.SHOPIFY_API_SECRET,
    apiVersion: ApiVersion.October26,
    hostName: new URL(config.SHOPIFY_APP_URL).host,
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
  });
  validator = api.webhooks.validate;
  return validator;
}

/** Optional delivery headers read by the caller instead of the library (empty values count as absent, as the library has them). */
interface SideHeaders {
  eventId?: string;
  triggeredAt?: string;
}

export interface IngestAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

const json = (status: number, body: unknown): IngestAnswer => ({ status, headers: { "Content-Type": "application/json; charset=utf-8" }, body: JSON.stringify(body) });

/**
 * A delivery whose body was read (at most 1 MB: callers answer 413 beyond it). The request is
 * a Request (the Remix routes) or, for the production server, one prepared from node's raw
 * headers, so no Request is built and the library converts nothing per delivery.
 */
export async function ingestOrderWebhook(input: { request: Request | PreparedShopifyRequest; rawBody: string; schema: ZodType; sideHeaders?: SideHeaders }): Promise<IngestAnswer> {
  if (input.request.method !== "POST") return { status: 405, headers: {}, body: null };
  const check = await validateWebhook()({ rawBody: input.rawBody, rawRequest: input.request });
  if (!check.valid) return { status: check.reason === WebhookValidationErrorReason.InvalidHmac ? 401 : 400, headers: {}, body: null };
  if (check.webhookType !== "webhooks") return { status: 400, headers: {}, body: null };
  const topic = String(check.topic);
  let payload: unknown;
  try {
    // An order's own id is read from admin_graphql_api_id (a string); a refund's from order_id,
    // a number above 2^53 that only the id-keeping parse reads exactly. The shape check does
    // not depend on an id's digits, so orders take the plain (four times faster) parse.
    payload = topic.startsWith("REFUNDS") || topic.startsWith("refunds") ? parseJsonKeepingBigIds(input.rawBody) : JSON.parse(input.rawBody);
  } catch {
    return json(400, { error: "The webhook body is not JSON." });
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return json(400, { error: "The webhook body is not a JSON object." });
  const payloadShop = (payload as { shop_domain?: unknown }).shop_domain;
  if (payloadShop !== undefined && payloadShop !== check.domain) {
    return json(400, { error: "The payload's shop_domain does not match X-Shopify-Shop-Domain." });
  }
  const parsed = input.schema.safeParse(payload);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`);
    return json(400, { error: `The ${topic} payload does not have Shopify's shape.`, issues: where });
  }
  const { duplicate } = await recordOrderDelivery(prisma, {
    shop: check.domain,
    topic,
    webhookId: check.webhookId,
    eventId: input.sideHeaders ? input.sideHeaders.eventId : check.eventId,
    apiVersion: check.apiVersion,
    triggeredAt: input.sideHeaders ? input.sideHeaders.triggeredAt : check.triggeredAt,
    rawBody: input.rawBody,
    subjectGid: subjectGidOf(topic, payload),
    customerGid: customerGidOf(topic, payload),
  });
  return { status: 200, headers: { "X-Twofold-Duplicate": duplicate ? "1" : "0" }, body: null };
}

/**
 * For the production server: a node request on one of ORDER_WEBHOOK_PATHS, answered without
 * Remix. `rawHeaders` is node's flat [name, value, ...] list; `body` what was read (the server
 * answers 413 itself when it is over WEBHOOK_BODY_LIMIT).
 */
export async function ingestOrderWebhookRaw(input: { method: string; path: string; url: string; rawHeaders: string[]; body: Buffer }): Promise<IngestAnswer> {
  const schema = ORDER_WEBHOOK_PATHS[input.path];
  if (!schema) return { status: 404, headers: {}, body: null };
  if (input.body.byteLength > WEBHOOK_BODY_LIMIT) return json(413, { error: `The request body is larger than ${WEBHOOK_BODY_LIMIT} bytes.` });
  // Only Shopify's headers (X-Shopify-*, and Shopify-* for events): the library reads no other,
  // and it canonicalises every header it is given on each of its ~11 lookups. The two optional
  // ones the app records (event id, time) are taken out and read here, as the library reads them.
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < input.rawHeaders.length; i += 2) {
    const name = input.rawHeaders[i].toLowerCase();
    if (name.startsWith("x-shopify-") || name.startsWith("shopify-")) pairs.push([name, input.rawHeaders[i + 1]]);
  }
  const request = prepareShopifyRequest(input.method, input.url, pairs);
  const sideHeaders = { eventId: takeHeader(request, "X-Shopify-Event-Id"), triggeredAt: takeHeader(request, "X-Shopify-Triggered-At") };
  return ingestOrderWebhook({ request, rawBody: input.body.toString("utf8"), schema, sideHeaders });
}

/** For the Remix routes (dev server, or a request the production server did not take). */
export async function receiveOrderWebhook(request: Request, schema: ZodType): Promise<Response> {
  if (request.method !== "POST") return new Response(null, { status: 405 });
  // At most 1 MB is read, signed or not (a 413 Response is thrown beyond it).
  const rawBody = new TextDecoder().decode(await readBodyLimited(request, WEBHOOK_BODY_LIMIT));
  const answer = await ingestOrderWebhook({ request, rawBody, schema });
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
