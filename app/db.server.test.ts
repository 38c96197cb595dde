// SQLite shared by two processes (the app and the worker): a transaction that reads and then
// writes must wait its turn, and a COMMIT that fails must not leave its lock behind.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../scripts/migrate.mjs";
import { createPrismaClient, type Db } from "./db.server";

const ROOT = path.resolve(import.meta.dirname, "..");

/**
 * Another process holds SQLite's write lock (BEGIN IMMEDIATE and one insert) until it is told
 * to commit, as the worker does while it issues a reward. Resolves once the lock is held.
 */
async function otherProcessHoldingWriteLock(url: string, journal: "wal" | "delete", holdMs: number) {
  return otherProcess(url, journal, holdMs, "write", "INSERT INTO WebhookEvent (id, shopId, webhookId, topic, payload) VALUES ('other', 's', 'other', 't', '{}')");
}

/** Another process in a read transaction (a shared lock), like a long dashboard query. */
async function otherProcessReading(url: string, holdMs: number) {
  return otherProcess(url, "delete", holdMs, "read", "SELECT count(*) FROM WebhookEvent");
}

async function otherProcess(url: string, journal: "wal" | "delete", holdMs: number, mode: "write" | "read", sql: string) {
  const script = `
    const { createClient } = await import("@libsql/client");
    const c = createClient({ url: ${JSON.stringify(url)} });
    await c.execute("PRAGMA journal_mode = ${journal}");
    const tx = await c.transaction("${mode}");
    await tx.execute(${JSON.stringify(sql)});
    console.log("locked");
    await new Promise((r) => setTimeout(r, ${holdMs}));
    await tx.commit();
    c.close();`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("locked") && resolve());
    child.on("exit", (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
  return child;
}

/** A migrated SQLite file and a client on it, for the tests of one describe block. */
function useSqliteFile(): { readonly url: string; readonly db: Db } {
  let dir = "";
  let url = "";
  let db: Db | undefined;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-busy-"));
    url = `file:${path.join(dir, "busy.sqlite")}`;
    await migrate({ url, root: ROOT });
    db = createPrismaClient(url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    get url() {
      return url;
    },
    get db() {
      return db!;
    },
  };
}

const exited = (child: ChildProcess) => new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.on("exit", r)));

describe.each(["delete", "wal"] as const)("SQLite between two processes (journal %s)", (journal) => {
  const sqlite = useSqliteFile();

  it("a read-then-write transaction waits for the other process's write and then commits", async () => {
    const child = await otherProcessHoldingWriteLock(sqlite.url, journal, 700);
    // A deferred BEGIN would read under a shared lock, then be refused the write lock at once
    // (SQLITE_BUSY: deadlock in rollback-journal mode, a stale snapshot in WAL mode).
    await sqlite.db.$transaction(async (tx) => {
      const seen = await tx.webhookEvent.count();
      await tx.webhookEvent.create({ data: { shopId: "s", webhookId: `mine-${seen}`, topic: "t", payload: "{}" } });
    });
    expect(await exited(child)).toBe(0);
    expect((await sqlite.db.webhookEvent.findMany({ orderBy: { webhookId: "asc" } })).map((e) => e.webhookId)).toEqual(["mine-1", "other"]);
    await sqlite.db.webhookEvent.deleteMany();
  });
});

describe("SQLite: a COMMIT refused as busy", () => {
  const sqlite = useSqliteFile();

  it("rolls back, so the next write is not locked out by a transaction left open", async () => {
    // The reader's shared lock outlasts the busy timeout (5 s): our COMMIT cannot get the
    // exclusive lock and fails.
    const reader = await otherProcessReading(sqlite.url, 6_500);
    await expect(
      sqlite.db.$transaction(async (tx) => {
        await tx.webhookEvent.create({ data: { shopId: "s", webhookId: "refused", topic: "t", payload: "{}" } });
      }),
    ).rejects.toThrow();
    expect(await exited(reader)).toBe(0);
    await sqlite.db.webhookEvent.create({ data: { shopId: "s", webhookId: "next", topic: "t", payload: "{}" } });
    expect((await sqlite.db.webhookEvent.findMany()).map((e) => e.webhookId)).toEqual(["next"]);
  }, 30_000);
});
