// Sends one outgoing webhook delivery (one event to one endpoint). The delivery row is the
// truth: a run that finds it succeeded or failed does nothing, and a run holds it (sendingUntil)
// while it posts, so the job's at-least-once runs never post one delivery twice at the same time.
// Failures (network, timeout, non-2xx) retry with exponential backoff up to MAX_DELIVERY_ATTEMPTS;
// then the delivery is failed, and an endpoint failing for ENDPOINT_DISABLE_AFTER_MS is disabled.
import { z } from "zod";
import { setting } from "../env.server";
import { defineJob, RetryJobLaterError } from "../jobs/define-job";
import { jobNow } from "../lib/clock.server";
import { postWebhook, DELIVERY_TIMEOUT_MS } from "./send-webhook.server";
import { SIGNATURE_HEADER, signatureHeader } from "./signature";
import { endpointUrlPolicy } from "./url-policy.server";

export const MAX_DELIVERY_ATTEMPTS = 10;
export const RETRY_CAP_MS = 6 * 60 * 60_000;
export const ENDPOINT_DISABLE_AFTER_MS = 3 * 24 * 60 * 60_000;

export function deliveryJobKey(deliveryId: string, resends: number): string {
  return `outgoing-webhook:${deliveryId}:${resends}`;
}

/** Delay before attempt `failed + 1`: doubling from the base, capped, half of it random ("equal jitter"). */
export function retryDelayMs(failed: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_CAP_MS, baseMs * 2 ** Math.min(Math.max(failed, 1) - 1, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export const deliverWebhookJob = defineJob({
  name: "integrations.deliver-webhook",
  payload: z.object({ deliveryId: z.string().min(1), shopId: z.string().min(1) }),
  // Attempts are counted on the delivery; the job only needs room for them and a few lost leases.
  maxAttempts: MAX_DELIVERY_ATTEMPTS + 5,
  handler: async ({ deliveryId, shopId }, { db }) => {
    const delivery = await db.outgoingDelivery.findFirst({ where: { id: deliveryId, shopId }, include: { endpoint: true, event: true } });
    if (!delivery || delivery.status !== "pending") return;
    const { endpoint, event } = delivery;
    if (!endpoint.enabled && event.type !== "test.ping") {
      await db.outgoingDelivery.updateMany({ where: { id: delivery.id, status: "pending" }, data: { status: "failed", lastError: "endpoint disabled", nextAttemptAt: null } });
      return;
    }
    const startedAt = new Date();
    const held = await db.outgoingDelivery.updateMany({
      where: { id: delivery.id, status: "pending", OR: [{ sendingUntil: null }, { sendingUntil: { lt: startedAt } }] },
      data: { sendingUntil: new Date(startedAt.getTime() + DELIVERY_TIMEOUT_MS + 10_000), attempts: { increment: 1 } },
    });
    if (held.count !== 1) throw new RetryJobLaterError(`delivery ${delivery.id} is being sent by another run`, DELIVERY_TIMEOUT_MS, { countsAsAttempt: false });
    const attempt = delivery.attempts + 1;

    const timestamp = Math.floor(Date.now() / 1000);
    const result = await postWebhook(
      endpoint.url,
      { [SIGNATURE_HEADER]: signatureHeader(endpoint.secret, event.body, timestamp), "Twofold-Event-Id": event.id, "Twofold-Event-Type": event.type, "Twofold-Delivery-Attempt": String(attempt) },
      event.body,
      { allowPrivate: endpointUrlPolicy().allowLocal },
    );
    const now = await jobNow();
    if (result.ok) {
      await db.$transaction([
        db.outgoingDelivery.update({ where: { id: delivery.id }, data: { status: "succeeded", lastStatusCode: result.statusCode, lastError: null, deliveredAt: new Date(), nextAttemptAt: null, sendingUntil: null } }),
        db.outgoingEndpoint.updateMany({ where: { id: endpoint.id, failingSince: { not: null } }, data: { failingSince: null } }),
      ]);
      return;
    }
    const failingSince = endpoint.failingSince ?? now;
    if (!endpoint.failingSince) await db.outgoingEndpoint.updateMany({ where: { id: endpoint.id, failingSince: null }, data: { failingSince: now } });
    if (attempt >= MAX_DELIVERY_ATTEMPTS) {
      await db.outgoingDelivery.update({ where: { id: delivery.id }, data: { status: "failed", lastStatusCode: result.statusCode, lastError: result.error, nextAttemptAt: null, sendingUntil: null } });
      if (endpoint.enabled && now.getTime() - failingSince.getTime() >= ENDPOINT_DISABLE_AFTER_MS) {
        const days = Math.round((now.getTime() - failingSince.getTime()) / 86_400_000);
        await db.outgoingEndpoint.updateMany({
          where: { id: endpoint.id, enabled: true },
          data: { enabled: false, disabledAt: now, disabledReason: `Every delivery failed for ${days} days (last: ${result.error}). Fix the receiver, then turn the endpoint back on and resend the failed deliveries.` },
        });
      }
      return;
    }
    const delayMs = retryDelayMs(attempt, setting("WEBHOOK_RETRY_BASE_MS"));
    await db.outgoingDelivery.update({
      where: { id: delivery.id },
      data: { lastStatusCode: result.statusCode, lastError: result.error, nextAttemptAt: new Date(Date.now() + delayMs), sendingUntil: null },
    });
    throw new RetryJobLaterError(`delivery ${delivery.id} attempt ${attempt}: ${result.error}`, delayMs);
  },
});
