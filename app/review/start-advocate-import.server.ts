// Starting an advocate import run (advocate-import.server.ts says what a run is): the staff
// action, audited, that stores the run (and a CSV's rows) and queues its first job in one
// transaction. A replayed form (same key, made when the page was shown) answers the run it
// started and changes nothing.
import { withSqliteBusyRetry, isUniqueViolation, type Db, type DbClient } from "../db.server";
import { loadStorefrontProgram } from "../program/storefront-program.server";
import { ImportFileError, readImportFile } from "./advocate-import-csv";
import { enqueueImportBatch, enqueueSegmentPage } from "./advocate-import.job.server";
import { recordAudit } from "../lib/audit-log.server";
import { Refusal } from "../lib/refusal";

export class ImportError extends Refusal {}

export interface ImportActor {
  actor: string;
}

/** What every start form carries: the invite choice, and the key made when the page was shown. */
interface ImportForm {
  sendInvite: boolean;
  formKey: string;
}

/** The run's id; `changed` is false when the form was a replay and nothing was stored. */
export interface StartedRun {
  importId: string;
  changed: boolean;
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

/** One run as `startRun` stores it: where its advocates come from, and what the audit entry adds. */
interface RunStart {
  run: { source: "csv" | "segment"; label: string; segmentId?: string; totalRows?: number; rowsLoaded?: boolean };
  audit: object;
  /** Within the run's transaction: stores its rows (a file's) and queues its first job. */
  fill: (tx: DbClient, importId: string) => Promise<void>;
}

/**
 * Starts a run once per form: a replayed form (same key) answers the run it started, also when
 * two submissions race (the unique formKey); else, with the program active, `prepare` checks
 * the input (refusing what it alone shows to be wrong) and the run, its audit entry and its
 * first job are stored in one transaction.
 */
async function startRun(db: Db, shop: string, args: ImportForm, by: ImportActor, prepare: () => RunStart): Promise<StartedRun> {
  const earlier = await earlierRun(db, shop, args.formKey);
  if (earlier) return { importId: earlier, changed: false };
  await requireActiveProgram(db, shop);
  const { run, audit, fill } = prepare();
  try {
    const importId = await withSqliteBusyRetry(db, () =>
      db.$transaction(
        async (tx) => {
          const { id } = await tx.advocateImport.create({ data: { shopId: shop, ...run, sendInvite: args.sendInvite, formKey: args.formKey, actor: by.actor } });
          await fill(tx, id);
          await recordAudit(tx, { shop, actor: by.actor, action: "advocate.import_started", subject: "AdvocateImport", subjectId: id, data: { source: run.source, ...audit, sendInvite: args.sendInvite } });
          return id;
        },
        { timeout: 60_000, maxWait: 10_000 },
      ),
    );
    return { importId, changed: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The same form submitted twice at once: the first one's run.
    return { importId: (await earlierRun(db, shop, args.formKey))!, changed: false };
  }
}

/** Stores an uploaded file as a run and its rows, audits it and queues the first batch. */
export function startCsvImport(db: Db, shop: string, args: ImportForm & { fileName: string; text: string }, by: ImportActor): Promise<StartedRun> {
  return startRun(db, shop, args, by, () => {
    let rows;
    try {
      rows = readImportFile(args.text);
    } catch (error) {
      if (error instanceof ImportFileError) throw new ImportError(error.message, 422);
      throw error;
    }
    const label = args.fileName.slice(0, 200) || "upload.csv";
    return {
      run: { source: "csv", label, totalRows: rows.length, rowsLoaded: true },
      audit: { file: label, rows: rows.length },
      fill: async (tx, importId) => {
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
          const chunk = rows.slice(i, i + INSERT_CHUNK);
          const data = chunk.map((r) => ({ shopId: shop, importId, line: r.line, email: r.email, customerGid: r.customerGid, name: r.name, status: r.refused ? "refused" : "pending", reason: r.refused }));
          await tx.advocateImportRow.createMany({ data });
        }
        await enqueueImportBatch(tx, { shop, importId, afterLine: 0 });
      },
    };
  });
}

/** A run over a Shopify customer segment: its pages are read (and their members imported) by jobs. */
export function startSegmentImport(db: Db, shop: string, args: ImportForm & { segmentId: string; segmentName: string }, by: ImportActor): Promise<StartedRun> {
  return startRun(db, shop, args, by, () => {
    if (!/^gid:\/\/shopify\/Segment\/\d+$/.test(args.segmentId)) throw new ImportError("Choose one of your customer segments.", 422);
    const label = args.segmentName.slice(0, 200) || args.segmentId;
    return {
      run: { source: "segment", label, segmentId: args.segmentId },
      audit: { segmentId: args.segmentId, segment: label },
      fill: (tx, importId) => enqueueSegmentPage(tx, { shop, importId, offset: 0, after: null }),
    };
  });
}
