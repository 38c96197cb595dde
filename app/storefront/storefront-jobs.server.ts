// The storefront's writes to Shopify, as jobs: the program texts the theme blocks read
// (app-data metafields on the app installation) and a customer's advocate code.
import { z } from "zod";
import { defineJob, PermanentJobError } from "../jobs/define-job";
import { adminClientForShop } from "../shopify/admin-client.server";
import { ShopifyUserError } from "../shopify/errors";
import { setAppDataMetafields, setCustomerReferralCode } from "../shopify/metafields.server";
import { loadStorefrontProgram, storefrontMetafields } from "./storefront-program.server";
import { CUSTOMER_CODE_JOB, SYNC_METAFIELDS_JOB } from "./sync-jobs";

function permanentOnUserErrors(error: unknown): never {
  if (error instanceof ShopifyUserError) throw new PermanentJobError(error.message);
  throw error;
}

export const syncMetafieldsJob = defineJob({
  name: SYNC_METAFIELDS_JOB,
  payload: z.object({ shop: z.string().min(1) }),
  maxAttempts: 10,
  handler: async ({ shop }, { db }) => {
    const [program, row] = await Promise.all([loadStorefrontProgram(db, shop), db.shop.findUnique({ where: { id: shop }, select: { name: true } })]);
    const values = storefrontMetafields(program, row?.name || shop.replace(/\.myshopify\.com$/, ""));
    const client = await adminClientForShop(db, shop);
    await setAppDataMetafields(client, values).catch(permanentOnUserErrors);
  },
});

export const customerCodeJob = defineJob({
  name: CUSTOMER_CODE_JOB,
  payload: z.object({ advocateId: z.string().min(1) }),
  maxAttempts: 10,
  handler: async ({ advocateId }, { db }) => {
    const advocate = await db.advocate.findUnique({ where: { id: advocateId }, select: { shopId: true, customerGid: true, code: true, status: true } });
    // Removed, redacted or guest advocates have nothing to write.
    if (!advocate?.customerGid || advocate.status !== "active") return;
    const client = await adminClientForShop(db, advocate.shopId);
    await setCustomerReferralCode(client, advocate.customerGid, advocate.code).catch(permanentOnUserErrors);
  },
});

export const storefrontJobs = [syncMetafieldsJob, customerCodeJob];
