import type { ActionFunctionArgs } from "@remix-run/node";
import { customersRedactJob } from "../compliance/jobs.server";
import { customerPayloadSchema } from "../compliance/compliance.server";
import { enqueue } from "../jobs/queue.server";
import { receiveWebhook } from "../webhooks/receive-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, async ({ shop, webhookEventId }, tx) => {
    await enqueue(tx, customersRedactJob, { webhookEventId }, { shopId: shop, uniqueKey: `webhook:${webhookEventId}` });
  }, customerPayloadSchema);
