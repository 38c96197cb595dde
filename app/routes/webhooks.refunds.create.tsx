import type { ActionFunctionArgs } from "@remix-run/node";
import { refundWebhookSchema } from "../referrals/order-payload";
import { receiveOrderWebhook } from "../webhooks/ingest-order-webhook.server";

// The production server answers this path before Remix (scripts/serve.mjs); same answers here.
export const action = async ({ request }: ActionFunctionArgs) => receiveOrderWebhook(request, refundWebhookSchema);
