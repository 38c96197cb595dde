// The one Prisma client. SQLite (libsql driver) by default; PostgreSQL when DATABASE_URL
// is a postgres URL. Both clients are generated from the same model (prisma/schema.prisma).
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { PrismaClient } from "#prisma/sqlite";
import { PrismaClient as PostgresPrismaClient } from "#prisma/postgresql";

import type { Prisma } from "#prisma/sqlite";
import { setting } from "./env.server";

export type Db = PrismaClient;
/** A client or an open transaction: domain functions that only read/write take this. */
export type DbClient = PrismaClient | Prisma.TransactionClient;
export type { Prisma };


export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

const SQLITE_BUSY_TIMEOUT_MS = 5_000;
let busyTimeoutInstalled = false; // connections patched (below)

/**
 * Two patches to the libsql driver's connections, installed once:
 * - it opens a fresh SQLite connection after every transaction and never sets a busy timeout,
 *   so a second process (the worker beside the app) gets "database is locked" at once instead
 *   of waiting its turn: give every connection a busy timeout on first use;
 * - it runs BEGIN, COMMIT and ROLLBACK as prepared statements it never finalizes, and a COMMIT
 *   refused as busy then keeps its connection's shared lock even after a ROLLBACK, locking
 *   every later writer out: run those statements through exec, which finalizes at once.
 */
function patchSqliteConnections(): void {
  if (busyTimeoutInstalled) return;
  busyTimeoutInstalled = true;
  const require = createRequire(import.meta.url);
  const Database = require(require.resolve("libsql", { paths: [require.resolve("@libsql/client")] })) as {
    prototype: { prepare(sql: string): unknown; exec(sql: string): unknown };
  };
  const configured = new WeakSet<object>();
  const configure = (db: { exec(sql: string): unknown }) => {
    if (configured.has(db)) return;
    configured.add(db);
    (originalPrepare.call(db, `PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`) as { get(): unknown }).get();
  };
  const originalPrepare = Database.prototype.prepare;
  const originalExec = Database.prototype.exec;
  Database.prototype.prepare = function (this: { exec(sql: string): unknown }, sql: string) {
    configure(this);
    if (/^\s*(BEGIN|COMMIT|END|ROLLBACK)\b/i.test(sql) && !/\bTO\b/i.test(sql)) return transactionControl(this, sql);
    return originalPrepare.call(this, sql);
  };
  Database.prototype.exec = function (this: { exec(sql: string): unknown }, sql: string) {
    configure(this);
    return originalExec.call(this, sql);
  };
  /** A statement the driver can prepare and run like any other, executed by exec. */
  function transactionControl(db: { exec(sql: string): unknown }, sql: string) {
    return {
      safeIntegers: () => undefined,
      raw: () => {
        throw new TypeError("no data");
      },
      run: () => {
        originalExec.call(db, sql);
        return { changes: 0, lastInsertRowid: 0 };
      },
    };
  }
}

export function createPrismaClient(url: string = setting("DATABASE_URL")): Db {
  if (isPostgresUrl(url)) {
    const client = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    // Same models, other provider: the generated types are identical in shape.
    return withKind(client as unknown as Db, "postgresql", url);
  }
  patchSqliteConnections();
  const file = url.replace(/^file:/, "");
  const absolute = path.isAbsolute(file) ? file : path.resolve(process.cwd(), file);
  return withKind(new PrismaClient({ adapter: writeLockedTransactions(new PrismaLibSQL({ url: `file:${absolute}`, intMode: "bigint" })) }), "sqlite", url);
}

export type DatabaseKind = "postgresql" | "sqlite";
const KIND = Symbol.for("twofold.databaseKind");
const URL_OF = Symbol.for("twofold.databaseUrl");

/** Remembers which database a client was created for (from its URL): its transactions see it too. */
function withKind(client: Db, kind: DatabaseKind, url: string): Db {
  Object.defineProperty(client, KIND, { value: kind, enumerable: false });
  Object.defineProperty(client, URL_OF, { value: url, enumerable: false });
  return client;
}

const pools = new WeakMap<Db, pg.Pool>();

/**
 * A plain `pg` pool on a PostgreSQL client's database, beside Prisma's, for the one statement
 * where Prisma's raw-query path costs more than the statement (the order webhooks' inbox
 * insert, app/webhooks/order-webhooks.server.ts). One per client, at most `max` connections;
 * idle ones close and never keep the process alive.
 */
export function postgresPool(db: Db, max: number): pg.Pool {
  const url = (db as unknown as Record<symbol, string | undefined>)[URL_OF];
  if (clientKind(db) !== "postgresql" || !url) throw new Error("postgresPool: not a PostgreSQL client made by createPrismaClient");
  let pool = pools.get(db);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
    // A pooled connection that dies while idle (a PostgreSQL restart) is dropped; the next query opens another.
    pool.on("error", () => undefined);
    pools.set(db, pool);
  }
  return pool;
}

/** Which SQL dialect a client (or one of its transactions) speaks, from the URL it was created with. */
export function clientKind(db: DbClient): DatabaseKind {
  const kind = (db as unknown as Record<symbol, DatabaseKind | undefined>)[KIND];
  if (!kind) throw new Error("clientKind: this client was not made by createPrismaClient");
  return kind;
}

/** Raw SQL written with PostgreSQL's `$1, $2` placeholders, for either database (SQLite's `?1, ?2` bind the same args). */
export function dialectSql(db: DbClient, sql: string): string {
  return clientKind(db) === "postgresql" ? sql : sql.replace(/\$(\d+)/g, "?$1");
}

/** A unique constraint refused the write (Prisma's P2002): the row is already there. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

const SQLITE_BUSY = /SQLITE_BUSY|database is locked/i;

export function isSqliteBusy(error: unknown): boolean {
  // The libsql adapter reports SQLITE_BUSY as P1008 "Operation has timed out" (its SocketTimeout kind).
  const e = error as { code?: string; message?: string } | null;
  return e?.code === "P1008" || SQLITE_BUSY.test(String(e?.message ?? error));
}

/**
 * Several processes on one SQLite file contend for its single write lock, and the libsql driver
 * opens connections without a busy timeout (a PRAGMA does not survive its reconnect after a
 * transaction). Retries short writes on SQLITE_BUSY; a no-op on PostgreSQL. Handlers writing to a
 * shared SQLite file from several processes can use it too.
 */
export async function withSqliteBusyRetry<T>(db: DbClient, operation: () => Promise<T>): Promise<T> {
  if (clientKind(db) !== "sqlite") return operation();
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= 100 || !isSqliteBusy(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * Math.min(100, 5 * attempt)));
    }
  }
}

interface LibsqlTransaction {
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/**
 * The libsql adapter begins transactions DEFERRED. With two processes on one file (the app
 * and the worker) a transaction that reads and then writes is refused the write lock at once
 * (SQLITE_BUSY without waiting: a deadlock in rollback-journal mode, a stale snapshot in WAL)
 * instead of waiting its turn. BEGIN IMMEDIATE takes the write lock first and waits for it
 * under the busy timeout. And a COMMIT that fails (busy past the timeout) leaves the adapter's
 * transaction open with its lock held, since Prisma does not roll back after a failed commit;
 * roll it back so the next writer is not locked out.
 */
function writeLockedTransactions(factory: PrismaLibSQL): PrismaLibSQL {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const client = (adapter as unknown as { client: { transaction(mode: string): Promise<LibsqlTransaction> } }).client;
    const begin = client.transaction.bind(client);
    client.transaction = async () => {
      const tx = await begin("write");
      const commit = tx.commit.bind(tx);
      tx.commit = async () => {
        try {
          await commit();
        } catch (error) {
          await tx.rollback().catch(() => {});
          throw error;
        }
      };
      return tx;
    };
    return adapter;
  };
  return factory;
}

export function databaseKind(url: string = setting("DATABASE_URL")): DatabaseKind {
  return isPostgresUrl(url) ? "postgresql" : "sqlite";
}

/** Whether the database answers a trivial query (the health check). */
export async function databaseAnswers(db: DbClient): Promise<boolean> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return true;
  } catch {
    return false;
  }
}

declare global {
  // Survives Remix dev-server reloads so we do not open a new pool per edit.
  var __twofoldPrisma: Db | undefined;
}

const prisma: Db = globalThis.__twofoldPrisma ?? createPrismaClient();
if (setting("NODE_ENV") !== "production") globalThis.__twofoldPrisma = prisma;

export default prisma;
