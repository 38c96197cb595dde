/**
 * Webhooks the sandbox sends on its own (orders placed at checkout, refunds, cancels), as
 * Shopify sends them: only topics the app subscribes to in shopify.app.toml, to the uri it
 * declares, signed, one X-Shopify-Webhook-Id per delivery kept across its retries, and when
 * the app does not answer 2xx within 5 s, retried 8 times over about 4 hours with growing
 * delays (state.defaults.webhookRetryScale compresses them for tests).
 *
 * Shopify does not guarantee delivery. The drop mode plays that: a share of deliveries
 * (`dropRate`, drawn from a seeded generator so a run can be repeated) and/or the next `count`
 * deliveries of a topic are never sent at all, not even retried. They stay in the outbox with
 * state "dropped", so a test can see what the app never got.
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
  state: "pending" | "delivering" | "delivered" | "failed" | "dropped";
  nextAttemptAt: number | null;
}

/** Deliveries Shopify never makes: a random share, and the next `count` of a topic. */
export interface DropRule {
  topic: string;
  /** Only this shop's deliveries (any shop when absent). */
  shop?: string;
  count: number;
}

export interface DropSettings {
  /** Share of deliveries dropped for good, 0..1. */
  dropRate: number;
  /** Seed of the generator that draws them (the same seed drops the same positions). */
  seed: number;
  /** Dropped before the rate is drawn, in order; each rule counts down. */
  next: DropRule[];
  /** How many deliveries were dropped so far, per topic. */
  dropped: Record<string, number>;
}

interface Outbox {
  messages: OutboxMessage[];
  inFlight: number;
  timers: Set<NodeJS.Timeout>;
  waiters: Set<() => void>;
  drop: DropSettings & { random: () => number };
}

/** mulberry32: a small seeded generator, so a drop pattern can be replayed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function outboxOf(ctx: SandboxContext): Outbox {
  const ext = ctx.state.ext as { outbox?: Outbox };
  if (!ext.outbox) {
    const seed = ctx.state.defaults.webhookDropSeed ?? 1;
    ext.outbox = {
      messages: [],
      inFlight: 0,
      timers: new Set(),
      waiters: new Set(),
      drop: { dropRate: ctx.state.defaults.webhookDropRate ?? 0, seed, next: [], dropped: {}, random: seededRandom(seed) },
    };
  }
  return ext.outbox;
}

/** Changes the drop mode; `clear` turns it off. Answers the settings now in force. */
export function configureDrops(ctx: SandboxContext, input: { dropRate?: number; seed?: number; next?: DropRule[]; clear?: boolean }): DropSettings {
  const drop = outboxOf(ctx).drop;
  if (input.clear) {
    drop.dropRate = 0;
    drop.next = [];
  }
  if (input.dropRate !== undefined) {
    if (!(typeof input.dropRate === "number" && input.dropRate >= 0 && input.dropRate <= 1)) throw new Error("dropRate must be a number from 0 to 1");
    drop.dropRate = input.dropRate;
  }
  if (input.seed !== undefined) {
    if (!Number.isInteger(input.seed)) throw new Error("seed must be an integer");
    drop.seed = input.seed;
    drop.random = seededRandom(input.seed);
  }
  for (const rule of input.next ?? []) {
    if (typeof rule.topic !== "string" || !rule.topic) throw new Error("every next rule needs a topic");
    const count = rule.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new Error("count must be a whole number above 0");
    drop.next.push({ topic: rule.topic, shop: rule.shop, count });
  }
  return dropSettings(ctx);
}

export function dropSettings(ctx: SandboxContext): DropSettings {
  const { dropRate, seed, next, dropped } = outboxOf(ctx).drop;
  return { dropRate, seed, next: next.map((r) => ({ ...r })), dropped: { ...dropped } };
}

function dropsThisDelivery(outbox: Outbox, shop: string, topic: string): boolean {
  const drop = outbox.drop;
  const rule = drop.next.find((r) => r.topic === topic && (!r.shop || r.shop === shop));
  let dropped = false;
  if (rule) {
    rule.count -= 1;
    if (rule.count <= 0) drop.next.splice(drop.next.indexOf(rule), 1);
    dropped = true;
  } else if (drop.dropRate > 0) {
    dropped = drop.random() < drop.dropRate;
  }
  if (dropped) drop.dropped[topic] = (drop.dropped[topic] ?? 0) + 1;
  return dropped;
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
  if (dropsThisDelivery(outbox, shop, topic)) {
    message.state = "dropped";
    message.nextAttemptAt = null;
    return message;
  }
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
