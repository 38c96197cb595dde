// Enqueue side of the storefront's Shopify writes (no Shopify or program imports, so the
// program module can call it inside its transactions without an import cycle). The jobs
// themselves live in storefront-jobs.server.ts.
import type { DbClient } from "../db.server";
import { enqueue } from "../jobs/queue.server";

export const SYNC_METAFIELDS_JOB = "storefront.sync-metafields";
export const CUSTOMER_CODE_JOB = "storefront.customer-code";
export const ADVOCATE_DISCOUNT_CODE_JOB = "storefront.advocate-discount-code";
export const ADVOCATE_CODES_OFFER_JOB = "storefront.advocate-codes-offer";

/**
 * Queues the app-data metafield sync for a shop. `change` names the program change that makes
 * it due (the saved version id, or the audit entry of an on/off switch): one job per change,
 * and the job reads the program as it is when it runs, so the last change always wins.
 */
export async function enqueueMetafieldSync(db: DbClient, args: { shop: string; change: string }): Promise<void> {
  await enqueue(db, SYNC_METAFIELDS_JOB, { shop: args.shop }, { uniqueKey: `${SYNC_METAFIELDS_JOB}:${args.shop}:${args.change}`, shopId: args.shop, maxAttempts: 10 });
}

/**
 * Queues writing the advocate's code to the customer's $app:twofold.code metafield. Only the
 * advocate id travels in the job (no customer id in the queue: a redacted customer's advocate
 * row is gone or anonymised, and the job then writes nothing).
 */
export async function enqueueCustomerCode(db: DbClient, args: { shop: string; advocateId: string; code: string }): Promise<void> {
  await enqueue(db, CUSTOMER_CODE_JOB, { advocateId: args.advocateId }, { uniqueKey: `${CUSTOMER_CODE_JOB}:${args.advocateId}:${args.code}`, shopId: args.shop, maxAttempts: 10 });
}

/**
 * Queues making the advocate's personal code a Shopify discount code that gives the friend
 * offer, so a friend can type it at checkout. One job per advocate and code.
 */
export async function enqueueAdvocateDiscountCode(db: DbClient, args: { shop: string; advocateId: string; code: string }): Promise<void> {
  await enqueue(db, ADVOCATE_DISCOUNT_CODE_JOB, { advocateId: args.advocateId }, { uniqueKey: `${ADVOCATE_DISCOUNT_CODE_JOB}:${args.advocateId}:${args.code}`, shopId: args.shop, maxAttempts: 10 });
}

/**
 * Queues bringing every advocate's personal code to the friend offer of program version
 * `versionId` (saved with a changed offer): one job per change and batch of advocates, so a
 * second delivery of the same change is a no-op and a long list goes in steps.
 */
export async function enqueueAdvocateCodesOffer(db: DbClient, args: { shop: string; versionId: string; after?: string | null }): Promise<void> {
  await enqueue(
    db,
    ADVOCATE_CODES_OFFER_JOB,
    { shop: args.shop, versionId: args.versionId, after: args.after ?? null },
    { uniqueKey: `${ADVOCATE_CODES_OFFER_JOB}:${args.shop}:${args.versionId}:${args.after ?? "start"}`, shopId: args.shop, maxAttempts: 10 },
  );
}
