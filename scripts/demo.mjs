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
if (env.DATABASE_URL.startsWith("file:")) {
  // The app and the worker write at once while the history is seeded; in SQLite's default
  // rollback journal a reader's lock can stall a writer until both time out. The write-ahead
  // log lets readers and one writer work side by side (the setting stays with the file).
  const file = path.resolve(root, env.DATABASE_URL.slice("file:".length));
  step("use SQLite's write-ahead log", process.execPath, [
    "--input-type=module",
    "-e",
    `const { createClient } = await import("@libsql/client"); const c = createClient({ url: ${JSON.stringify(`file:${file}`)} }); await c.execute("PRAGMA journal_mode = WAL"); c.close();`,
  ]);
}
if (!fs.existsSync(path.join(root, "build", "server", "index.js")) || process.argv.includes("--build")) {
  step("build the app", bin("remix"), ["vite:build"]);
}

const children = [];
function start(name, cmd, args, extraEnv = {}) {
  const child = spawn(cmd, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = `[${name}] `;
  const pipe = (stream, out) =>
    stream.on("data", (chunk) => {
      const text = chunk.toString();
      // While the history is seeded, its emails are counted and the request logs dropped (errors still show).
      if (quiet && (name === "mail" || (out === process.stdout && name !== "sandbox"))) {
        quietEmails += text.split("──── message for").length - 1;
        return;
      }
      // Jobs waiting their turn for an account's store-credit lock are routine, not news.
      const shown = text.split("\n").filter((line) => !/ retry: RetryJobLaterError: /.test(line)).join("\n");
      if (shown.trim()) out.write(shown.replace(/^(?=.)/gm, prefix));
    });
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
let quiet = false;
let quietEmails = 0;
function stop(code = 0) {
  stopping = true;
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of running) child.kill("SIGTERM");
  // Wait for them (the app server takes a moment), then make sure none is left behind.
  let left = running.length;
  if (left === 0) process.exit(code);
  for (const child of running) child.on("exit", () => --left === 0 && process.exit(code));
  setTimeout(() => {
    for (const child of running) if (child.exitCode === null) child.kill("SIGKILL");
    process.exit(code);
  }, 5_000).unref();
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

// Seed the demo shop in the sandbox and give the app its offline token, as an install would
// (scripts/seed-demo.ts writes the session and Shop rows: OAuth has no offline stand-in).
const accessToken = `shpat_demo_${crypto.createHash("sha256").update(SHOP).digest("hex").slice(0, 24)}`;
const seed = await fetch(`${sandboxUrl}/__sandbox/shops`, {
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ domain: SHOP, name: "Twofold Demo Store", currencyCode: "USD", accessToken }),
});
if (!seed.ok) throw new Error(`sandbox refused the demo shop: ${seed.status} ${await seed.text()}`);
step("seed the demo shop", bin("tsx"), ["scripts/seed-demo.ts", SHOP, accessToken]);

start("app", bin("node"), ["scripts/serve.mjs"], { HOST: "127.0.0.1" });
// A demo worker looks for new jobs every 100 ms (production: every second), so the seeding waits
// less, and refreshes the dashboard every 30 s (production: 5 minutes).
start("worker", bin("tsx"), ["app/worker/main.server.ts"], { WORKER_POLL_MS: process.env.WORKER_POLL_MS || "100", ROLLUP_EVERY_MS: process.env.ROLLUP_EVERY_MS || "30000" });
await waitFor(`${appUrl}/healthz`);

// Ninety days of referral history through the app's own entry points (scripts/demo-history.ts).
console.log("▶ seed ninety days of referral history (storefront, app proxy, checkout, webhooks, worker)");
quiet = true;
const seeded = await new Promise((resolve) => {
  const child = spawn(bin("tsx"), ["scripts/demo-history.ts"], {
    cwd: root,
    env: { ...env, APP_URL: appUrl, SANDBOX_URL: sandboxUrl, DEMO_SHOP: SHOP },
    stdio: ["ignore", "inherit", "inherit"],
  });
  child.on("exit", (code) => resolve(code === 0));
});
quiet = false;
if (quietEmails) console.log(`  (${quietEmails} emails the app sent while seeding were caught and not printed)`);
if (!seeded) console.error("  seeding the history failed (above); the demo runs on with what was seeded");

const store = `${sandboxUrl}/storefront/${SHOP}`;
const adminUrl = `${sandboxUrl}/admin/apps/twofold?shop=${SHOP}`;
console.log(`
Twofold is running on SQLite (${env.DATABASE_URL}) against the local Shopify sandbox.

  Admin (embedded, as in Shopify's admin):  ${adminUrl}
  Storefront with the theme blocks:         ${store}
  Orders (the sandbox's Shopify admin):     ${sandboxUrl}/admin/orders?shop=${SHOP}
  App health:                               ${appUrl}/healthz
  Sandbox state (what "Shopify" holds):     ${sandboxUrl}/__sandbox/state?shop=${SHOP}
  Emails:                                   printed below with a [mail] prefix (SMTP ${env.SMTP_URL})

Try it: a referral from link to reward (use a private window for the friend)
  1. Advocate: log in at ${store}/account/login with any email,
     then press "Get my link" on the store's home page and copy the link.
  2. Friend: open the link in a private window and claim the offer with another email (the code
     goes into the cart by itself; the claim email, printed here, also asks to confirm the address),
     add a product to the cart, check out and pay: the thank-you page says "share and earn".
  3. Dashboard: ${adminUrl} counts the click, the claim and the order within 30 s.
  4. Reward: the advocate's credit is held for the 14-day return window. Move the sandbox clock:
       curl -X POST ${sandboxUrl}/__sandbox/clock -H 'Content-Type: application/json' -d '{"advance":"15d"}'
     Within a minute the store credit lands (the reward email prints here with [mail]), and the
     advocate's next checkout offers it. ('{"reset":true}' brings the clock back to today.)
  5. Review: ${sandboxUrl}/admin/apps/twofold/review?shop=${SHOP} holds orders placed seconds
     after the click; open one, read the signals, approve or reject it with a reason.
  6. Refund: open an order at ${sandboxUrl}/admin/orders?shop=${SHOP} and refund it; the app
     cancels the held reward or takes the issued credit back. Credit the advocate already spent
     is recorded as owed and taken off their next reward (Advocates page: Owed, Forgive).

Ctrl-C stops everything.`);
