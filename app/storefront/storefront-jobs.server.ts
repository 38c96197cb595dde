// The storefront's writes to Shopify, as jobs: the program texts the theme blocks read
// (app-data metafields on the app installation) and a customer's advocate code.
import { z } from "zod";
import { defineJob, PermanentJobError } from "../jobs/define-job";
import { adminClientForShop } from "../shopify/admin-client.server";
import { ShopifyUserError } from "../shopify/errors";
import { setAppDataMetafields, setCustomerReferralCode } from "../shopify/metafields.server";
import { loadStorefrontProgram, storefrontMetafields } from "./storefront-program.server";
import { ADVOCATE_DISCOUNT_CODE_JOB, CUSTOMER_CODE_JOB, SYNC_METAFIELDS_JOB } from "./sync-jobs";
import { createBasicDiscountCode, findDiscountCodeByCode, isDiscountCodeTaken } from "../shopify/discount-codes.server";
import { friendDiscountValue } from "../program/friend-discount";

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

/** The title that marks an advocate's personal code as Twofold's in the merchant's discounts list. */
export function advocateCodeTitle(code: string): string {
  return `Twofold referral code ${code}`;
}

export const advocateDiscountCodeJob = defineJob({
  name: ADVOCATE_DISCOUNT_CODE_JOB,
  payload: z.object({ advocateId: z.string().min(1) }),
  maxAttempts: 10,
  handler: async ({ advocateId }, { db }) => {
    const advocate = await db.advocate.findUnique({ where: { id: advocateId }, select: { shopId: true, code: true, status: true } });
    if (!advocate || advocate.status !== "active") return;
    const program = await loadStorefrontProgram(db, advocate.shopId);
    if (!program) return;
    const { config } = program;
    const title = advocateCodeTitle(advocate.code);
    const client = await adminClientForShop(db, advocate.shopId);
    try {
      // Any number of friends, each once; the program's minimum; no end date.
      await createBasicDiscountCode(client, {
        title,
        code: advocate.code,
        value: friendDiscountValue(config),
        minimumSubtotal: config.friendReward.minimumSubtotalMinor != null ? { minorUnits: config.friendReward.minimumSubtotalMinor, currencyCode: config.currency } : undefined,
        usageLimit: null,
        combinesWith: config.friendReward.combinesWith,
        tags: ["twofold", "twofold-advocate-code"],
      });
    } catch (error) {
      if (!isDiscountCodeTaken(error)) permanentOnUserErrors(error);
      // Made by an earlier run, or the merchant already has a code with this text.
      const existing = await findDiscountCodeByCode(client, advocate.code);
      if (existing?.title === title) return;
      throw new PermanentJobError(`The discount code ${advocate.code} already exists in Shopify and is not Twofold's: the advocate's code cannot be typed at checkout`);
    }
  },
});

export const storefrontJobs = [syncMetafieldsJob, customerCodeJob, advocateDiscountCodeJob];
