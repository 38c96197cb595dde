import type { ActionFunctionArgs } from "@remix-run/node";
import { enqueueShopProfileRefresh } from "../shops/shop-update.server";
import { receiveWebhook } from "../webhooks/receive-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => receiveWebhook(request, (delivery, tx) => enqueueShopProfileRefresh(tx, delivery));
