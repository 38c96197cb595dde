/**
 * Webhooks the sandbox sends on its own (orders placed at checkout, refunds, cancels), as
 * Shopify sends them: only topics the app subscribes to in shopify.app.toml, to the uri it
 * declares, signed, one X-Shopify-Webhook-Id per delivery kept across its retries, and when
 * the app does not answer 2xx within 5 s, retried 8 times over about 4 hours with growing
 * delays (state.defaults.webhookRetryScale compresses them for tests).
 */
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { parse as parseToml } from "smol-toml";
import type { SandboxContext } from "../router";
import { storefrontStateOf } from "../storefront/state";
import { deliverWebhook, webhookBody, type WebhookDelivery } from "../storefront/webhooks";

/** Seconds before each retry: 8 retries, about 3.5 hours in all. */
export const RETRY_DELAYS_S = [10, 30, 60, 120, 300, 900, 3600, 7200];

export interface OutboxMessage {
  id: string;
  shop: string;
  topic: string;
  /** The raw JSON body, identical on every attempt. */
  body: string;
  webhookId: string;
  eventId: string;
  attempts: WebhookDelivery[];
  state: "pending" | "delivering" | "delivered" | "failed";
  nextAttemptAt: number | null;
}

interface Outbox {
  messages: OutboxMessage[];
  inFlight: number;
  timers: Set<NodeJS.Timeout>;
  waiters: Set<() => void>;
}

function outboxOf(ctx: SandboxContext): Outbox {
  const ext = ctx.state.ext as { outbox?: Outbox };
  ext.outbox ??= { messages: [], inFlight: 0, timers: new Set(), waiters: new Set() };
  return ext.outbox;
}

let subscriptions: Map<string, string> | null = null;

/** topic -> uri, from the app's shopify.app.toml (what the app asked Shopify to send). */
export function appSubscriptions(): Map<string, string> {
  if (subscriptions) return subscriptions;
  const toml = parseToml(readFileSync(new URL("../../shopify.app.toml", import.meta.url), "utf8")) as {
    webhooks?: { subscriptions?: { topics?: string[]; compliance_topics?: string[]; uri: string }[] };
  };
  subscriptions = new Map();
  for (const sub of toml.webhooks?.subscriptions ?? []) {
    for (const topic of [...(sub.topics ?? []), ...(sub.compliance_topics ?? [])]) subscriptions.set(topic, sub.uri);
  }
  return subscriptions;
}

/** Queues one delivery of `payload` for `topic`; nothing is sent when the app does not subscribe. */
export function sendWebhook(ctx: SandboxContext, shop: string, topic: string, payload: unknown, eventId: string = randomUUID()): OutboxMessage | null {
  const uri = appSubscriptions().get(topic);
  if (!uri) return null;
  const outbox = outboxOf(ctx);
  const message: OutboxMessage = {
    id: randomUUID(),
    shop,
    topic,
    body: webhookBody(payload),
    webhookId: randomUUID(),
    eventId,
    attempts: [],
    state: "pending",
    nextAttemptAt: Date.now(),
  };
  outbox.messages.push(message);
  if (outbox.messages.length > 500) outbox.messages.splice(0, outbox.messages.length - 500);
  schedule(ctx, message, uri, 0);
  return message;
}

function schedule(ctx: SandboxContext, message: OutboxMessage, uri: string, delayMs: number): void {
  const outbox = outboxOf(ctx);
  message.nextAttemptAt = Date.now() + delayMs;
  const timer = setTimeout(() => {
    outbox.timers.delete(timer);
    void attempt(ctx, message, uri);
  }, delayMs);
  timer.unref();
  outbox.timers.add(timer);
}

async function attempt(ctx: SandboxContext, message: OutboxMessage, uri: string): Promise<void> {
  const outbox = outboxOf(ctx);
  outbox.inFlight += 1;
  message.state = "delivering";
  message.nextAttemptAt = null;
  try {
    const delivery = await deliverWebhook({
      appUrl: ctx.options.appUrl,
      apiSecret: ctx.options.apiSecret,
      shop: message.shop,
      topic: message.topic,
      payload: message.body,
      webhookId: message.webhookId,
      eventId: message.eventId,
      path: uri,
    });
    message.attempts.push(delivery);
    const log = storefrontStateOf(ctx.state).webhookLog;
    log.push({ ...delivery, requestBody: message.body });
    if (log.length > 200) log.splice(0, log.length - 200);
    if (delivery.ok) {
      message.state = "delivered";
    } else if (message.attempts.length > RETRY_DELAYS_S.length) {
      message.state = "failed";
    } else {
      message.state = "pending";
      const delay = RETRY_DELAYS_S[message.attempts.length - 1] * 1000 * ctx.state.defaults.webhookRetryScale;
      schedule(ctx, message, uri, delay);
    }
  } finally {
    outbox.inFlight -= 1;
    if (outbox.inFlight === 0 && outbox.timers.size === 0) for (const wake of outbox.waiters) wake();
  }
}

/** Waits until nothing is in flight or scheduled (or the timeout); answers what is still pending. */
export async function outboxSettled(ctx: SandboxContext, timeoutMs: number): Promise<{ pending: number; failed: number }> {
  const outbox = outboxOf(ctx);
  const busy = () => outbox.inFlight > 0 || outbox.timers.size > 0;
  if (busy()) {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        outbox.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      outbox.waiters.add(done);
    });
  }
  return {
    pending: outbox.messages.filter((m) => m.state === "pending" || m.state === "delivering").length,
    failed: outbox.messages.filter((m) => m.state === "failed").length,
  };
}

export function outboxMessages(ctx: SandboxContext, shop?: string): OutboxMessage[] {
  return outboxOf(ctx).messages.filter((m) => !shop || m.shop === shop);
}

/** Drops scheduled retries (sandbox reset / close). */
export function clearOutbox(ctx: SandboxContext): void {
  const outbox = outboxOf(ctx);
  for (const t of outbox.timers) clearTimeout(t);
  outbox.timers.clear();
  outbox.messages.length = 0;
}
