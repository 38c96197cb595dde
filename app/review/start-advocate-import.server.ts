// Starting an advocate import run (advocate-import.server.ts says what a run is): the staff
// action, audited, that stores the run (and a CSV's rows) and queues its first job in one
// transaction. A replayed form (same key, made when the page was shown) answers the run it
// started and changes nothing.
import { withSqliteBusyRetry, isUniqueViolation, type Db, type DbClient } from "../db.server";
import { loadStorefrontProgram } from "../program/storefront-program.server";
import { ImportFileError, readImportFile } from "./advocate-import-csv";
import { enqueueImportBatch, enqueueSegmentPage } from "./advocate-import.job.server";
import { Refusal } from "../lib/refusal";

export class ImportError extends Refusal {}

export interface ImportActor {
  actor: string;
}

/** Rows inserted per statement (SQLite allows 32,766 bound values; a row has 9). */
const INSERT_CHUNK = 500;

async function requireActiveProgram(db: DbClient, shop: string): Promise<void> {
  const program = await loadStorefrontProgram(db, shop);
  if (!program || program.status !== "active") throw new ImportError("Turn your referral program on before inviting customers: the links they get lead to it.", 409);
}

/** A replayed form (same key) answers the run it started. */
async function earlierRun(db: DbClient, shop: string, formKey: string): Promise<string | null> {
  return (await db.advocateImport.findUnique({ where: { shopId_formKey: { shopId: shop, formKey } }, select: { id: true } }))?.id ?? null;
}

/**
 * Starts a run once per form: a replayed form (same key) answers the run it started, also when
 * two submissions race (the unique formKey); else, with the program active, `start` makes the
 * run (in one transaction) and answers its id.
 */
async function startOnce(db: Db, shop: string, formKey: string, start: () => Promise<string>): Promise<{ importId: string; changed: boolean }> {
  const earlier = await earlierRun(db, shop, formKey);
  if (earlier) return { importId: earlier, changed: false };
  await requireActiveProgram(db, shop);
  try {
    return { importId: await start(), changed: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The same form submitted twice at once: the first one's run.
    return { importId: (await earlierRun(db, shop, formKey))!, changed: false };
  }
}

/**
 * Stores an uploaded file as a run and its rows (refusing at once what the file alone shows to
 * be wrong), audits it and queues the first batch, all in one transaction.
 */
export async function startCsvImport(
  db: Db,
  shop: string,
  args: { fileName: string; text: string; sendInvite: boolean; formKey: string },
  by: ImportActor,
): Promise<{ importId: string; changed: boolean }> {
  return startOnce(db, shop, args.formKey, async () => {
    let rows;
    try {
      rows = readImportFile(args.text);
    } catch (error) {
      if (error instanceof ImportFileError) throw new ImportError(error.message, 422);
      throw error;
    }
    return withSqliteBusyRetry(db, () =>
      db.$transaction(
        async (tx) => {
          const run = await tx.advocateImport.create({
            data: { shopId: shop, source: "csv", label: args.fileName.slice(0, 200) || "upload.csv", totalRows: rows.length, rowsLoaded: true, sendInvite: args.sendInvite, formKey: args.formKey, actor: by.actor },
          });
          for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
            await tx.advocateImportRow.createMany({
              data: rows.slice(i, i + INSERT_CHUNK).map((r) => ({
                shopId: shop,
                importId: run.id,
                line: r.line,
                email: r.email,
                customerGid: r.customerGid,
                name: r.name,
                status: r.refused ? "refused" : "pending",
                reason: r.refused,
              })),
            });
          }
          await tx.auditLog.create({
            data: { shopId: shop, actor: by.actor, action: "advocate.import_started", subjectType: "AdvocateImport", subjectId: run.id, data: { source: "csv", file: run.label, rows: rows.length, sendInvite: args.sendInvite } },
          });
          await enqueueImportBatch(tx, { shop, importId: run.id, afterLine: 0 });
          return run.id;
        },
        { timeout: 60_000, maxWait: 10_000 },
      ),
    );
  });
}

/** A run over a Shopify customer segment: its pages are read (and their members imported) by jobs. */
export async function startSegmentImport(
  db: Db,
  shop: string,
  args: { segmentId: string; segmentName: string; sendInvite: boolean; formKey: string },
  by: ImportActor,
): Promise<{ importId: string; changed: boolean }> {
  return startOnce(db, shop, args.formKey, async () => {
    if (!/^gid:\/\/shopify\/Segment\/\d+$/.test(args.segmentId)) throw new ImportError("Choose one of your customer segments.", 422);
    return withSqliteBusyRetry(db, () =>
      db.$transaction(async (tx) => {
        const run = await tx.advocateImport.create({
          data: { shopId: shop, source: "segment", label: args.segmentName.slice(0, 200) || args.segmentId, segmentId: args.segmentId, sendInvite: args.sendInvite, formKey: args.formKey, actor: by.actor },
        });
        await tx.auditLog.create({
          data: { shopId: shop, actor: by.actor, action: "advocate.import_started", subjectType: "AdvocateImport", subjectId: run.id, data: { source: "segment", segmentId: args.segmentId, segment: run.label, sendInvite: args.sendInvite } },
        });
        await enqueueSegmentPage(tx, { shop, importId: run.id, offset: 0, after: null });
        return run.id;
      }),
    );
  });
}
