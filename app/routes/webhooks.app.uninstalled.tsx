import type { ActionFunctionArgs } from "@remix-run/node";
import { recordUninstall } from "../shops/record-install.server";
import { receiveWebhook } from "../webhooks/receive-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, async ({ shop }, tx) => {
    await recordUninstall(tx, shop);
  });
