// Inviting existing customers (issue 21): staff start an import run from a CSV upload or a
// Shopify customer segment; jobs (advocate-import.job.server.ts) turn its rows into advocates
// through the storefront's own creation path (getOrCreateAdvocate: the same code, link and
// Shopify discount code as "Get my link"), and refuse the others with a reason. Every row is
// stored first, so a good row is never lost: a batch that dies is retried and meets the rows
// it did not finish. A person who is already an advocate is refused, which is also why
// uploading the same file again creates nobody twice. Starting a run is audited.
import { withSqliteBusyRetry, type Db, type DbClient } from "../db.server";
import { RetryJobLaterError } from "../jobs/define-job";
import { cleanFirstName } from "../advocates/advocate-identity.server";
import { queueInviteEmail } from "../notifications/queue-email.server";
import { loadStorefrontProgram, type StorefrontProgram } from "../program/storefront-program.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { findCustomersByIds } from "../shopify/customer-segments.server";
import { getOrCreateAdvocate } from "../storefront/get-or-create-advocate.server";
import { StorefrontError } from "../storefront/errors";
import { IMPORT_REFUSALS, type ImportRefusal } from "./advocate-import-csv";
import { csvLine } from "../analytics/export-csv.server";

interface PendingRow {
  id: string;
  line: number;
  email: string | null;
  customerGid: string | null;
  name: string | null;
  verified: boolean;
}

/**
 * Turns pending rows of a run into advocates or refusals. Safe to repeat: a row is written only
 * while pending, an advocate this run already made (an earlier try that died before writing the
 * row) is found again by getOrCreateAdvocate and counted as created, and only people who were
 * advocates before the run started are refused as such.
 */
export async function importRows(db: Db, client: AdminGraphql, run: { id: string; shopId: string; createdAt: Date; sendInvite: boolean }, rows: PendingRow[]): Promise<void> {
  if (rows.length === 0) return;
  const program = await loadStorefrontProgram(db, run.shopId);
  // Paused while the run goes on: wait for it, the rows stay pending.
  if (!program || program.status !== "active") throw new RetryJobLaterError("the referral program is not on; the import waits for it", 60_000, { countsAsAttempt: false });
  const refuse = new Map<string, { reason: ImportRefusal; advocateId?: string }>();

  const toCheck = rows.filter((r) => r.customerGid && !r.verified).map((r) => r.customerGid!);
  if (toCheck.length) {
    const found = await findCustomersByIds(client, toCheck);
    for (const row of rows) if (row.customerGid && !row.verified && !found.has(row.customerGid)) refuse.set(row.id, { reason: "unknown_customer" });
  }

  const live = rows.filter((r) => !refuse.has(r.id));
  const gids = live.flatMap((r) => (r.customerGid ? [r.customerGid] : []));
  const emails = live.flatMap((r) => (!r.customerGid && r.email ? [r.email] : []));
  const existing = await db.advocate.findMany({
    where: { shopId: run.shopId, status: { not: "merged" }, OR: [{ customerGid: { in: gids } }, { email: { in: emails } }] },
    select: { id: true, customerGid: true, email: true, createdAt: true },
  });
  const byGid = new Map(existing.filter((a) => a.customerGid).map((a) => [a.customerGid!, a]));
  const byEmail = new Map(existing.filter((a) => a.email).map((a) => [a.email!, a]));

  const toCreate: PendingRow[] = [];
  for (const row of live) {
    const known = row.customerGid ? byGid.get(row.customerGid) : byEmail.get(row.email ?? "");
    if (known && known.createdAt < run.createdAt) refuse.set(row.id, { reason: "already_advocate", advocateId: known.id });
    else toCreate.push(row);
  }
  // A transaction per chunk: one commit for many rows instead of several per row.
  for (let i = 0; i < toCreate.length; i += CREATE_CHUNK) {
    const chunk = toCreate.slice(i, i + CREATE_CHUNK);
    try {
      await withSqliteBusyRetry(db, () => db.$transaction((tx) => createAdvocates(tx, run, program, chunk, refuse), { timeout: 60_000, maxWait: 10_000 }));
    } catch (error) {
      if (error instanceof RetryJobLaterError) throw error;
      // A code collision or a shopper's simultaneous "Get my link" aborts a PostgreSQL
      // transaction: the chunk again row by row, where the creation path retries its collisions.
      await createAdvocates(db, run, program, chunk, refuse);
    }
  }
  if (refuse.size === 0) return;
  await withSqliteBusyRetry(db, () =>
    db.$transaction(async (tx) => {
      for (const [id, r] of refuse) await tx.advocateImportRow.updateMany({ where: { id, status: "pending" }, data: { status: "refused", reason: r.reason, advocateId: r.advocateId ?? null } });
    }),
  );
}

/** Rows per transaction when creating advocates. */
const CREATE_CHUNK = 50;

async function createAdvocates(db: DbClient, run: { id: string; shopId: string; sendInvite: boolean }, program: StorefrontProgram, rows: PendingRow[], refuse: Map<string, { reason: ImportRefusal; advocateId?: string }>): Promise<void> {
  for (const row of rows) {
    let link;
    try {
      link = await getOrCreateAdvocate(db, { shop: run.shopId, who: row.customerGid ? { customerId: row.customerGid } : { email: row.email! }, nameHint: row.name, by: "staff", program });
    } catch (error) {
      if (error instanceof StorefrontError && error.reason === "invalid_email") {
        refuse.set(row.id, { reason: "bad_email" });
        continue;
      }
      if (error instanceof StorefrontError && error.reason === "program_unavailable") {
        const now = await loadStorefrontProgram(db, run.shopId);
        if (!now || now.status !== "active") throw new RetryJobLaterError("the referral program was turned off; the import waits for it", 60_000, { countsAsAttempt: false });
        // The program is on: the person is a blocked advocate.
        refuse.set(row.id, { reason: "already_advocate" });
        continue;
      }
      throw error;
    }
    const firstName = cleanFirstName(row.name?.split(" ")[0]);
    if (link.created && firstName) await db.advocate.updateMany({ where: { id: link.advocateId, firstName: null }, data: { firstName } });
    if (run.sendInvite) await queueInviteEmail(db, { shopId: run.shopId, advocateId: link.advocateId, importId: run.id });
    await db.advocateImportRow.updateMany({ where: { id: row.id, status: "pending" }, data: { status: "created", advocateId: link.advocateId } });
  }
}

/** Marks a run finished when it has no pending row left and every row has been loaded. */
export async function finishRunIfDone(db: DbClient, importId: string): Promise<boolean> {
  const run = await db.advocateImport.findUnique({ where: { id: importId }, select: { shopId: true, rowsLoaded: true, status: true } });
  if (!run || run.status === "done" || !run.rowsLoaded) return run?.status === "done";
  const pending = await db.advocateImportRow.count({ where: { shopId: run.shopId, importId, status: "pending" } });
  if (pending > 0) return false;
  await db.advocateImport.updateMany({ where: { id: importId, status: "running" }, data: { status: "done", finishedAt: new Date() } });
  return true;
}

export interface ImportProgress {
  id: string;
  source: string;
  label: string;
  status: string;
  problem: string | null;
  sendInvite: boolean;
  createdAt: string;
  finishedAt: string | null;
  total: number;
  created: number;
  refused: number;
  pending: number;
  /** 0..100 */
  percent: number;
  refusedByReason: { reason: string; label: string; count: number }[];
}

/** A run of this shop with its counts (read from the rows), or null: another shop's run is not found. */
export async function loadImportProgress(db: DbClient, shop: string, importId: string): Promise<ImportProgress | null> {
  const run = await db.advocateImport.findFirst({ where: { id: importId, shopId: shop } });
  if (!run) return null;
  const groups = await db.advocateImportRow.groupBy({ by: ["status", "reason"], where: { shopId: shop, importId }, _count: { _all: true } });
  const count = (status: string) => groups.filter((g) => g.status === status).reduce((n, g) => n + g._count._all, 0);
  const created = count("created");
  const refused = count("refused");
  const pending = count("pending");
  const total = Math.max(run.totalRows, created + refused + pending);
  const percent = run.status === "done" ? 100 : total === 0 ? 0 : Math.min(99, Math.floor(((created + refused) * 100) / total));
  return {
    id: run.id,
    source: run.source,
    label: run.label,
    status: run.status,
    problem: run.problem,
    sendInvite: run.sendInvite,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    total,
    created,
    refused,
    pending,
    percent,
    refusedByReason: groups
      .filter((g) => g.status === "refused" && g.reason)
      .map((g) => ({ reason: g.reason!, label: refusalLabel(g.reason!), count: g._count._all }))
      .sort((a, b) => b.count - a.count),
  };
}

export function refusalLabel(reason: string): string {
  return (IMPORT_REFUSALS as Record<string, string>)[reason] ?? reason;
}

export interface RefusedRow {
  line: number;
  email: string | null;
  customerId: string | null;
  name: string | null;
  reason: string;
  label: string;
}

/** Refused rows of a run in line order, a page at a time (`afterLine` is the last line seen). */
export async function listRefusedRows(db: DbClient, shop: string, importId: string, options: { afterLine?: number; limit: number }): Promise<RefusedRow[]> {
  const rows = await db.advocateImportRow.findMany({
    where: { shopId: shop, importId, status: "refused", ...(options.afterLine ? { line: { gt: options.afterLine } } : {}) },
    orderBy: { line: "asc" },
    take: options.limit,
    select: { line: true, email: true, customerGid: true, name: true, reason: true },
  });
  return rows.map((r) => ({ line: r.line, email: r.email, customerId: r.customerGid, name: r.name, reason: r.reason ?? "", label: refusalLabel(r.reason ?? "") }));
}

/** The shop's latest runs, newest first. */
export async function listImports(db: DbClient, shop: string, limit = 20): Promise<ImportProgress[]> {
  const runs = await db.advocateImport.findMany({ where: { shopId: shop }, orderBy: { createdAt: "desc" }, take: limit, select: { id: true } });
  return (await Promise.all(runs.map((r) => loadImportProgress(db, shop, r.id)))).filter((p): p is ImportProgress => p != null);
}

/** The refused rows as a CSV the merchant can fix and upload again (null: not this shop's run). */
export async function refusedRowsCsv(db: DbClient, shop: string, importId: string): Promise<string | null> {
  const run = await db.advocateImport.findFirst({ where: { id: importId, shopId: shop }, select: { id: true } });
  if (!run) return null;
  let out = csvLine(["line", "email", "customer id", "name", "reason"]);
  let afterLine = 0;
  for (;;) {
    const page = await listRefusedRows(db, shop, importId, { afterLine, limit: 1000 });
    for (const r of page) out += csvLine([r.line, r.email, r.customerId?.replace("gid://shopify/Customer/", ""), r.name, r.label]);
    if (page.length < 1000) return out;
    afterLine = page.at(-1)!.line;
  }
}
