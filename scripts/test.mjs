#!/usr/bin/env node
// The test command (README, .ci/run): prepares what a fresh clone lacks, then runs every
// Vitest project on SQLite, and the integration tests again on PostgreSQL.
//   node scripts/test.mjs                 everything (PostgreSQL skipped with a warning if unreachable, unless CI=true)
//   node scripts/test.mjs --sqlite-only   skip the PostgreSQL pass
//   node scripts/test.mjs --serial        the two passes one after the other (default: side by side)
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";
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

/**
 * One Vitest pass with its output lines prefixed, so the two passes can share the terminal.
 * Most tests wait on servers, browsers and jobs rather than on the CPU, so the SQLite and the
 * PostgreSQL pass run side by side (`--serial`: one after the other).
 */
function pass(label, prefix, cmdArgs, env) {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(bin("vitest"), cmdArgs, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [child.stdout, child.stderr]) readline.createInterface({ input: stream }).on("line", (line) => console.log(`${prefix} ${line}`));
    child.on("close", (code, signal) => resolve({ label, ok: code === 0, code: code ?? signal, minutes: ((Date.now() - started) / 60_000).toFixed(1) }));
  });
}

const sqlite = () => pass("tests on SQLite", "[sqlite]", ["run"], { TEST_DATABASE: "sqlite" });
const postgres = () => pass("integration and journey tests on PostgreSQL", "[postgresql]", ["run", "--project", "integration", "--project", "journey"], { TEST_DATABASE: "postgresql" });

let withPostgres = false;
if (!args.includes("--sqlite-only")) {
  if (await reachable(pgUrl)) {
    withPostgres = true;
  } else if (process.env.CI === "true") {
    console.error(`✖ PostgreSQL is not reachable at ${pgUrl}; CI must test it`);
    process.exit(1);
  } else {
    console.warn(`⚠ PostgreSQL not reachable at ${pgUrl}: skipped the PostgreSQL pass (set TEST_PG_ADMIN_URL)`);
  }
}
const results = [];
if (!withPostgres) results.push(await sqlite());
else if (args.includes("--serial")) results.push(await sqlite(), await postgres());
else results.push(...(await Promise.all([sqlite(), postgres()])));
console.log("");
for (const r of results) console.log(`${r.ok ? "✔" : "✖"} ${r.label}: ${r.ok ? "passed" : `failed (${r.code})`} in ${r.minutes} min`);
if (results.some((r) => !r.ok)) process.exit(1);
console.log("\n✔ all tests passed");
