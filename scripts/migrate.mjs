// Applies committed Prisma migrations without the Prisma CLI. The JS schema engine cannot
// read PostgreSQL's catalog through @prisma/adapter-pg (see docs/decisions/0002), so this
// runner does what `prisma migrate deploy` does: apply each pending migration.sql in order
// and record it in Prisma's own `_prisma_migrations` table, so Prisma tools still agree.
// Safe to run from several processes at once on PostgreSQL (advisory lock).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;
const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export function isPostgresUrl(url) {
  return /^postgres(ql)?:/.test(url);
}

function listMigrations(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

/** Applies pending migrations from `root`/prisma to `url`; returns the names applied. */
export async function migrate({ url, root, log = () => {} }) {
  const pg = isPostgresUrl(url);
  const dir = pg ? path.join(root, "prisma", "postgresql", "migrations") : path.join(root, "prisma", "migrations");
  const migrations = listMigrations(dir);
  const db = pg ? await openPostgres(url) : await openSqlite(url, root);
  const applied = [];
  try {
    await db.lock();
    await db.exec(pg ? MIGRATIONS_TABLE : SQLITE_MIGRATIONS_TABLE);
    const rows = await db.query(`SELECT "migration_name", "checksum", "finished_at", "rolled_back_at" FROM "_prisma_migrations"`);
    const done = new Map(rows.filter((r) => r.rolled_back_at == null).map((r) => [r.migration_name, r]));
    for (const m of migrations) {
      const prev = done.get(m.name);
      if (prev && prev.finished_at == null) {
        throw new Error(`migration ${m.name} failed earlier and was not resolved; fix the database, then mark it rolled back`);
      }
      if (prev) {
        if (prev.checksum !== m.checksum) log(`warning: ${m.name} was edited after it was applied`);
        continue;
      }
      const id = crypto.randomUUID();
      await db.exec(
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "applied_steps_count") VALUES ('${id}', '${m.checksum}', '${m.name}', ${pg ? "now()" : "current_timestamp"}, 0)`,
      );
      try {
        await db.script(m.sql);
      } catch (error) {
        const logs = String(error?.message ?? error).replace(/'/g, "''");
        await db.exec(`UPDATE "_prisma_migrations" SET "logs" = '${logs}' WHERE "id" = '${id}'`);
        throw new Error(`migration ${m.name} failed: ${error?.message ?? error}`);
      }
      await db.exec(
        `UPDATE "_prisma_migrations" SET "finished_at" = ${pg ? "now()" : "current_timestamp"}, "applied_steps_count" = 1 WHERE "id" = '${id}'`,
      );
      applied.push(m.name);
      log(`applied ${m.name}`);
    }
  } finally {
    await db.close();
  }
  return applied;
}

async function openPostgres(url) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    // Several instances may boot at once; one migrates, the others wait then find nothing to do.
    lock: () => client.query("SELECT pg_advisory_lock(72853001)"),
    exec: (sql) => client.query(sql),
    query: async (sql) => (await client.query(sql)).rows,
    script: async (sql) => {
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    },
    close: () => client.end(),
  };
}

async function openSqlite(url, root) {
  const { createClient } = await import("@libsql/client");
  const file = url.replace(/^file:/, "");
  const abs = path.isAbsolute(file) ? file : path.resolve(root, file);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  const client = createClient({ url: `file:${abs}` });
  return {
    lock: async () => {},
    exec: (sql) => client.execute(sql),
    query: async (sql) => (await client.execute(sql)).rows,
    script: (sql) => client.executeMultiple(sql),
    close: async () => client.close(),
  };
}
