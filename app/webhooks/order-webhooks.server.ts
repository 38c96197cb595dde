// Order-side webhooks (orders/create, orders/paid, orders/cancelled, refunds/create) do no
// work in the request: the delivery is recorded and one job per delivery is queued, so a
// burst is absorbed by the inbox and drained by workers at the pace Shopify allows.
import crypto from "node:crypto";
import { clientKind, type Db } from "../db.server";
import { enqueue, newJobId } from "../jobs/queue.server";
import { processOrderWebhookJob } from "../referrals/process-order-webhook.job.server";
import { recordWebhookOnce, type WebhookDelivery, type WebhookHandler } from "./inbox.server";

/** Queues the order pipeline for this delivery (unique per delivery, so replays add nothing). */
export const enqueueOrderWebhook: WebhookHandler = async ({ shop, webhookEventId }, tx) => {
  await enqueue(tx, processOrderWebhookJob, { webhookEventId }, { shopId: shop, uniqueKey: `webhook:${webhookEventId}` });
};

function newWebhookEventId(): string {
  return `w${Date.now().toString(36)}${crypto.randomBytes(9).toString("base64url")}`;
}

// The inbox row and its job in one statement: the job is inserted only when the row was (a
// replayed X-Shopify-Webhook-Id inserts neither), and both commit together.
const RECORD_AND_QUEUE_PG = `
WITH ev AS (
  INSERT INTO "WebhookEvent" ("id", "shopId", "webhookId", "eventId", "topic", "apiVersion", "triggeredAt", "payload", "subjectGid", "receivedAt")
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  ON CONFLICT ("shopId", "webhookId") DO NOTHING
  RETURNING "id"
), job AS (
  INSERT INTO "Job" ("id", "shopId", "name", "payload", "status", "uniqueKey", "priority", "attempts", "maxAttempts", "runAt", "createdAt", "updatedAt")
  SELECT $11, $2, $12, $13, 'queued', $14, 0, 0, $15, $10, $10, $10 FROM ev
  ON CONFLICT ("uniqueKey") DO NOTHING
  RETURNING 1
)
SELECT (SELECT count(*) FROM ev)::int AS "recorded", (SELECT count(*) FROM job)::int AS "queued"`;

export type OrderDelivery = Omit<WebhookDelivery, "webhookEventId" | "payload"> & { subjectGid: string | null; triggeredAt?: string };

/**
 * Records an order or refund delivery and queues its job in one round trip to the database:
 * one statement on PostgreSQL, one transaction on SQLite (same file, no network).
 */
export async function recordOrderDelivery(db: Db, delivery: OrderDelivery): Promise<{ duplicate: boolean }> {
  if (clientKind(db) !== "postgresql") {
    return recordWebhookOnce(db, { ...delivery, payload: {} }, enqueueOrderWebhook);
  }
  const id = newWebhookEventId();
  const now = new Date();
  const triggeredAt = delivery.triggeredAt ? new Date(delivery.triggeredAt) : null;
  const rows = await db.$queryRawUnsafe<{ recorded: number }[]>(
    RECORD_AND_QUEUE_PG,
    id,
    delivery.shop,
    delivery.webhookId,
    delivery.eventId ?? null,
    delivery.topic,
    delivery.apiVersion ?? null,
    triggeredAt && !Number.isNaN(triggeredAt.getTime()) ? triggeredAt : null,
    delivery.rawBody,
    delivery.subjectGid,
    now,
    newJobId(),
    processOrderWebhookJob.name,
    JSON.stringify({ webhookEventId: id }),
    `webhook:${id}`,
    processOrderWebhookJob.maxAttempts ?? 12,
  );
  return { duplicate: Number(rows[0]?.recorded ?? 0) === 0 };
}
