// The program texts the theme blocks read, written to Shopify as app-data metafields on the app
// installation: one job per program change, reading the program as it is when it runs.
import { z } from "zod";
import type { DbClient } from "../db.server";
import { defineJob } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { adminClientForShop } from "../shopify/admin-client.server";
import { permanentOnUserErrors } from "../shopify/errors";
import { setAppDataMetafields } from "../shopify/metafields.server";
import { STOREFRONT_METAFIELD_TYPES, loadStorefrontProgram, storefrontMetafields } from "./storefront-program.server";

export const syncMetafieldsJob = defineJob({
  name: "storefront.sync-metafields",
  payload: z.object({ shop: z.string().min(1) }),
  maxAttempts: 10,
  handler: async ({ shop }, { db }) => {
    const [program, row] = await Promise.all([loadStorefrontProgram(db, shop), db.shop.findUnique({ where: { id: shop }, select: { name: true, primaryLocale: true } })]);
    const values = storefrontMetafields(program, row?.name || shop.replace(/\.myshopify\.com$/, ""), row?.primaryLocale);
    const client = await adminClientForShop(db, shop);
    await setAppDataMetafields(client, values, STOREFRONT_METAFIELD_TYPES).catch(permanentOnUserErrors);
  },
});

/**
 * Queues the app-data metafield sync for a shop. `change` names the program change that makes
 * it due (the saved version id, or the audit entry of an on/off switch): one job per change,
 * and the job reads the program as it is when it runs, so the last change always wins.
 */
export async function enqueueMetafieldSync(db: DbClient, args: { shop: string; change: string }): Promise<void> {
  await enqueue(db, syncMetafieldsJob, { shop: args.shop }, { uniqueKey: `${syncMetafieldsJob.name}:${args.shop}:${args.change}`, shopId: args.shop, maxAttempts: 10 });
}
