// Order pipeline, on one machine in one run:
//  (a) webhook ingest: signed orders/paid deliveries at 100 in flight to the built app (HMAC,
//      inbox row, job), throughput and p50/p99, against a bare node:http handler (own process)
//      that only reads the body and verifies the HMAC;
//  (b) issuance: referral orders drained by 2 worker processes against the sandbox's Admin rate
//      limit (100 points/s restore, 10 points a mutation), as a ratio to what that limit allows;
//  (c) the fault suite (test/pipeline/fault-suite.test.ts) at FAULT_ORDERS orders, 2 workers;
//      with --fault-shops / --fault-drop / --fault-pg-restart its multi-shop shape (issue 18 e).
//   tsx bench/pipeline.ts [--db postgresql] [--ingest 3000] [--ingest-rounds 9] [--processes 1] [--issue-orders 300]
//                         [--bucket 200] [--fault-orders 2000] [--fault-timeout-min 10]
//                         [--fault-shops 1] [--fault-drop 0] [--fault-pg-restart]
//                         [--skip ingest,issuance,fault] [--out pipeline]
// Ingest: --ingest deliveries per run, --ingest-rounds runs of each side, interleaved; the
// ratios compare the medians.
// Fault flags:
//   --fault-orders N        referral orders (over all shops when --fault-shops > 1; per advocate
//                           reward type on one shop otherwise)
//   --fault-shops N         shops the orders are spread over, taking the reward types in turn
//   --fault-drop S          share of webhooks (0..1) never delivered at all; reconciliation, on its
//                           recurring schedule per shop, must bring them (FAULT_DROP_SHARE)
//   --fault-pg-restart      the suite runs on a PostgreSQL cluster of its own and restarts it
//                           (pg_ctl stop -m fast, 3 s down, start) once half the deliveries are out
//   --fault-pg-restart-at F when the restart comes: after this share of the deliveries (default 0.5)
//   --fault-timeout-min M   how long the run may take to settle after the last delivery
//                           (default: 10, or orders / 100 when larger)
// Any of --fault-shops > 1, --fault-drop > 0 or --fault-pg-restart selects the multi-shop shape;
// the results then hold per-shop figures, reconciliation's (orders recovered, Admin requests
// and points it spent) and the restart's times. The run also samples the load average every
// 30 s, and the suite appends progress lines to bench/results/<out>.progress.jsonl.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { withSqliteBusyRetry } from "../app/db.server";
import { processOrderWebhookJob } from "../app/referrals/process-order-webhook.job.server";
import { issueRewardJob } from "../app/rewards/issue-reward.job.server";
import { orderPayload, randomShopifyId } from "../sandbox/storefront/payloads";
import { deliverWebhook, webhookBody } from "../sandbox/storefront/webhooks";
import { TEST_API_KEY, TEST_API_SECRET, freePort } from "../test/helpers/app-server";
import { ROOT } from "../test/helpers/db";
import { startStack, type Stack } from "../test/helpers/stack";
import { activateProgram, BASE_CONFIG, createAdvocate, sandboxCustomer } from "../test/pipeline/pipeline-fixtures";
import { arg, ensureBuilt, machine, record } from "./lib";

// The app under test is the production build: make it (or remake a stale one) first.
ensureBuilt();

const DB = arg("db", "postgresql") as "postgresql" | "sqlite";
const INGEST = Number(arg("ingest", "3000"));
const INGEST_ROUNDS = Number(arg("ingest-rounds", "9"));
const CONCURRENCY = Number(arg("concurrency", "100"));
/** Server processes for (a), the app's (WEB_CONCURRENCY) and the bare handler's alike. */
const PROCESSES = Number(arg("processes", "1"));
const ISSUE_ORDERS = Number(arg("issue-orders", "300"));
const RESTORE_RATE = 100;
const BUCKET = Number(arg("bucket", "200"));
const MUTATION_COST = 10;
const FAULT_ORDERS = Number(arg("fault-orders", "2000"));
const FAULT_TIMEOUT_MIN = Number(arg("fault-timeout-min", String(Math.max(10, Math.ceil(FAULT_ORDERS / 100)))));
const FAULT_SHOPS = Number(arg("fault-shops", "1"));
const FAULT_DROP = Number(arg("fault-drop", "0"));
const FAULT_PG_RESTART = process.argv.includes("--fault-pg-restart");
const FAULT_PG_RESTART_AT = Number(arg("fault-pg-restart-at", "0.5"));
const OUT = arg("out", "pipeline");
const SKIP = new Set(arg("skip", "").split(",").filter(Boolean));
process.env.TEST_DATABASE = DB;

const ms = (n: number) => Number(n.toFixed(1));
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/** Sends every body at `concurrency` in flight; per-request latency from send to answer. */
async function load(url: string, bodies: { topic: string; payload: string }[], shop: string) {
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  await pool(bodies, CONCURRENCY, async (b) => {
    const t0 = performance.now();
    const res = await deliverWebhook({ appUrl: url, apiSecret: TEST_API_SECRET, shop, topic: b.topic, payload: b.payload });
    latencies.push(performance.now() - t0);
    if (!res.ok) failed++;
  });
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    deliveries: bodies.length,
    failed,
    seconds: Number(seconds.toFixed(2)),
    perSecond: Math.round(bodies.length / seconds),
    p50Ms: ms(percentile(latencies, 50)),
    p99Ms: ms(percentile(latencies, 99)),
    maxMs: ms(latencies[latencies.length - 1]),
  };
}

// The baseline: a node:http server that reads the body, checks the HMAC in constant time and
// answers 200 (401 otherwise). Nothing else. PROCESSES of them share the port through
// node:cluster, as the app's do (scripts/serve.mjs, WEB_CONCURRENCY).
const BARE_SERVER = `
import cluster from "node:cluster";
import http from "node:http";
import crypto from "node:crypto";
const processes = Number(process.env.PROCESSES);
if (cluster.isPrimary && processes > 1) {
  let listening = 0;
  for (let i = 0; i < processes; i++) cluster.fork().on("listening", () => ++listening === processes && process.stdout.write("ready\\n"));
  process.on("SIGTERM", () => {
    for (const worker of Object.values(cluster.workers)) worker.process.kill("SIGTERM");
    process.exit(0);
  });
} else {
  const secret = process.env.SECRET;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const digest = crypto.createHmac("sha256", secret).update(Buffer.concat(chunks)).digest();
      const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
      const ok = given.length === digest.length && crypto.timingSafeEqual(given, digest);
      res.writeHead(ok ? 200 : 401).end();
    });
  });
  server.listen(Number(process.env.PORT), "127.0.0.1", () => cluster.isPrimary && process.stdout.write("ready\\n"));
}
`;

async function startBare(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  // A file, not `node -e`: cluster.fork runs the primary's script again.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "twofold-bare-")), "bare.mjs");
  fs.writeFileSync(file, BARE_SERVER);
  const child = spawn(process.execPath, [file], { env: { ...process.env, SECRET: TEST_API_SECRET, PORT: String(port), PROCESSES: String(PROCESSES) }, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve) => child.stdout!.on("data", (d) => String(d).includes("ready") && resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await stopChild(child);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  return exited;
}

function referredOrders(stack: Stack, count: number, codes: string[], tag: string) {
  return Array.from({ length: count }, (_, i) => {
    const friend = sandboxCustomer(stack.sandbox.state, stack.shop, `${tag}${i}@example.com`);
    const order = orderPayload({ id: randomShopifyId(), number: 1000 + i, customer: { id: friend.id, email: friend.email }, noteAttributes: [{ name: "_twofold_ref", value: codes[i % codes.length] }], lineItems: [{ title: "Thing", price: "60.00" }] });
    return { topic: "orders/paid", payload: webhookBody(order) };
  });
}

async function setUpProgram(stack: Stack, advocates: number): Promise<string[]> {
  await activateProgram(stack.db.prisma, stack.shop, { ...BASE_CONFIG, advocateReward: { ...BASE_CONFIG.advocateReward, minimumOrderMinor: null } });
  const codes: string[] = [];
  for (let i = 0; i < advocates; i++) {
    const customer = sandboxCustomer(stack.sandbox.state, stack.shop, `advocate${i}@example.com`);
    await createAdvocate(stack.db.prisma, stack.shop, `ADV${i}`, customer);
    codes.push(`ADV${i}`);
  }
  return codes;
}

// ---------------------------------------------------------------------------- (a) ingest

async function ingest() {
  // The app's server processes (scripts/serve.mjs reads it; the app server inherits this environment).
  process.env.WEB_CONCURRENCY = String(PROCESSES);
  const stack = await startStack();
  delete process.env.WEB_CONCURRENCY;
  try {
    const codes = await setUpProgram(stack, 50);
    const warm = referredOrders(stack, 3000, codes, "warm");
    const bodies = Array.from({ length: INGEST_ROUNDS }, (_, r) => referredOrders(stack, INGEST, codes, `friend${r}-`));
    const bare = await startBare();
    try {
      // Warm both (JIT, connection pools), then measure each INGEST_ROUNDS times, interleaved
      // (which side goes first alternates), and compare the medians: on a shared machine one
      // run of either side can be hurt, or flattered, by what else runs at that moment.
      await load(stack.app.url, warm, stack.shop);
      await load(bare.url, warm, stack.shop);
      const appRuns = [];
      const bareRuns = [];
      for (const [round, batch] of bodies.entries()) {
        if (round % 2 === 0) {
          appRuns.push(await load(stack.app.url, batch, stack.shop));
          bareRuns.push(await load(bare.url, batch, stack.shop));
        } else {
          bareRuns.push(await load(bare.url, batch, stack.shop));
          appRuns.push(await load(stack.app.url, batch, stack.shop));
        }
      }
      const median = (values: number[]) => {
        const sorted = [...values].sort((a, b) => a - b);
        const mid = Math.floor(sorted.length / 2);
        return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
      };
      const summary = (runs: Awaited<ReturnType<typeof load>>[]) => ({
        deliveries: runs.reduce((n, r) => n + r.deliveries, 0),
        failed: runs.reduce((n, r) => n + r.failed, 0),
        medianPerSecond: Math.round(median(runs.map((r) => r.perSecond))),
        medianP50Ms: ms(median(runs.map((r) => r.p50Ms))),
        medianP99Ms: ms(median(runs.map((r) => r.p99Ms))),
      });
      const app = summary(appRuns);
      const baseline = summary(bareRuns);
      const recorded = await stack.db.prisma.webhookEvent.count();
      const jobs = await stack.db.prisma.job.count({ where: { name: processOrderWebhookJob.name } });
      return {
        database: DB,
        concurrency: CONCURRENCY,
        processes: PROCESSES,
        app,
        bareHmacHandler: baseline,
        throughputRatio: Number((app.medianPerSecond / baseline.medianPerSecond).toFixed(3)),
        p50Ratio: Number((app.medianP50Ms / baseline.medianP50Ms).toFixed(1)),
        p99Ratio: Number((app.medianP99Ms / baseline.medianP99Ms).toFixed(1)),
        runs: { app: appRuns, bare: bareRuns },
        inboxRows: recorded,
        jobsQueued: jobs,
      };
    } finally {
      await bare.stop();
    }
  } finally {
    await stack.stop();
  }
}

// --------------------------------------------------------------------------- (b) issuance

function startWorker(stack: Stack, id: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "test/pipeline/fixtures/pipeline-worker.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: stack.db.url,
      SHOPIFY_SANDBOX_URL: stack.sandbox.url,
      SHOPIFY_API_KEY: TEST_API_KEY,
      SHOPIFY_API_SECRET: TEST_API_SECRET,
      SHOPIFY_APP_URL: stack.app.url,
      WORKER_ID: id,
      WORKER_LEASE_MS: "10000",
      ...env,
    },
    // Not "pipe": nothing reads it, and once the pipe's buffer is full the worker's next write
    // (the dev mailer prints every email) blocks its whole process. A 600-reward run froze both
    // workers that way after ~450 emails, and SIGTERM could not stop them.
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function issuance() {
  const stack = await startStack({ shop: { restoreRate: RESTORE_RATE, bucketSize: BUCKET } });
  const workers: ChildProcess[] = [];
  try {
    const codes = await setUpProgram(stack, Math.max(10, Math.ceil(ISSUE_ORDERS / 3)));
    const orders = referredOrders(stack, ISSUE_ORDERS, codes, "friend");
    // Delivered before the workers start, as Shopify would: retried until answered 200.
    await pool(orders, 16, async (o) => {
      for (let attempt = 1; ; attempt++) {
        const res = await deliverWebhook({ appUrl: stack.app.url, apiSecret: TEST_API_SECRET, shop: stack.shop, topic: o.topic, payload: o.payload });
        if (res.ok) return;
        if (attempt === 5) throw new Error(`delivery failed 5 times: ${res.status} ${res.error ?? res.body}`);
      }
    });
    const db = stack.db.prisma;
    const shop = stack.sandbox.state.shops.get(stack.shop)!;
    // First the order jobs (attribution, qualification, ledger rows), with issuance left
    // queued: the figure is issuance against the limit, not how fast this box runs order jobs
    // (measured on its own, below).
    const ordersStarted = performance.now();
    const orderWorkers = [0, 1].map((w) => startWorker(stack, `orders-${w}`, { WORKER_SKIP_JOBS: issueRewardJob.name }));
    for (;;) {
      const left = await withSqliteBusyRetry(db, () => db.job.count({ where: { name: processOrderWebhookJob.name, status: { in: ["queued", "running"] } } }));
      const rewards = await withSqliteBusyRetry(db, () => db.reward.count());
      if (left === 0 && rewards >= ISSUE_ORDERS * 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const orderJobsSeconds = (performance.now() - ordersStarted) / 1000;
    await Promise.all(orderWorkers.map(stopChild));
    shop.requestLog.length = 0;
    for (let w = 0; w < 2; w++) workers.push(startWorker(stack, `bench-${w}`));
    // The window starts when the first Admin request arrives (process start-up is not issuance).
    while (shop.requestLog.length === 0) await new Promise((r) => setTimeout(r, 5));
    const started = performance.now();
    const startedAt = Date.now();
    const wanted = ISSUE_ORDERS * 2;
    const deadline = Date.now() + 15 * 60_000;
    for (;;) {
      const issued = await withSqliteBusyRetry(db, () => db.reward.count({ where: { status: "issued" } }));
      if (issued >= wanted) break;
      const dead = await withSqliteBusyRetry(db, () => db.job.count({ where: { status: "dead" } }));
      if (dead > 0 || Date.now() > deadline) throw new Error(`issuance did not finish: ${issued}/${wanted} issued, ${dead} dead job(s)`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    const log = shop.requestLog.filter((e) => Date.parse(e.at) >= startedAt - 1000);
    const mutationFields = ["storeCreditAccountCredit", "discountCodeBasicCreate"];
    const mutations = log.filter((e) => e.status === 200 && !e.throttled && e.fields.some((f) => mutationFields.includes(f)));
    const queries = log.filter((e) => e.status === 200 && !e.throttled && !e.fields.some((f) => mutationFields.includes(f)));
    const points = log.reduce((s, e) => s + (e.actualQueryCost ?? 0), 0);
    const throttled = log.filter((e) => e.throttled || e.status === 429).length;
    // Which Admin operations were sent in the window (first field of each), to see what a reward costs.
    const requestsByField: Record<string, number> = {};
    for (const e of log) requestsByField[e.fields[0] ?? "?"] = (requestsByField[e.fields[0] ?? "?"] ?? 0) + 1;
    // What the limit allows in this window: a full bucket at the start plus the restore rate.
    const allowedPoints = BUCKET + RESTORE_RATE * seconds;
    const allowedMutationsPerSecond = RESTORE_RATE / MUTATION_COST;
    const mutationsPerSecond = mutations.length / seconds;
    return {
      database: DB,
      workers: 2,
      orders: ISSUE_ORDERS,
      rewardsIssued: wanted,
      restoreRate: RESTORE_RATE,
      bucketSize: BUCKET,
      seconds: Number(seconds.toFixed(1)),
      mutations: mutations.length,
      queries: queries.length,
      requests: log.length,
      requestsByField,
      throttledResponses: throttled,
      throttledShare: Number((throttled / Math.max(1, log.length)).toFixed(4)),
      pointsSpent: points,
      mutationsPerSecond: Number(mutationsPerSecond.toFixed(2)),
      allowedMutationsPerSecond,
      // Ratio against restore-rate/mutation-cost; above 1 is possible only through the bucket.
      ratioToMutationLimit: Number((mutationsPerSecond / allowedMutationsPerSecond).toFixed(3)),
      // Share of the whole point budget of the window spent on useful (non-throttled) calls.
      pointBudgetUsed: Number((points / allowedPoints).toFixed(3)),
      rewardsPerSecond: Number((wanted / seconds).toFixed(2)),
      // The order jobs of the 300 orders, run before the window with issuance held back.
      orderJobsDrainedSeconds: Number(orderJobsSeconds.toFixed(1)),
    };
  } finally {
    await Promise.all(workers.map(stopChild));
    await stack.stop();
  }
}

// ------------------------------------------------------------------------- (c) fault suite

async function faultSuite() {
  const started = performance.now();
  const progressFile = path.join(ROOT, "bench", "results", `${OUT}.progress.jsonl`);
  fs.rmSync(progressFile, { force: true });
  // The box is shared: what else ran is part of the reading.
  const load: number[] = [];
  const sampleLoad = () => load.push(Number(os.loadavg()[0].toFixed(2)));
  sampleLoad();
  const sampler = setInterval(sampleLoad, 30_000);
  const child = spawn(path.join(ROOT, "node_modules", ".bin", "vitest"), ["run", "--project", "integration", "test/pipeline/fault-suite.test.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEST_DATABASE: DB,
      FAULT_ORDERS: String(FAULT_ORDERS),
      FAULT_WORKERS: "2",
      FAULT_TIMEOUT_MS: String(FAULT_TIMEOUT_MIN * 60_000),
      FAULT_SHOPS: String(FAULT_SHOPS),
      FAULT_DROP_SHARE: String(FAULT_DROP),
      FAULT_PG_RESTART: FAULT_PG_RESTART ? "1" : "0",
      FAULT_PG_RESTART_AT: String(FAULT_PG_RESTART_AT),
      FAULT_PROGRESS_FILE: progressFile,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => {
    out += d;
    process.stderr.write(d);
  });
  child.stderr!.on("data", (d) => (out += d));
  const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  clearInterval(sampler);
  sampleLoad();
  const line = out.split("\n").find((l) => l.includes('"creditsInSandbox"'));
  const summary = line ? (JSON.parse(line.slice(line.indexOf("{"))) as Record<string, unknown>) : null;
  return {
    database: DB,
    orders: FAULT_ORDERS,
    shops: FAULT_SHOPS,
    dropShare: FAULT_DROP,
    pgRestart: FAULT_PG_RESTART ? { atShareOfDeliveries: FAULT_PG_RESTART_AT } : false,
    workers: 2,
    passed: code === 0,
    wallSeconds: Math.round((performance.now() - started) / 1000),
    loadAverage1m: { min: Math.min(...load), max: Math.max(...load), mean: Number((load.reduce((a, b) => a + b, 0) / load.length).toFixed(2)), samples: load.length },
    summary,
    tail: code === 0 ? undefined : out.slice(-3000),
  };
}

const result: Record<string, unknown> = { machine: machine() };
if (!SKIP.has("ingest")) {
  result.ingest = await ingest();
  console.log("ingest", JSON.stringify(result.ingest, null, 2));
}
if (!SKIP.has("issuance")) {
  result.issuance = await issuance();
  console.log("issuance", JSON.stringify(result.issuance, null, 2));
}
if (!SKIP.has("fault")) {
  result.faultSuite = await faultSuite();
  console.log("fault suite", JSON.stringify({ ...(result.faultSuite as object), tail: undefined }, null, 2));
}
record(OUT, result);
