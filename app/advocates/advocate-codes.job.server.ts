// An advocate's code in Shopify, as jobs: written to the customer's $app:twofold.code metafield
// (the theme blocks read it) and made a discount code a friend can type at checkout.
import { z } from "zod";
import type { DbClient } from "../db.server";
import { defineJob, PermanentJobError } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { advocateCodeInput, advocateCodeTitle, bringCodeToOffer } from "../program/advocate-code-offer.server";
import { loadStorefrontProgram } from "../program/storefront-program.server";
import { adminClientForShop } from "../shopify/admin-client.server";
import { createBasicDiscountCode, findDiscountCodeByCode, isDiscountCodeTaken } from "../shopify/discount-codes.server";
import { permanentOnUserErrors } from "../shopify/errors";
import { setCustomerReferralCode } from "../shopify/metafields.server";

export const customerCodeJob = defineJob({
  name: "storefront.customer-code",
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

export const advocateDiscountCodeJob = defineJob({
  name: "storefront.advocate-discount-code",
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

/**
 * Queues writing the advocate's code to the customer's $app:twofold.code metafield. Only the
 * advocate id travels in the job (no customer id in the queue: a redacted customer's advocate
 * row is gone or anonymised, and the job then writes nothing).
 */
export async function enqueueCustomerCode(db: DbClient, args: { shop: string; advocateId: string; code: string }): Promise<void> {
  await enqueue(db, customerCodeJob, { advocateId: args.advocateId }, { uniqueKey: `${customerCodeJob.name}:${args.advocateId}:${args.code}`, shopId: args.shop, maxAttempts: 10 });
}

/**
 * Queues making the advocate's personal code a Shopify discount code that gives the friend
 * offer, so a friend can type it at checkout. One job per advocate and code.
 */
export async function enqueueAdvocateDiscountCode(db: DbClient, args: { shop: string; advocateId: string; code: string }): Promise<void> {
  await enqueue(db, advocateDiscountCodeJob, { advocateId: args.advocateId }, { uniqueKey: `${advocateDiscountCodeJob.name}:${args.advocateId}:${args.code}`, shopId: args.shop, maxAttempts: 10 });
}
