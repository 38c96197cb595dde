import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { recordScopesUpdate } from "../shops/record-install.server";
import { receiveWebhook } from "../webhooks/receive-webhook.server";

const payloadSchema = z.object({ current: z.array(z.string()), previous: z.array(z.string()).optional() });

export const action = async ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, async ({ shop, payload }, tx) => {
    await recordScopesUpdate(tx, shop, payloadSchema.parse(payload).current);
  });
