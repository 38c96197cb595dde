import type { ActionFunctionArgs } from "@remix-run/node";
import { customersDataRequestJob } from "../compliance/jobs.server";
import { customerPayloadSchema } from "../compliance/compliance.server";
import { recordDataRequest } from "../compliance/privacy-requests.server";
import { enqueue } from "../jobs/queue.server";
import { receiveWebhook } from "../webhooks/receive-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, async ({ shop, webhookEventId, rawBody }, tx) => {
    await recordDataRequest(tx, { shop, webhookEventId, rawBody });
    await enqueue(tx, customersDataRequestJob, { webhookEventId }, { shopId: shop, uniqueKey: `webhook:${webhookEventId}` });
  }, customerPayloadSchema);
