import type { ActionFunctionArgs } from "@remix-run/node";
import { ORDER_RECEIPT_SCHEMA, receiveOrderWebhook } from "../webhooks/ingest-order-webhook.server";

// The production server answers this path before Remix (scripts/serve.mjs); same answers here.
export const action = async ({ request }: ActionFunctionArgs) => receiveOrderWebhook(request, ORDER_RECEIPT_SCHEMA);
