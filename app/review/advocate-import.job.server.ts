// The jobs of an advocate import run (advocate-import.server.ts): a CSV run goes through its
// stored rows IMPORT_BATCH at a time; a segment run reads one page of members from Shopify per
// job, stores them as rows and imports them. Each step queues the next under a key naming its
// position, so a retried step never starts a second chain. They run below the order pipeline's
// priority, and their Shopify reads go through the shop's shared Admin budget like every job's.
import { z } from "zod";
import type { DbClient } from "../db.server";
import { defineJob } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { normalizeEmail } from "../lib/normalize-email";
import { adminClientForShop } from "../shopify/admin-client.server";
import { segmentMembersPage } from "../shopify/customer-segments.server";
import { ShopifyApiError } from "../shopify/errors";
import { finishRunIfDone, importRows } from "./advocate-import.server";

/** Rows per CSV batch job. */
export const IMPORT_BATCH = 200;
/** Segment members per page (one Admin API read). */
export const SEGMENT_PAGE = 100;
/** Below the order pipeline's jobs (priority 0): a big import never delays a reward. */
const IMPORT_PRIORITY = -10;

const ROW_SELECT = { id: true, line: true, email: true, customerGid: true, name: true, verified: true } as const;

export const advocateImportBatchJob = defineJob({
  name: "advocates.import-batch",
  payload: z.object({ importId: z.string().min(1), afterLine: z.number().int().nonnegative() }),
  maxAttempts: 10,
  handler: async ({ importId }, { db }) => {
    const run = await db.advocateImport.findUnique({ where: { id: importId } });
    if (!run || run.status === "done") return;
    const rows = await db.advocateImportRow.findMany({ where: { shopId: run.shopId, importId, status: "pending" }, orderBy: { line: "asc" }, take: IMPORT_BATCH, select: ROW_SELECT });
    if (rows.length > 0) {
      await importRows(db, await adminClientForShop(db, run.shopId), run, rows);
      if (rows.length === IMPORT_BATCH) {
        await enqueueImportBatch(db, { shop: run.shopId, importId, afterLine: rows.at(-1)!.line });
        return;
      }
    }
    await finishRunIfDone(db, importId);
  },
});

export const advocateImportSegmentPageJob = defineJob({
  name: "advocates.import-segment-page",
  payload: z.object({ importId: z.string().min(1), offset: z.number().int().nonnegative(), after: z.string().nullable() }),
  maxAttempts: 10,
  handler: async ({ importId, offset, after }, { db }) => {
    const run = await db.advocateImport.findUnique({ where: { id: importId } });
    if (!run || run.status === "done" || !run.segmentId) return;
    const client = await adminClientForShop(db, run.shopId);
    let page;
    try {
      page = await segmentMembersPage(client, run.segmentId, after, SEGMENT_PAGE);
    } catch (error) {
      // The segment was deleted in Shopify meanwhile: the run ends with what it has.
      if (error instanceof ShopifyApiError && error.kind === "graphql") {
        await db.advocateImport.updateMany({ where: { id: importId, status: "running" }, data: { status: "done", finishedAt: new Date(), rowsLoaded: true, problem: `Shopify refused to list the segment's members: ${error.message.slice(0, 300)}` } });
        return;
      }
      throw error;
    }
    // Rows of this page already stored by an earlier try are not stored twice.
    const lines = page.members.map((_, i) => offset + i + 1);
    const stored = new Set((await db.advocateImportRow.findMany({ where: { shopId: run.shopId, importId, line: { in: lines } }, select: { line: true } })).map((r) => r.line));
    const fresh = page.members.map((m, i) => ({ m, line: offset + i + 1 })).filter((x) => !stored.has(x.line));
    if (fresh.length) {
      await db.advocateImportRow.createMany({
        data: fresh.map(({ m, line }) => ({ shopId: run.shopId, importId, line, email: normalizeEmail(m.email), customerGid: m.id, name: m.firstName, verified: true })),
      });
    }
    const end = offset + page.members.length;
    await db.advocateImport.update({ where: { id: importId }, data: { totalRows: page.nextCursor ? Math.max(page.totalCount, end) : end, rowsLoaded: !page.nextCursor } });
    const rows = await db.advocateImportRow.findMany({ where: { shopId: run.shopId, importId, status: "pending", line: { gt: offset, lte: end } }, orderBy: { line: "asc" }, select: ROW_SELECT });
    await importRows(db, client, run, rows);
    if (page.nextCursor && page.members.length > 0) await enqueueSegmentPage(db, { shop: run.shopId, importId, offset: end, after: page.nextCursor });
    else await finishRunIfDone(db, importId);
  },
});

export async function enqueueImportBatch(db: DbClient, args: { shop: string; importId: string; afterLine: number }): Promise<void> {
  await enqueue(
    db,
    advocateImportBatchJob,
    { importId: args.importId, afterLine: args.afterLine },
    { uniqueKey: `${advocateImportBatchJob.name}:${args.importId}:${args.afterLine}`, shopId: args.shop, priority: IMPORT_PRIORITY },
  );
}

export async function enqueueSegmentPage(db: DbClient, args: { shop: string; importId: string; offset: number; after: string | null }): Promise<void> {
  await enqueue(
    db,
    advocateImportSegmentPageJob,
    { importId: args.importId, offset: args.offset, after: args.after },
    { uniqueKey: `${advocateImportSegmentPageJob.name}:${args.importId}:${args.offset}`, shopId: args.shop, priority: IMPORT_PRIORITY },
  );
}
