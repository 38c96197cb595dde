// The storefront's writes to Shopify, as jobs: the program texts the theme blocks read
// (app-data metafields on the app installation) and a customer's advocate code.
import { z } from "zod";
import { defineJob, PermanentJobError } from "../jobs/define-job";
import { adminClientForShop } from "../shopify/admin-client.server";
import { ShopifyUserError } from "../shopify/errors";
import { setAppDataMetafields, setCustomerReferralCode } from "../shopify/metafields.server";
import { loadStorefrontProgram, storefrontMetafields } from "./storefront-program.server";
import { ADVOCATE_CODES_OFFER_JOB, ADVOCATE_DISCOUNT_CODE_JOB, CUSTOMER_CODE_JOB, enqueueAdvocateCodesOffer, SYNC_METAFIELDS_JOB } from "./sync-jobs";
import {
  createBasicDiscountCode,
  deleteDiscountCode,
  discountTypeOf,
  findDiscountCodeByCode,
  isDiscountCodeTaken,
  operationNameOfOfferUpdate,
  updateDiscountCodeOffer,
} from "../shopify/discount-codes.server";
import { friendDiscountOffer } from "../program/friend-discount";
import type { AdminGraphql } from "../shopify/admin-graphql";
import type { ProgramConfig } from "../program/program-config";

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

/** The code's create input from the program: any number of friends, each once; the program's minimum; no end date. */
function advocateCodeInput(code: string, config: ProgramConfig) {
  return { title: advocateCodeTitle(code), code, ...friendDiscountOffer(config), usageLimit: null, tags: ["twofold", "twofold-advocate-code"] };
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
    const title = advocateCodeTitle(advocate.code);
    const client = await adminClientForShop(db, advocate.shopId);
    try {
      await createBasicDiscountCode(client, advocateCodeInput(advocate.code, program.config));
    } catch (error) {
      if (!isDiscountCodeTaken(error)) permanentOnUserErrors(error);
      // Made by an earlier run, or the merchant already has a code with this text.
      const existing = await findDiscountCodeByCode(client, advocate.code);
      if (existing?.title !== title) {
        throw new PermanentJobError(`The discount code ${advocate.code} already exists in Shopify and is not Twofold's: the advocate's code cannot be typed at checkout`);
      }
    }
    // The offer changed while this code was being made: the change's own job may have passed
    // this advocate before the code existed, so bring it to the current offer here.
    const now = await loadStorefrontProgram(db, advocate.shopId);
    if (now && now.versionId !== program.versionId) await bringCodeToOffer(client, advocate.code, now.config);
  },
});

/** Advocates' codes brought to a changed offer per job run; the next batch is its own job. */
export const ADVOCATE_CODES_BATCH = 25;

/**
 * Brings one advocate's code to the program's friend offer: updated in place, or deleted and
 * made again when the offer changed type (free shipping is another kind of discount). A code
 * that is not there or not Twofold's is left alone. Waits for the shop's API budget first.
 */
async function bringCodeToOffer(client: AdminGraphql, code: string, config: ProgramConfig): Promise<"updated" | "recreated" | "skipped"> {
  const existing = await findDiscountCodeByCode(client, code);
  if (!existing || existing.title !== advocateCodeTitle(code)) return "skipped";
  const offer = friendDiscountOffer(config);
  if (existing.type === discountTypeOf(offer.value)) {
    await client.waitForBudget?.(operationNameOfOfferUpdate(offer.value));
    await updateDiscountCodeOffer(client, existing.id, offer).catch(permanentOnUserErrors);
    return "updated";
  }
  await deleteDiscountCode(client, existing.id).catch(permanentOnUserErrors);
  await createBasicDiscountCode(client, advocateCodeInput(code, config)).catch((error: unknown) => {
    // A retry after the create landed: it is there with our title.
    if (!isDiscountCodeTaken(error)) permanentOnUserErrors(error);
  });
  return "recreated";
}

/**
 * A program saved with another friend offer: every active advocate's personal code gets it,
 * ADVOCATE_CODES_BATCH at a time in advocate id order (each batch queues the next, keyed by the
 * version and the last id, so each change runs once per batch). A version superseded meanwhile
 * stops: the newer change has its own job, which covers everyone.
 */
export const advocateCodesOfferJob = defineJob({
  name: ADVOCATE_CODES_OFFER_JOB,
  payload: z.object({ shop: z.string().min(1), versionId: z.string().min(1), after: z.string().nullable().default(null) }),
  maxAttempts: 10,
  handler: async ({ shop, versionId, after }, { db }) => {
    const program = await loadStorefrontProgram(db, shop);
    if (!program || program.versionId !== versionId) return;
    const advocates = await db.advocate.findMany({
      where: { shopId: shop, status: "active", ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: ADVOCATE_CODES_BATCH,
      select: { id: true, code: true },
    });
    if (advocates.length === 0) return;
    const client = await adminClientForShop(db, shop);
    for (const advocate of advocates) await bringCodeToOffer(client, advocate.code, program.config);
    if (advocates.length === ADVOCATE_CODES_BATCH) await enqueueAdvocateCodesOffer(db, { shop, versionId, after: advocates.at(-1)!.id });
  },
});

export const storefrontJobs = [syncMetafieldsJob, customerCodeJob, advocateDiscountCodeJob, advocateCodesOfferJob];
