#!/usr/bin/env node
// The test command (README, .ci/run): prepares what a fresh clone lacks, then runs every
// Vitest project on SQLite, and the integration tests again on PostgreSQL.
//   node scripts/test.mjs                 everything (PostgreSQL skipped with a warning if unreachable, unless CI=true)
//   node scripts/test.mjs --sqlite-only   skip the PostgreSQL pass
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium } from "./ensure-chromium.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const args = process.argv.slice(2);
const pgUrl = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

function run(label, cmd, cmdArgs, env = {}) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(cmd, cmdArgs, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

function reachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432) });
    socket.setTimeout(2000);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

if (!fs.existsSync(path.join(root, "app", "generated", "prisma-postgresql"))) {
  run("generate Prisma clients", process.execPath, ["scripts/db.mjs", "generate"]);
}
if (!fs.existsSync(path.join(root, "build", "server", "index.js")) || process.env.CI === "true" || args.includes("--build")) {
  run("build the app", bin("remix"), ["vite:build"], { NODE_ENV: "production" });
}

if (!args.includes("--no-browser")) ensureChromium();

run("tests on SQLite", bin("vitest"), ["run"], { TEST_DATABASE: "sqlite" });

if (!args.includes("--sqlite-only")) {
  if (await reachable(pgUrl)) {
    run("integration and journey tests on PostgreSQL", bin("vitest"), ["run", "--project", "integration", "--project", "journey"], { TEST_DATABASE: "postgresql" });
  } else if (process.env.CI === "true") {
    console.error(`✖ PostgreSQL is not reachable at ${pgUrl}; CI must test it`);
    process.exit(1);
  } else {
    console.warn(`⚠ PostgreSQL not reachable at ${pgUrl}: skipped the PostgreSQL pass (set TEST_PG_ADMIN_URL)`);
  }
}
console.log("\n✔ all tests passed");
