// A PostgreSQL cluster of a test's own, so the test can restart it for real (`pg_ctl stop -m fast`,
// then start) without touching the machine's shared server, which other tests use. Started
// from the installed binaries (PG_BIN, else the newest /usr/lib/postgresql/<n>/bin) in a temp
// directory; run as the `postgres` user when this process is root (initdb refuses root).
// Trust authentication on 127.0.0.1 only, fsync off: a throwaway cluster.
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./app-server";

export interface PrivatePostgres {
  /** Admin URL for createTestDb (the `postgres` database of this cluster). */
  adminUrl: string;
  port: number;
  /** Stops the server with `pg_ctl stop -m fast` (every session is cut), waits `downMs`, starts it again. */
  restart(downMs?: number): Promise<{ stoppedAt: string; startedAt: string; downMs: number }>;
  /** Stops the cluster and deletes its directory. */
  stop(): Promise<void>;
}

function pgBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb"))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error("no PostgreSQL server binaries (initdb) under /usr/lib/postgresql; set PG_BIN");
  return path.join(root, newest, "bin");
}

/** Whether a private cluster can be started here (server binaries installed). */
export function privatePostgresAvailable(): boolean {
  try {
    pgBinDir();
    return true;
  } catch {
    return false;
  }
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = pgBinDir();
  const asRoot = process.getuid?.() === 0;
  // Asynchronous: this process also serves the sandbox, which must keep answering meanwhile.
  const run = async (tool: string, args: string[]) => {
    const command = asRoot ? "runuser" : path.join(bin, tool);
    const argv = asRoot ? ["-u", "postgres", "--", path.join(bin, tool), ...args] : args;
    await promisify(execFile)(command, argv, { encoding: "utf8" });
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-pg-"));
  if (asRoot) execFileSync("chown", ["postgres:postgres", dir]);
  const data = path.join(dir, "data");
  const port = await freePort();
  await run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  fs.appendFileSync(
    path.join(data, "postgresql.conf"),
    [`port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${dir}'`, "max_connections = 300", "fsync = off", "synchronous_commit = off", "full_page_writes = off", ""].join("\n"),
  );
  const log = path.join(dir, "server.log");
  const start = () => run("pg_ctl", ["-D", data, "-l", log, "-w", "-t", "60", "start"]);
  await start();
  return {
    adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    restart: async (downMs = 0) => {
      const stoppedAt = new Date().toISOString();
      await run("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "60", "stop"]);
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await start();
      return { stoppedAt, startedAt: new Date().toISOString(), downMs: Date.now() - Date.parse(stoppedAt) };
    },
    stop: async () => {
      try {
        await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
