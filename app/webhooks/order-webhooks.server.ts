// Order-side webhooks (orders/create, orders/paid, orders/cancelled, refunds/create) do no
// work in the request: the delivery is recorded and one job per delivery is queued, so a
// burst is absorbed by the inbox and drained by workers at the pace Shopify allows.
import { clientKind, postgresPool, type Db } from "../db.server";
import { enqueue, newJobId } from "../jobs/queue.server";
import { randomBase64Url } from "../lib/random-id.server";
import { processOrderWebhookJob } from "../referrals/process-order-webhook.job.server";
import { recordWebhookOnce, type WebhookDelivery, type WebhookHandler } from "./inbox.server";

/** Queues the order pipeline for this delivery (unique per delivery, so replays add nothing). */
export const enqueueOrderWebhook: WebhookHandler = async ({ shop, webhookEventId }, tx) => {
  await enqueue(tx, processOrderWebhookJob, { webhookEventId }, { shopId: shop, uniqueKey: `webhook:${webhookEventId}` });
};

function newWebhookEventId(): string {
  return `w${Date.now().toString(36)}${randomBase64Url(9)}`;
}

// The inbox rows and their jobs in one statement: a job is inserted only for a row that was
// (a replayed X-Shopify-Webhook-Id inserts neither), and all commit together. Deliveries that
// arrive while earlier statements are in flight are sent together as one statement (one
// commit), so a burst costs a few commits rather than one per delivery; a lone delivery waits
// for nobody.
const RECORD_AND_QUEUE_PG = `
WITH input AS (
  SELECT * FROM json_to_recordset($1::json)
    AS t("id" text, "shopId" text, "webhookId" text, "eventId" text, "topic" text, "apiVersion" text, "triggeredAt" text, "payload" text, "subjectGid" text, "customerGid" text, "jobId" text)
), ev AS (
  INSERT INTO "WebhookEvent" ("id", "shopId", "webhookId", "eventId", "topic", "apiVersion", "triggeredAt", "payload", "subjectGid", "customerGid", "receivedAt")
  SELECT "id", "shopId", "webhookId", "eventId", "topic", "apiVersion", "triggeredAt"::timestamp(3), "payload", "subjectGid", "customerGid", $2::timestamp(3) FROM input
  ON CONFLICT ("shopId", "webhookId") DO NOTHING
  RETURNING "id"
), job AS (
  INSERT INTO "Job" ("id", "shopId", "name", "payload", "status", "uniqueKey", "priority", "attempts", "maxAttempts", "runAt", "createdAt", "updatedAt")
  SELECT input."jobId", input."shopId", $3, '{"webhookEventId":"' || ev."id" || '"}', 'queued', 'webhook:' || ev."id", 0, 0, $4, $2::timestamp(3), $2::timestamp(3), $2::timestamp(3)
  FROM ev JOIN input ON input."id" = ev."id"
  ON CONFLICT ("uniqueKey") DO NOTHING
  RETURNING 1
)
SELECT "id" FROM ev`;

export type OrderDelivery = Omit<WebhookDelivery, "webhookEventId" | "payload"> & { subjectGid: string | null; customerGid: string | null; triggeredAt?: string };

interface Pending {
  id: string;
  delivery: OrderDelivery;
  resolve: (result: { duplicate: boolean }) => void;
  reject: (error: unknown) => void;
}

/** Statements in flight at once per process (each holds one pooled connection). */
const MAX_IN_FLIGHT = 4;
/** Rows per statement at most. */
const MAX_BATCH = 200;

class InboxBatcher {
  private waiting: Pending[] = [];
  private inFlight = 0;
  constructor(private readonly db: Db) {}

  record(delivery: OrderDelivery): Promise<{ duplicate: boolean }> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: newWebhookEventId(), delivery, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async send(batch: Pending[]): Promise<void> {
    try {
      const now = new Date();
      // The rows as one JSON parameter: V8's JSON.stringify escapes the ~6 kB bodies natively,
      // where text[] parameters went through pg's array escaping in JavaScript (4 % of ingest).
      const input = batch.map((p) => ({
        id: p.id,
        shopId: p.delivery.shop,
        webhookId: p.delivery.webhookId,
        eventId: p.delivery.eventId ?? null,
        topic: p.delivery.topic,
        apiVersion: p.delivery.apiVersion ?? null,
        triggeredAt: isoOrNull(p.delivery.triggeredAt),
        payload: p.delivery.rawBody,
        subjectGid: p.delivery.subjectGid,
        customerGid: p.delivery.customerGid,
        jobId: newJobId(),
      }));
      const params = [JSON.stringify(input), now.toISOString(), processOrderWebhookJob.name, processOrderWebhookJob.maxAttempts ?? 12];
      // Straight to `pg`: through Prisma's raw path the statement's ~1 MB of parameters and its
      // answer are converted twice more on their way (see postgresPool).
      const { rows } = await postgresPool(this.db, MAX_IN_FLIGHT).query<{ id: string }>(RECORD_AND_QUEUE_PG, params);
      const inserted = new Set(rows.map((r) => r.id));
      for (const p of batch) p.resolve({ duplicate: !inserted.has(p.id) });
    } catch (error) {
      // One bad row must not fail its neighbours: each is tried again on its own.
      if (batch.length > 1) await Promise.all(batch.map((p) => this.send([p])));
      else batch[0].reject(error);
    }
  }
}

function isoOrNull(value: string | undefined): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace("Z", "");
}

const batchers = new WeakMap<Db, InboxBatcher>();

/**
 * Records an order or refund delivery and queues its job in one round trip to the database:
 * one statement on PostgreSQL (shared with deliveries arriving at the same moment), one
 * transaction on SQLite (same file, no network). Resolves once it is committed.
 */
export async function recordOrderDelivery(db: Db, delivery: OrderDelivery): Promise<{ duplicate: boolean }> {
  if (clientKind(db) !== "postgresql") {
    return recordWebhookOnce(db, { ...delivery, payload: {} }, enqueueOrderWebhook);
  }
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new InboxBatcher(db)));
  return batcher.record(delivery);
}
