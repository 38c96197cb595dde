import type { ActionFunctionArgs } from "@remix-run/node";
import { shopRedactJob } from "../compliance/jobs.server";
import { enqueue } from "../jobs/queue.server";
import { receiveWebhook } from "../webhooks/receive-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, async ({ shop, webhookEventId }, tx) => {
    // No shopId on the job: it deletes the shop's jobs and must not delete itself mid-run.
    await enqueue(tx, shopRedactJob, { webhookEventId, shop }, { uniqueKey: `webhook:${webhookEventId}` });
  });
