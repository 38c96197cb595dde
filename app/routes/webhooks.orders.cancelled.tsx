import type { ActionFunctionArgs } from "@remix-run/node";
import { orderWebhookSchema } from "../referrals/order-payload";
import { enqueueOrderWebhook } from "../webhooks/order-webhooks.server";
import { receiveWebhook } from "../webhooks/receive-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => receiveWebhook(request, enqueueOrderWebhook, orderWebhookSchema);
