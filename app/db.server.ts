// The one Prisma client. SQLite (libsql driver) by default; PostgreSQL when DATABASE_URL
// is a postgres URL. Both clients are generated from the same model (prisma/schema.prisma).
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaClient } from "#prisma/sqlite";
import { PrismaClient as PostgresPrismaClient } from "#prisma/postgresql";

import type { Prisma } from "#prisma/sqlite";

export type Db = PrismaClient;
/** A client or an open transaction: domain functions that only read/write take this. */
export type DbClient = PrismaClient | Prisma.TransactionClient;
export type { Prisma };

export const DEFAULT_DATABASE_URL = "file:./prisma/dev.sqlite";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

const SQLITE_BUSY_TIMEOUT_MS = 5_000;
let busyTimeoutInstalled = false;

/**
 * The libsql driver opens a fresh SQLite connection after every transaction and never sets a
 * busy timeout, so a second process (the worker beside the app) gets "database is locked" at
 * once instead of waiting its turn. Give every connection a busy timeout on first use.
 */
function installSqliteBusyTimeout(): void {
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
    return originalPrepare.call(this, sql);
  };
  Database.prototype.exec = function (this: { exec(sql: string): unknown }, sql: string) {
    configure(this);
    return originalExec.call(this, sql);
  };
}

export function createPrismaClient(url: string = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): Db {
  if (isPostgresUrl(url)) {
    const client = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    // Same models, other provider: the generated types are identical in shape.
    return client as unknown as Db;
  }
  installSqliteBusyTimeout();
  const file = url.replace(/^file:/, "");
  const absolute = path.isAbsolute(file) ? file : path.resolve(process.cwd(), file);
  return new PrismaClient({ adapter: new PrismaLibSQL({ url: `file:${absolute}`, intMode: "bigint" }) });
}

export function databaseKind(url: string = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): "postgresql" | "sqlite" {
  return isPostgresUrl(url) ? "postgresql" : "sqlite";
}

declare global {
  // Survives Remix dev-server reloads so we do not open a new pool per edit.
  var __twofoldPrisma: Db | undefined;
}

const prisma: Db = globalThis.__twofoldPrisma ?? createPrismaClient();
if (process.env.NODE_ENV !== "production") globalThis.__twofoldPrisma = prisma;

export default prisma;
