// shop/update keeps the Shop row's facts current (currency, name, primary domain, and the customer-accounts
// version that decides whether advocates can spend store credit). The webhook only records
// the delivery and queues a job; the job re-reads the profile through the Admin layer rather
// than trusting the payload, which does not carry customerAccountsV2.
import { z } from "zod";
import { defineJob } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { adminClientForShop } from "../shopify/admin-client.server";
import { fetchShopProfile, type ShopProfile } from "../shopify/shop-profile.server";
import { withSqliteBusyRetry, type DbClient } from "../db.server";
import { currenciesColumn } from "./presentment-currencies.server";

export const refreshShopProfileJob = defineJob({
  name: "shop.refresh-profile",
  payload: z.object({ shop: z.string().min(1) }),
  handler: async ({ shop }, { db }) => {
    const row = await db.shop.findUnique({ where: { id: shop }, select: { uninstalledAt: true } });
    if (!row || row.uninstalledAt) return; // nothing to keep current (redacted or uninstalled)
    await storeShopProfile(db, shop, await fetchShopProfile(await adminClientForShop(db, shop)));
  },
});

/** Keeps the Shop row's copy of what Shopify says about the shop. */
/** The Shop columns a profile reading sets (also written by the setup guide's theme check, in the same update). */
export function shopProfileColumns(profile: ShopProfile) {
  return {
    name: profile.name,
    currencyCode: profile.currencyCode,
    presentmentCurrencies: currenciesColumn(profile.currencyCode, profile.presentmentCurrencies),
    customerAccountsVersion: profile.customerAccountsVersion,
    primaryUrl: profile.primaryUrl,
  };
}

export async function storeShopProfile(db: DbClient, shop: string, profile: ShopProfile): Promise<void> {
  await withSqliteBusyRetry(db, () => db.shop.updateMany({ where: { id: shop }, data: shopProfileColumns(profile) }));
}

/** One refresh per shop/update delivery (a replay of the same delivery adds nothing). */
export async function enqueueShopProfileRefresh(db: DbClient, delivery: { shop: string; webhookEventId: string }): Promise<void> {
  await enqueue(db, refreshShopProfileJob, { shop: delivery.shop }, { shopId: delivery.shop, uniqueKey: `webhook:${delivery.webhookEventId}` });
}
