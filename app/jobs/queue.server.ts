// The durable job queue: rows in the Job table, claimed with leases so several worker processes
// share it safely (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite serialises writers). Delivery is
// at-least-once: a crashed worker's jobs are reclaimed when their lease expires, so handlers must
// be idempotent. Every state change after a claim is guarded by (id, lockedBy, attempts), so a
// worker whose lease was taken over can no longer write the job's outcome.
import { clientKind, dialectSql, withSqliteBusyRetry, type Db, type DbClient } from "../db.server";
import { setting } from "../env.server";
import type { Job } from "../generated/prisma/index.js";
import { randomBase64Url } from "../lib/random-id.server";
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from "./backoff";
import type { z } from "zod";
import { PermanentJobError, RetryJobLaterError, type AnyJobDefinition, type JobDefinition } from "./define-job";

export type { Job };
export type JobStatus = "queued" | "running" | "succeeded" | "dead";
export const DEFAULT_MAX_ATTEMPTS = 10;
export const DEFAULT_LEASE_MS = 60_000;
const MAX_ERROR_LENGTH = 4_000;

/** Raw rows come back with driver-specific types; give callers the same shape as `db.job.findMany`. */
function toJob(row: Record<string, unknown>): Job {
  const date = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));
  return {
    id: String(row.id),
    shopId: (row.shopId as string | null) ?? null,
    name: String(row.name),
    payload: String(row.payload),
    status: String(row.status),
    uniqueKey: (row.uniqueKey as string | null) ?? null,
    priority: Number(row.priority),
    attempts: Number(row.attempts),
    maxAttempts: Number(row.maxAttempts),
    runAt: date(row.runAt)!,
    lockedBy: (row.lockedBy as string | null) ?? null,
    lockedUntil: date(row.lockedUntil),
    lastError: (row.lastError as string | null) ?? null,
    createdAt: date(row.createdAt)!,
    updatedAt: date(row.updatedAt)!,
    finishedAt: date(row.finishedAt),
  };
}

export function newJobId(): string {
  // cuid-like: sortable by creation time, unguessable; the row may also come from Prisma's cuid().
  return `j${Date.now().toString(36)}${randomBase64Url(9)}`;
}

export interface EnqueueOptions {
  runAt?: Date;
  /** At most one job ever exists per key: enqueueing again returns the existing job. */
  uniqueKey?: string;
  shopId?: string;
  maxAttempts?: number;
  /** Higher runs first. */
  priority?: number;
}

/**
 * Adds a job. `job` is its definition, never a name: the payload is typed by the definition's
 * schema and validated now, so the producer hears about a bad payload, not the worker. Safe
 * inside a transaction: with a uniqueKey it uses INSERT .. ON CONFLICT DO NOTHING, which never
 * aborts a PostgreSQL transaction.
 */
export async function enqueue<Schema extends z.ZodTypeAny>(db: DbClient, job: JobDefinition<Schema>, payload: z.input<Schema>, options: EnqueueOptions = {}): Promise<Job> {
  const name = job.name;
  const data = job.payload.parse(payload);
  const maxAttempts = options.maxAttempts ?? job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  const now = new Date();
  const sql = dialectSql(
    db,
    `INSERT INTO "Job" ("id", "shopId", "name", "payload", "status", "uniqueKey", "priority", "attempts", "maxAttempts", "runAt", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, 'queued', $5, $6, 0, $7, $8, $9, $9)
     ON CONFLICT ("uniqueKey") DO NOTHING
     RETURNING *`,
  );
  const rows = await withSqliteBusyRetry(db, () =>
    db.$queryRawUnsafe<Record<string, unknown>[]>(
      sql,
      newJobId(),
      options.shopId ?? null,
      name,
      JSON.stringify(data ?? null),
      options.uniqueKey ?? null,
      options.priority ?? 0,
      maxAttempts,
      options.runAt ?? now,
      now,
    ),
  );
  if (rows.length > 0) return toJob(rows[0]);
  // The key exists (ON CONFLICT waited for a concurrent inserter to commit, so the row is visible).
  return db.job.findUniqueOrThrow({ where: { uniqueKey: options.uniqueKey! } });
}

export interface ClaimOptions {
  /** Only claim jobs with these names (a worker claims only what it can run; rolling deploys). */
  names?: readonly string[];
  now?: Date;
  /** Jobs of one shop running at once (every worker together) before the other shops' due jobs come first; default SHOP_CONCURRENCY. */
  shopConcurrency?: number;
  /** Claim in turns across shops (below); default: on unless env TWOFOLD_FAIR_QUEUE=0. Otherwise oldest due first. */
  fair?: boolean;
}

/**
 * Fair claiming is the default; TWOFOLD_FAIR_QUEUE=0 claims oldest due first. On a quiet box the
 * fault suite passes alike with both, and a fair claim of no-op jobs drains ~20 % fewer a second
 * than first-in-first-out, which a real job's own work dwarfs (PERFORMANCE.md, issue 18).
 */
export function fairQueueByDefault(): boolean {
  return setting("TWOFOLD_FAIR_QUEUE") !== "0";
}

/**
 * How many jobs of one shop may run at once (all workers together) while other shops have jobs
 * due: env TWOFOLD_SHOP_CONCURRENCY, default 4. Beyond it a shop's jobs only take slots that no
 * other shop's due job wants, so a lone busy shop still uses every worker.
 */
export const SHOP_CONCURRENCY = setting("TWOFOLD_SHOP_CONCURRENCY");

/**
 * Atomically takes up to `limit` due jobs for `workerId`: queued jobs whose runAt has come, and
 * running jobs whose lease expired (their worker died). Each claim counts as an attempt.
 *
 * Fair across shops (by default; `fair: false` or env TWOFOLD_FAIR_QUEUE=0: oldest due first): due jobs are ranked within their shop (priority, then runAt: the shop's
 * 1st, 2nd, ... turn, counted after the jobs it has running) and claimed by turn, so every
 * shop's next job comes before any shop's second, and a shop with 5,000 queued orders does not
 * hold back a shop with 10. A shop with `shopConcurrency` jobs running already ranks behind
 * every shop still under it. Jobs without a
 * shop (sweeps) take turns as one more "shop". Priority still comes first. The per-shop count
 * is read from the claim's snapshot, so workers claiming at the same instant may pass it by a
 * few jobs; it is a share, not a lock.
 */
export async function claimJobs(db: DbClient, workerId: string, limit: number, leaseMs: number = DEFAULT_LEASE_MS, options: ClaimOptions = {}): Promise<Job[]> {
  if (limit <= 0) return [];
  if (options.names && options.names.length === 0) return [];
  const kind = clientKind(db);
  const now = options.now ?? new Date();
  const lockedUntil = new Date(now.getTime() + leaseMs);
  const args: unknown[] = [workerId, lockedUntil, now, limit];
  let nameFilter = "";
  if (options.names) {
    nameFilter = ` AND "name" IN (${options.names.map((_, i) => `$${args.length + i + 1}`).join(", ")})`;
    args.push(...options.names);
  }
  if (!(options.fair ?? fairQueueByDefault())) {
    const sql = dialectSql(
      db,
      `UPDATE "Job"
       SET "status" = 'running', "lockedBy" = $1, "lockedUntil" = $2, "attempts" = "attempts" + 1, "updatedAt" = $3
       WHERE "id" IN (
         SELECT "id" FROM "Job"
         WHERE (("status" = 'queued' AND "runAt" <= $3) OR ("status" = 'running' AND "lockedUntil" < $3))${nameFilter}
         ORDER BY "priority" DESC, "runAt" ASC
         LIMIT $4${kind === "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""}
       )
       RETURNING *`,
    );
    const rows = await withSqliteBusyRetry(db, () => db.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...args));
    // RETURNING does not keep the subquery's order.
    return rows.map(toJob).sort((a, b) => b.priority - a.priority || a.runAt.getTime() - b.runAt.getTime());
  }
  const shopConcurrency = Math.max(1, Math.floor(options.shopConcurrency ?? SHOP_CONCURRENCY));
  args.push(shopConcurrency);
  const perShop = `$${args.length}`;
  // Candidates per source: more than this claim takes, so that workers claiming at the same
  // moment (each skipping the rows the others locked) still find enough.
  args.push(Math.max(32, limit * 4));
  const pool = `$${args.length}`;
  // Ranked candidates kept for the lock step: enough that workers claiming at the same instant,
  // each skipping the rows the others are locking, still find free ones.
  args.push(Math.max(128, limit * 16));
  const ranked = `$${args.length}`;
  const due = (t: string) => `((${t}."status" = 'queued' AND ${t}."runAt" <= $3) OR (${t}."status" = 'running' AND ${t}."lockedUntil" < $3))`;
  // The candidates ranked below. On PostgreSQL a bounded set, so a claim costs about the number
  // of shops with queued jobs, not the backlog: the shops are walked on the (status, shopId,
  // runAt) index (a skip scan) and each gives its oldest due jobs, plus jobs without a shop,
  // jobs with a priority (on the (status, priority, runAt) index) and expired leases. SQLite,
  // a one-process deployment with small queues, ranks every due job.
  const candidates =
    kind === "postgresql"
      ? `WITH RECURSIVE "shops" AS (
           (SELECT "shopId" FROM "Job" WHERE "status" = 'queued' AND "shopId" IS NOT NULL ORDER BY "shopId" LIMIT 1)
           UNION ALL
           SELECT (SELECT "q"."shopId" FROM "Job" "q" WHERE "q"."status" = 'queued' AND "q"."shopId" > "shops"."shopId" ORDER BY "q"."shopId" LIMIT 1)
           FROM "shops" WHERE "shops"."shopId" IS NOT NULL
         )
         SELECT "n"."id", "n"."shopId", "n"."priority", "n"."runAt" FROM "shops"
         CROSS JOIN LATERAL (
           SELECT "id", "shopId", "priority", "runAt" FROM "Job"
           WHERE "status" = 'queued' AND "shopId" = "shops"."shopId" AND "runAt" <= $3${nameFilter}
           ORDER BY "runAt" ASC LIMIT ${pool}
         ) "n"
         UNION
         (SELECT "id", "shopId", "priority", "runAt" FROM "Job" WHERE "status" = 'queued' AND "shopId" IS NULL AND "runAt" <= $3${nameFilter} ORDER BY "priority" DESC, "runAt" ASC LIMIT ${pool})
         UNION
         (SELECT "id", "shopId", "priority", "runAt" FROM "Job" WHERE "status" = 'queued' AND "priority" > 0 AND "runAt" <= $3${nameFilter} ORDER BY "priority" DESC, "runAt" ASC LIMIT ${pool})
         UNION
         (SELECT "id", "shopId", "priority", "runAt" FROM "Job" WHERE "status" = 'running' AND "lockedUntil" < $3${nameFilter} ORDER BY "lockedUntil" ASC LIMIT ${pool})`
      : `SELECT "id", "shopId", "priority", "runAt" FROM "Job" WHERE ${due(`"Job"`)}${nameFilter}`;
  // The candidates are ranked and cut to the pool's size before they are joined to the rows
  // they lock: joined whole, PostgreSQL guessed a hundred shops' worth of candidates and read
  // the whole Job table to hash it (150 ms a claim with 50,000 queued); cut first, each is one
  // primary-key lookup.
  const sql = dialectSql(
    db,
    `UPDATE "Job"
     SET "status" = 'running', "lockedBy" = $1, "lockedUntil" = $2, "attempts" = "attempts" + 1, "updatedAt" = $3
     WHERE "id" IN (
       SELECT "j"."id" FROM (
         SELECT "c"."id", "c"."over", "c"."priority", "c"."turn", "s"."servedAt", "c"."runAt"
         FROM (
           SELECT "r"."id", "r"."priority", "r"."runAt", "r"."turn" + COALESCE("b"."running", 0) AS "turn", "r"."shopId",
                  CASE WHEN "r"."shopId" IS NOT NULL AND "r"."turn" + COALESCE("b"."running", 0) > ${perShop} THEN 1 ELSE 0 END AS "over"
           FROM (
             SELECT "id", "shopId", "priority", "runAt", ROW_NUMBER() OVER (PARTITION BY "shopId" ORDER BY "priority" DESC, "runAt" ASC, "id" ASC) AS "turn"
             FROM (${candidates}) "cand"
           ) "r"
           LEFT JOIN (
             SELECT "shopId", COUNT(*) AS "running" FROM "Job"
             WHERE "status" = 'running' AND "lockedUntil" >= $3 AND "shopId" IS NOT NULL
             GROUP BY "shopId"
           ) "b" ON "b"."shopId" = "r"."shopId"
         ) "c"
         LEFT JOIN "JobShopTurn" "s" ON "s"."shopId" = "c"."shopId"
         ORDER BY "c"."over" ASC, "c"."priority" DESC, "c"."turn" ASC, "s"."servedAt" ASC${kind === "postgresql" ? " NULLS FIRST" : ""}, "c"."runAt" ASC
         LIMIT ${ranked}
       ) "top"
       JOIN "Job" "j" ON "j"."id" = "top"."id"
       WHERE ${due(`"j"`)}
       ORDER BY "top"."over" ASC, "top"."priority" DESC, "top"."turn" ASC, "top"."servedAt" ASC${kind === "postgresql" ? " NULLS FIRST" : ""}, "top"."runAt" ASC
       LIMIT $4${kind === "postgresql" ? ` FOR UPDATE OF "j" SKIP LOCKED` : ""}
     )
     RETURNING *`,
  );
  const rows = await withSqliteBusyRetry(db, () => db.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...args));
  await markShopsServed(db, rows, now);
  // RETURNING does not keep the subquery's order.
  return rows.map(toJob).sort((a, b) => b.priority - a.priority || a.runAt.getTime() - b.runAt.getTime());
}

/** Records that the claimed jobs' shops had a turn now (one statement; an ordering hint, so a failure is not the claim's). */
async function markShopsServed(db: DbClient, rows: Record<string, unknown>[], now: Date): Promise<void> {
  const shops = [...new Set(rows.map((r) => r.shopId as string | null).filter((s): s is string => !!s))];
  if (shops.length === 0) return;
  const values = shops.map((_, i) => `($${i + 2}, $1)`).join(", ");
  const sql = dialectSql(db, `INSERT INTO "JobShopTurn" ("shopId", "servedAt") VALUES ${values} ON CONFLICT ("shopId") DO UPDATE SET "servedAt" = excluded."servedAt"`);
  try {
    await withSqliteBusyRetry(db, () => db.$executeRawUnsafe(sql, now, ...shops.sort()));
  } catch {
    // Only the order among equal turns depends on it; the claimed jobs are claimed.
  }
}

/** The claim a worker holds; every write after the claim must still match it. */
export type JobLease = Pick<Job, "id" | "lockedBy" | "attempts">;

type Assignments = Record<string, string | number | Date | null>;

/**
 * One UPDATE statement with a WHERE on exact values; returns the number of rows changed.
 * Raw on purpose: Prisma wraps updateMany in a transaction, and on SQLite the libsql driver then
 * reconnects (losing the busy timeout) and multi-process writers end up failing with SQLITE_BUSY.
 */
async function updateJobs(db: DbClient, set: Assignments, where: Assignments): Promise<number> {
  const args: unknown[] = [];
  const bind = (value: unknown) => (args.push(value), `$${args.length}`);
  const assignments = Object.entries({ ...set, updatedAt: new Date() }).map(([column, value]) => `"${column}" = ${bind(value)}`);
  const conditions = Object.entries(where).map(([column, value]) => (value === null ? `"${column}" IS NULL` : `"${column}" = ${bind(value)}`));
  const sql = dialectSql(db, `UPDATE "Job" SET ${assignments.join(", ")} WHERE ${conditions.join(" AND ")}`);
  return withSqliteBusyRetry(db, () => db.$executeRawUnsafe(sql, ...args));
}

function leaseWhere(lease: JobLease): Assignments {
  return { id: lease.id, lockedBy: lease.lockedBy, attempts: lease.attempts, status: "running" };
}

/** Marks the job done. False when this worker no longer holds the lease (nothing written). */
export async function completeJob(db: DbClient, lease: JobLease): Promise<boolean> {
  const count = await updateJobs(db, { status: "succeeded", lockedUntil: null, finishedAt: new Date(), lastError: null }, leaseWhere(lease));
  return count === 1;
}

/** Extends the lease while a handler runs. False when the lease was lost: stop working on the job. */
export async function heartbeat(db: DbClient, lease: JobLease, leaseMs: number = DEFAULT_LEASE_MS): Promise<boolean> {
  const count = await updateJobs(db, { lockedUntil: new Date(Date.now() + leaseMs) }, leaseWhere(lease));
  return count === 1;
}

export function describeError(error: unknown): string {
  const text =
    error instanceof Error ? `${error.name === "Error" ? "" : `${error.name}: `}${error.message}` : typeof error === "string" ? error : JSON.stringify(error);
  return (text ?? String(error)).slice(0, MAX_ERROR_LENGTH);
}

export interface FailOptions {
  backoff?: Partial<BackoffOptions>;
  random?: () => number;
  now?: Date;
}

export type FailOutcome = "retry" | "dead" | "lost";

/**
 * Records a failed run: back to queued with a backed-off runAt, or dead when attempts are used
 * up or the error is a PermanentJobError. lastError is kept either way. A RetryJobLaterError
 * that does not count as an attempt (a wait for its turn) gives the claim's attempt back.
 */
export async function failJob(db: DbClient, lease: JobLease & Pick<Job, "maxAttempts">, error: unknown, options: FailOptions = {}): Promise<FailOutcome> {
  const now = options.now ?? new Date();
  const lastError = describeError(error);
  const waiting = error instanceof RetryJobLaterError && !error.countsAsAttempt;
  const dead = error instanceof PermanentJobError || (!waiting && lease.attempts >= lease.maxAttempts);
  const delay =
    error instanceof RetryJobLaterError
      ? Math.max(0, error.delayMs)
      : backoffDelayMs(lease.attempts, { ...DEFAULT_BACKOFF, ...options.backoff }, options.random);
  const data: Assignments = dead
    ? { status: "dead", lockedUntil: null, finishedAt: now, lastError }
    : { status: "queued", lockedUntil: null, runAt: new Date(now.getTime() + delay), lastError, ...(waiting ? { attempts: Math.max(0, lease.attempts - 1) } : {}) };
  const count = await updateJobs(db, data, leaseWhere(lease));
  if (count !== 1) return "lost";
  return dead ? "dead" : "retry";
}

/** Staff action: gives a dead job a fresh set of attempts. False if the job is not dead. */
export async function retryDeadJob(db: DbClient, id: string, options: { shopId?: string } = {}): Promise<boolean> {
  const count = await updateJobs(
    db,
    { status: "queued", attempts: 0, runAt: new Date(), lockedBy: null, lockedUntil: null, finishedAt: null },
    { id, status: "dead", ...(options.shopId ? { shopId: options.shopId } : {}) },
  );
  return count === 1;
}

export interface ListJobsOptions {
  shopId?: string;
  status?: JobStatus;
  name?: string;
  limit?: number;
}

/** Newest first, for staff screens. Pass shopId for anything a merchant sees. */
export async function listJobs(db: DbClient, options: ListJobsOptions = {}): Promise<Job[]> {
  return db.job.findMany({
    where: { shopId: options.shopId, status: options.status, name: options.name },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(options.limit ?? 50, 500),
  });
}

export interface RecurringJob {
  job: AnyJobDefinition;
  everyMs: number;
  payload?: unknown;
}

/**
 * Enqueues the run for the current time slot of a recurring job. Every worker may call this:
 * the uniqueKey `${name}:${slot}` lets exactly one row per slot exist. A run that is still
 * queued and has not failed yet (a backlog ahead of it) covers the new slot too and is
 * returned instead: behind a long queue, one sweep per slot would pile up and all do the same work.
 */
export async function scheduleRecurring(db: DbClient, recurring: RecurringJob, now: Date = new Date()): Promise<Job> {
  const name = recurring.job.name;
  const slot = Math.floor(now.getTime() / recurring.everyMs);
  // Only a run that has not failed yet: one backing off after errors must not hold off new slots.
  const waiting = await db.job.findFirst({ where: { name, status: "queued", attempts: 0, uniqueKey: { startsWith: `${name}:` } }, orderBy: { runAt: "asc" } });
  if (waiting) return waiting;
  return enqueue(db, recurring.job, recurring.payload ?? {}, {
    uniqueKey: `${name}:${slot}`,
    runAt: new Date(slot * recurring.everyMs),
  });
}

/** Housekeeping: deletes finished jobs older than the cutoff (dead ones stay for staff). */
export async function pruneFinishedJobs(db: Db, olderThan: Date): Promise<number> {
  const sql = dialectSql(db, `DELETE FROM "Job" WHERE "status" = 'succeeded' AND "finishedAt" < $1`);
  return withSqliteBusyRetry(db, () => db.$executeRawUnsafe(sql, olderThan));
}
