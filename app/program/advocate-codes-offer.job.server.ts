// A program saved with another friend offer: every active advocate's personal Shopify code is
// brought to it, in batches, by this job (queued in the save's transaction). A merged row's code
// too: it still works at checkout for the row it joined (docs/OPERATIONS.md, "Move and merge").
import { z } from "zod";
import type { DbClient } from "../db.server";
import { defineJob } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { adminClientForShop } from "../shopify/admin-client.server";
import { bringCodeToOffer } from "./advocate-code-offer.server";
import { loadStorefrontProgram } from "./storefront-program.server";

/** Advocates' codes brought to a changed offer per job run; the next batch is its own job. */
export const ADVOCATE_CODES_BATCH = 25;

/**
 * A program saved with another friend offer: every active advocate's personal code gets it,
 * ADVOCATE_CODES_BATCH at a time in advocate id order (each batch queues the next, keyed by the
 * version and the last id, so each change runs once per batch). A version superseded meanwhile
 * stops: the newer change has its own job, which covers everyone.
 */
export const advocateCodesOfferJob = defineJob({
  name: "storefront.advocate-codes-offer",
  payload: z.object({ shop: z.string().min(1), versionId: z.string().min(1), after: z.string().nullable().default(null) }),
  maxAttempts: 10,
  handler: async ({ shop, versionId, after }, { db }) => {
    const program = await loadStorefrontProgram(db, shop);
    if (!program || program.versionId !== versionId) return;
    const advocates = await db.advocate.findMany({
      where: { shopId: shop, status: { in: ["active", "merged"] }, ...(after ? { id: { gt: after } } : {}) },
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

/**
 * Queues bringing every advocate's personal code to the friend offer of program version
 * `versionId` (saved with a changed offer): one job per change and batch of advocates, so a
 * second delivery of the same change is a no-op and a long list goes in steps.
 */
export async function enqueueAdvocateCodesOffer(db: DbClient, args: { shop: string; versionId: string; after?: string | null }): Promise<void> {
  await enqueue(
    db,
    advocateCodesOfferJob,
    { shop: args.shop, versionId: args.versionId, after: args.after ?? null },
    { uniqueKey: `${advocateCodesOfferJob.name}:${args.shop}:${args.versionId}:${args.after ?? "start"}`, shopId: args.shop, maxAttempts: 10 },
  );
}
