// Small helpers shared by the bench scripts: flags, machine description, result files.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export function machine() {
  return {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown"}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    date: new Date().toISOString(),
  };
}

/** Writes bench/results/<name>.json (committed with docs/PERFORMANCE.md). */
export function record(name: string, result: unknown): void {
  const dir = path.join(import.meta.dirname, "results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(result, null, 2) + "\n");
}

const ROOT_DIR = path.join(import.meta.dirname, "..");

/** Newest modification time (ms) of the files under `dir`, skipping generated code. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * What a bench that starts the built app needs on a fresh clone: the Prisma clients and the
 * production build (build/server/index.js). Builds when the build is missing or older than
 * app/ (a stale build would measure old code); `--no-build` skips the check.
 */
export function ensureBuilt(): void {
  if (process.argv.includes("--no-build")) return;
  const run = (label: string, cmd: string, args: string[], env: Record<string, string> = {}) => {
    console.error(`▶ ${label}`);
    const r = spawnSync(cmd, args, { cwd: ROOT_DIR, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, ...env } });
    if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status})`);
  };
  if (!fs.existsSync(path.join(ROOT_DIR, "app", "generated", "prisma-postgresql")) || !fs.existsSync(path.join(ROOT_DIR, "app", "generated", "prisma"))) {
    run("generate Prisma clients", process.execPath, ["scripts/db.mjs", "generate"]);
  }
  const built = path.join(ROOT_DIR, "build", "server", "index.js");
  const stale = !fs.existsSync(built) || fs.statSync(built).mtimeMs < newestMtime(path.join(ROOT_DIR, "app"));
  if (stale) run("build the app (NODE_ENV=production remix vite:build)", path.join(ROOT_DIR, "node_modules", ".bin", "remix"), ["vite:build"], { NODE_ENV: "production" });
}
