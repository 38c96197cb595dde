// Order-side webhooks (orders/create, orders/paid, orders/cancelled, refunds/create) do no
// work in the request: the delivery is recorded and one job per delivery is queued, so a
// burst is absorbed by the inbox and drained by workers at the pace Shopify allows.
import { enqueue } from "../jobs/queue.server";
import { processOrderWebhookJob } from "../referrals/process-order-webhook.job.server";
import type { WebhookHandler } from "./inbox.server";

/** Queues the order pipeline for this delivery (unique per delivery, so replays add nothing). */
export const enqueueOrderWebhook: WebhookHandler = async ({ shop, webhookEventId }, tx) => {
  await enqueue(tx, processOrderWebhookJob, { webhookEventId }, { shopId: shop, uniqueKey: `webhook:${webhookEventId}` });
};
