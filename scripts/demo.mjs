#!/usr/bin/env node
// `npm run demo`: the whole app on this machine with no Shopify account and no external
// service: SQLite database, the local Shopify sandbox, a seeded demo shop, the app server
// and a background worker. Ctrl-C stops everything.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const APP_PORT = Number(process.env.PORT || 3000);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT || 3457);
const SHOP = process.env.DEMO_SHOP || "twofold-demo.myshopify.com";
const appUrl = `http://localhost:${APP_PORT}`;
const sandboxUrl = `http://localhost:${SANDBOX_PORT}`;
const MAIL_PORT = Number(process.env.MAIL_PORT || 1025);

const env = {
  ...process.env,
  NODE_ENV: "production",
  DATABASE_URL: process.env.DATABASE_URL || "file:./prisma/dev.sqlite",
  SHOPIFY_API_KEY: process.env.SHOPIFY_API_KEY || "twofold-demo-key",
  SHOPIFY_API_SECRET: process.env.SHOPIFY_API_SECRET || "twofold-demo-secret",
  SHOPIFY_APP_URL: appUrl,
  SHOPIFY_SANDBOX_URL: sandboxUrl,
  APP_BRIDGE_URL: `${sandboxUrl}/__sandbox/app-bridge.js`,
  PORT: String(APP_PORT),
  // Emails go to the demo's mail catcher, which prints each message with a [mail] prefix.
  SMTP_URL: process.env.SMTP_URL || `smtp://127.0.0.1:${MAIL_PORT}`,
  SANDBOX_PORT: String(SANDBOX_PORT),
};

function step(label, cmd, args) {
  console.log(`▶ ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

step("apply database migrations", process.execPath, ["scripts/db.mjs", "deploy"]);
if (!fs.existsSync(path.join(root, "build", "server", "index.js")) || process.argv.includes("--build")) {
  step("build the app", bin("remix"), ["vite:build"]);
}

const children = [];
function start(name, cmd, args, extraEnv = {}) {
  const child = spawn(cmd, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = `[${name}] `;
  const pipe = (stream, out) =>
    stream.on("data", (chunk) => out.write(chunk.toString().replace(/^(?=.)/gm, prefix)));
  pipe(child.stdout, process.stdout);
  pipe(child.stderr, process.stderr);
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`${prefix}exited with ${code}; stopping the demo`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 500).unref();
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

async function waitFor(url) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not come up`);
}

if (!process.env.SMTP_URL) start("mail", bin("tsx"), ["app/notifications/dev-mail-catcher.ts"], { PORT: String(MAIL_PORT) });
start("sandbox", bin("tsx"), ["sandbox/main.ts"]);
await waitFor(`${sandboxUrl}/health`);

// Seed the demo shop in the sandbox and give the app its offline token, as an install would.
const accessToken = `shpat_demo_${crypto.createHash("sha256").update(SHOP).digest("hex").slice(0, 24)}`;
const seed = await fetch(`${sandboxUrl}/__sandbox/shops`, {
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ domain: SHOP, name: "Twofold Demo Store", currencyCode: "USD", accessToken }),
});
if (!seed.ok) throw new Error(`sandbox refused the demo shop: ${seed.status} ${await seed.text()}`);
step("seed the demo shop", bin("tsx"), ["scripts/seed-demo.ts", SHOP, accessToken]);

start("app", bin("remix-serve"), ["build/server/index.js"]);
start("worker", bin("tsx"), ["app/jobs/worker.server.ts"]);
await waitFor(`${appUrl}/healthz`);

console.log(`
Twofold is running on SQLite (${env.DATABASE_URL}) against the local Shopify sandbox.

  Admin (embedded, as in Shopify's admin):  ${sandboxUrl}/admin/apps/twofold?shop=${SHOP}
  Storefront with the theme blocks:         ${sandboxUrl}/storefront/${SHOP}
  App health:                               ${appUrl}/healthz
  Sandbox state (what "Shopify" holds):      ${sandboxUrl}/__sandbox/state?shop=${SHOP}
  Emails:                                   printed below with a [mail] prefix (SMTP ${env.SMTP_URL})

Ctrl-C stops everything.`);
