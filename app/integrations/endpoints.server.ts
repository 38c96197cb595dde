// What staff do with outgoing webhooks in the admin: add, turn on/off, remove an endpoint,
// reveal its secret, send a test event, read the delivery log, resend a delivery. Every change
// is audited with the staff member; ids from the form are looked up within the shop only, so
// another shop's endpoint or delivery is "not found".
import type { Db } from "../db.server";
import { enqueue } from "../jobs/queue.server";
import { recordAudit } from "../lib/audit-log.server";
import { deliverWebhookJob, deliveryJobKey, MAX_DELIVERY_ATTEMPTS } from "./deliver-webhook.job.server";
import { checkEndpointUrl, MAX_ENDPOINTS_PER_SHOP, type UrlPolicy } from "./endpoint-url";
import { recordOutgoingEvent } from "./record-event.server";
import { newEndpointSecret } from "./signature";

export type Refusal = { ok: false; status: 404 | 409 | 422; error: string };
const notFound = (what: string): Refusal => ({ ok: false, status: 404, error: `That ${what} does not exist in this store.` });

/** The secret as the page shows it until revealed. */
export function maskSecret(secret: string): string {
  return `${secret.slice(0, 6)}${"•".repeat(12)}${secret.slice(-4)}`;
}

export async function listEndpoints(db: Db, shopId: string) {
  const endpoints = await db.outgoingEndpoint.findMany({ where: { shopId }, orderBy: { createdAt: "asc" } });
  const stats = await db.outgoingDelivery.groupBy({ by: ["endpointId", "status"], where: { shopId }, _count: { _all: true } });
  return endpoints.map((e) => {
    const count = (status: string) => stats.find((s) => s.endpointId === e.id && s.status === status)?._count._all ?? 0;
    return {
      id: e.id,
      url: e.url,
      enabled: e.enabled,
      maskedSecret: maskSecret(e.secret),
      disabledAt: e.disabledAt?.toISOString() ?? null,
      disabledReason: e.disabledReason,
      failingSince: e.failingSince?.toISOString() ?? null,
      createdAt: e.createdAt.toISOString(),
      delivered: count("succeeded"),
      pending: count("pending"),
      failed: count("failed"),
    };
  });
}

export async function addEndpoint(db: Db, shopId: string, rawUrl: string, policy: UrlPolicy, actor: string): Promise<{ ok: true; id: string; url: string; secret: string } | Refusal> {
  const checked = checkEndpointUrl(rawUrl, policy);
  if (!checked.ok) return { ok: false, status: 422, error: checked.error };
  return db.$transaction(async (tx) => {
    const existing = await tx.outgoingEndpoint.findMany({ where: { shopId }, select: { url: true } });
    if (existing.some((e) => e.url === checked.url)) return { ok: false, status: 409, error: "That URL is already an endpoint of this store." } satisfies Refusal;
    if (existing.length >= MAX_ENDPOINTS_PER_SHOP) return { ok: false, status: 409, error: `A store can have at most ${MAX_ENDPOINTS_PER_SHOP} endpoints. Remove one first.` } satisfies Refusal;
    const secret = newEndpointSecret();
    const endpoint = await tx.outgoingEndpoint.create({ data: { shopId, url: checked.url, secret, createdBy: actor } });
    await recordAudit(tx, { shop: shopId, actor, action: "webhooks.endpoint_added", subject: "OutgoingEndpoint", subjectId: endpoint.id, data: { url: endpoint.url } });
    return { ok: true as const, id: endpoint.id, url: endpoint.url, secret };
  });
}

export async function setEndpointEnabled(db: Db, shopId: string, id: string, enabled: boolean, actor: string): Promise<{ ok: true } | Refusal> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.outgoingEndpoint.updateMany({
      where: { id, shopId },
      data: enabled ? { enabled: true, disabledAt: null, disabledReason: null, failingSince: null } : { enabled: false, disabledAt: new Date(), disabledReason: `Turned off by ${actor}.` },
    });
    if (count !== 1) return notFound("endpoint");
    await recordAudit(tx, { shop: shopId, actor, action: enabled ? "webhooks.endpoint_enabled" : "webhooks.endpoint_disabled", subject: "OutgoingEndpoint", subjectId: id });
    return { ok: true as const };
  });
}

export async function removeEndpoint(db: Db, shopId: string, id: string, actor: string): Promise<{ ok: true } | Refusal> {
  return db.$transaction(async (tx) => {
    const endpoint = await tx.outgoingEndpoint.findFirst({ where: { id, shopId }, select: { url: true } });
    if (!endpoint) return notFound("endpoint");
    // Its deliveries go with it (cascade); their queued jobs find nothing and end.
    await tx.outgoingEndpoint.delete({ where: { id } });
    await recordAudit(tx, { shop: shopId, actor, action: "webhooks.endpoint_removed", subject: "OutgoingEndpoint", subjectId: id, data: { url: endpoint.url } });
    return { ok: true as const };
  });
}

export async function revealEndpointSecret(db: Db, shopId: string, id: string, actor: string): Promise<{ ok: true; secret: string } | Refusal> {
  const endpoint = await db.outgoingEndpoint.findFirst({ where: { id, shopId }, select: { secret: true } });
  if (!endpoint) return notFound("endpoint");
  await recordAudit(db, { shop: shopId, actor, action: "webhooks.secret_revealed", subject: "OutgoingEndpoint", subjectId: id });
  return { ok: true, secret: endpoint.secret };
}

export async function sendTestEvent(db: Db, shopId: string, id: string, actor: string): Promise<{ ok: true; eventId: string } | Refusal> {
  return db.$transaction(async (tx) => {
    const endpoint = await tx.outgoingEndpoint.findFirst({ where: { id, shopId }, select: { id: true } });
    if (!endpoint) return notFound("endpoint");
    const eventId = await recordOutgoingEvent(tx, { shopId, type: "test.ping", endpointIds: [endpoint.id], data: { message: "A test event from Twofold. Your endpoint received and verified it." } });
    await recordAudit(tx, { shop: shopId, actor, action: "webhooks.test_sent", subject: "OutgoingEndpoint", subjectId: id, data: { eventId: eventId ?? "" } });
    return { ok: true as const, eventId: eventId! };
  });
}

export async function endpointDeliveryLog(db: Db, shopId: string, endpointId: string, limit = 50) {
  const endpoint = await db.outgoingEndpoint.findFirst({ where: { id: endpointId, shopId } });
  if (!endpoint) return null;
  const deliveries = await db.outgoingDelivery.findMany({
    where: { shopId, endpointId },
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { event: { select: { id: true, type: true, createdAt: true } } },
  });
  return {
    endpoint: { id: endpoint.id, url: endpoint.url, enabled: endpoint.enabled, disabledReason: endpoint.disabledReason },
    maxAttempts: MAX_DELIVERY_ATTEMPTS,
    deliveries: deliveries.map((d) => ({
      id: d.id,
      eventId: d.event.id,
      type: d.event.type,
      eventAt: d.event.createdAt.toISOString(),
      status: d.status,
      attempts: d.attempts,
      resends: d.resends,
      lastStatusCode: d.lastStatusCode,
      lastError: d.lastError,
      nextAttemptAt: d.status === "pending" ? (d.nextAttemptAt?.toISOString() ?? null) : null,
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
    })),
  };
}

/** Sends a delivery again with the same event id (receivers dedupe on it), with a fresh set of attempts. */
export async function resendDelivery(db: Db, shopId: string, deliveryId: string, actor: string): Promise<{ ok: true } | Refusal> {
  return db.$transaction(async (tx) => {
    const delivery = await tx.outgoingDelivery.findFirst({ where: { id: deliveryId, shopId }, include: { endpoint: { select: { enabled: true } } } });
    if (!delivery) return notFound("delivery");
    if (delivery.status === "pending") return { ok: false, status: 409, error: "That delivery is still being tried; wait for it to succeed or fail." } satisfies Refusal;
    if (!delivery.endpoint.enabled) return { ok: false, status: 409, error: "Turn the endpoint back on before resending to it." } satisfies Refusal;
    const resends = delivery.resends + 1;
    const { count } = await tx.outgoingDelivery.updateMany({
      where: { id: delivery.id, status: delivery.status, resends: delivery.resends },
      data: { status: "pending", attempts: 0, resends, nextAttemptAt: new Date(), lastError: null },
    });
    if (count !== 1) return { ok: false, status: 409, error: "That delivery changed meanwhile; reload the log." } satisfies Refusal;
    await enqueue(tx, deliverWebhookJob, { deliveryId: delivery.id, shopId }, { uniqueKey: deliveryJobKey(delivery.id, resends), shopId });
    await recordAudit(tx, { shop: shopId, actor, action: "webhooks.delivery_resent", subject: "OutgoingDelivery", subjectId: delivery.id, data: { eventId: delivery.eventId, previousStatus: delivery.status } });
    return { ok: true as const };
  });
}
