/**
 * Signed webhook delivery, as Shopify does it: raw JSON body, HMAC-SHA256 (base64) of that
 * body with the app secret, the X-Shopify-* headers, a 5 s deadline and non-2xx = failure.
 * Reusing a webhookId replays a delivery, which is how tests exercise deduplication.
 */
import { createHmac, randomUUID } from "node:crypto";
import { stringifyJsonLossless } from "./json";

export interface DeliverWebhookOptions {
  appUrl: string;
  apiSecret: string;
  shop: string;
  topic: string;
  /** An object (bigint ids are written as bare numbers) or the exact raw body to send. */
  payload: unknown;
  apiVersion?: string;
  /** Reuse to replay a delivery (Shopify repeats it on retries). */
  webhookId?: string;
  /** Shared by all deliveries of one merchant action. */
  eventId?: string;
  triggeredAt?: string;
  /** Defaults to /webhooks/<topic>, as declared in shopify.app.toml. */
  path?: string;
  /** Sign with a wrong secret, so the app must answer 401. */
  forge?: boolean;
  /** Header names to leave out (e.g. ["X-Shopify-Webhook-Id"]) to test the app's refusals. */
  omitHeaders?: string[];
  /** Optional X-Shopify-Name header. */
  name?: string;
  /** Shopify gives up after 5 s. */
  timeoutMs?: number;
}

export interface WebhookDelivery {
  status: number; // 0 when the app could not be reached or timed out
  ok: boolean; // 2xx only: Shopify treats 3xx as a failure too
  body: string;
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  url: string;
  error?: string;
  /** The raw body sent (kept in the sandbox's delivery log for tests). */
  requestBody?: string;
}

/** Base64 HMAC-SHA256 of the raw body, the X-Shopify-Hmac-Sha256 value. */
export function signWebhookBody(rawBody: string | Buffer, secret: string): string {
  return createHmac("sha256", secret).update(rawBody).digest("base64");
}

/** The raw body Shopify would send for a payload (strings are sent as they are). */
export function webhookBody(payload: unknown): string {
  return typeof payload === "string" ? payload : stringifyJsonLossless(payload);
}

function shopDomain(shop: string): string {
  return shop.includes(".") ? shop : `${shop}.myshopify.com`;
}

export async function deliverWebhook(options: DeliverWebhookOptions): Promise<WebhookDelivery> {
  const shop = shopDomain(options.shop);
  const topic = options.topic;
  const body = webhookBody(options.payload);
  const webhookId = options.webhookId ?? randomUUID();
  const eventId = options.eventId ?? randomUUID();
  const secret = options.forge ? `${options.apiSecret}-forged` : options.apiSecret;
  const url = `${options.appUrl.replace(/\/$/, "")}${options.path ?? `/webhooks/${topic}`}`;

  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "User-Agent": "Shopify-Captain-Hook",
    "X-Shopify-Topic": topic,
    "X-Shopify-Hmac-Sha256": signWebhookBody(body, secret),
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-API-Version": options.apiVersion ?? "2026-10",
    "X-Shopify-Webhook-Id": webhookId,
    "X-Shopify-Event-Id": eventId,
    "X-Shopify-Triggered-At": options.triggeredAt ?? new Date().toISOString(),
  };
  if (options.name) headers["X-Shopify-Name"] = options.name;
  for (const omit of options.omitHeaders ?? []) {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === omit.toLowerCase()) delete headers[key];
  }

  const base = { webhookId, eventId, topic, shop, url };
  try {
    const res = await fetch(url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    const text = await res.text();
    return { ...base, status: res.status, ok: res.status >= 200 && res.status < 300, body: text };
  } catch (error) {
    const e = error as Error;
    const timedOut = e.name === "TimeoutError" || e.name === "AbortError";
    return {
      ...base,
      status: 0,
      ok: false,
      body: "",
      error: timedOut ? `timeout after ${options.timeoutMs ?? 5000} ms` : `${e.message}${e.cause ? `: ${String((e.cause as Error).message ?? e.cause)}` : ""}`,
    };
  }
}
