// A fresh, migrated database per caller: a temp SQLite file, or a new PostgreSQL database
// when TEST_DATABASE=postgresql. Integration tests run once per provider (scripts/test.mjs).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createPrismaClient, type Db } from "../../app/db.server";
import { migrate } from "../../scripts/migrate.mjs";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export function testDatabaseKind(): "sqlite" | "postgresql" {
  return process.env.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";
}

export interface TestDb {
  url: string;
  prisma: Db;
  kind: "sqlite" | "postgresql";
  /** Disconnects and deletes the database. */
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates an empty database with every committed migration applied (PostgreSQL: on the server at `pgAdminUrl`). */
export async function createTestDbUrl(pgAdminUrl: string = PG_ADMIN_URL): Promise<{ url: string; drop: () => Promise<void> }> {
  const id = crypto.randomBytes(5).toString("hex");
  if (testDatabaseKind() === "postgresql") {
    const name = `twofold_t_${id}`;
    const admin = new pg.Client({ connectionString: pgAdminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = withDatabase(pgAdminUrl, name);
    await migrate({ url, root: ROOT });
    return {
      url,
      drop: async () => {
        const c = new pg.Client({ connectionString: pgAdminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-test-"));
  const url = `file:${path.join(dir, "test.sqlite")}`;
  await migrate({ url, root: ROOT });
  return { url, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export async function createTestDb(pgAdminUrl?: string): Promise<TestDb> {
  const { url, drop } = await createTestDbUrl(pgAdminUrl);
  const prisma = createPrismaClient(url);
  return {
    url,
    prisma,
    kind: testDatabaseKind(),
    drop: async () => {
      await prisma.$disconnect();
      await drop();
    },
  };
}
