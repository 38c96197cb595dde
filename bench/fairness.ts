// Fairness across shops (issue 18, acceptance d): one shop with 5,000 queued rewards and nine
// shops with 10 each, all released at the same moment (their refund hold ends), drained by 2
// worker processes (concurrency 8 each) on PostgreSQL. Each job stands for one reward: it waits
// for a mutation's points on its shop's shared Admin budget (10 rewards/s per shop). Reported:
// for each small shop, the time from the hold's end to its last reward; and how far the big
// shop got meanwhile.
//   tsx bench/fairness.ts [--big 5000] [--small 10] [--shops 9] [--workers 2]
import { spawn } from "node:child_process";
import { z } from "zod";
import { createPrismaClient, type Db } from "../app/db.server";
import { defineJob } from "../app/jobs/define-job";
import { enqueue, SHOP_CONCURRENCY } from "../app/jobs/queue.server";
import { DbAdminBudget } from "../app/shopify/shared-budget.server";
import { createTestDbUrl, ROOT } from "../test/helpers/db";
import { arg, machine, record } from "./lib";

const BIG = Number(arg("big", "5000"));
const SMALL = Number(arg("small", "10"));
const SHOPS = Number(arg("shops", "9"));
const WORKERS = Number(arg("workers", "2"));
const issue = defineJob({ name: "bench.issue", payload: z.object({ n: z.number() }), handler: async () => {} });
const HELD = new Date(Date.now() + 24 * 3600_000);

process.env.TEST_DATABASE = "postgresql";
const { url, drop } = await createTestDbUrl();
const db: Db = createPrismaClient(url);
const bigShop = "big.myshopify.com";
const smallShops = Array.from({ length: SHOPS }, (_, i) => `small-${i + 1}.myshopify.com`);
try {
  // Each shop's Admin budget as Shopify reports it: 100 points/s, a bucket of 100 (full).
  const budget = new DbAdminBudget(db);
  for (const shop of [bigShop, ...smallShops]) {
    await budget.observe(shop, "CreditStoreCredit", { requestedQueryCost: 10, actualQueryCost: 0, throttleStatus: { maximumAvailable: 100, currentlyAvailable: 100, restoreRate: 100 } }, Date.now());
  }
  // The big shop's rewards were held longer (earlier orders): all of them come before the small
  // shops' in age, the case a first-in-first-out queue gets wrong.
  for (let i = 0; i < BIG; i += 250) {
    await db.$transaction(
      async (tx) => {
        for (let n = i; n < Math.min(BIG, i + 250); n++) await enqueue(tx, issue, { n }, { shopId: bigShop, runAt: HELD });
      },
      { timeout: 120_000 },
    );
  }
  for (const shop of smallShops) for (let n = 0; n < SMALL; n++) await enqueue(db, issue, { n }, { shopId: shop, runAt: new Date(HELD.getTime() + 1) });
  const children = Array.from({ length: WORKERS }, (_, w) =>
    spawn(`${ROOT}/node_modules/.bin/tsx`, ["bench/fixtures/fair-worker.ts"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, WORKER_ID: `fair-${w}` }, stdio: ["ignore", "pipe", "inherit"] }),
  );
  await Promise.all(children.map((c) => new Promise<void>((resolve) => c.stdout!.on("data", (d) => String(d).includes("ready") && resolve()))));
  // The hold ends: every job becomes due at once (the big shop's first by a millisecond).
  const holdEnd = new Date();
  await db.job.updateMany({ where: { shopId: bigShop }, data: { runAt: new Date(holdEnd.getTime() - 1) } });
  await db.job.updateMany({ where: { shopId: { in: smallShops } }, data: { runAt: holdEnd } });
  const smallDone = () => db.job.count({ where: { shopId: { in: smallShops }, status: "succeeded" } });
  while ((await smallDone()) < SHOPS * SMALL) await new Promise((r) => setTimeout(r, 50));
  const perShop = await db.job.groupBy({ by: ["shopId"], where: { shopId: { in: smallShops } }, _max: { finishedAt: true } });
  const seconds = perShop.map((r) => (r._max.finishedAt!.getTime() - holdEnd.getTime()) / 1000).sort((a, b) => a - b);
  const bigDoneMeanwhile = await db.job.count({ where: { shopId: bigShop, status: "succeeded" } });
  const dead = await db.job.count({ where: { status: "dead" } });
  for (const c of children) c.kill("SIGTERM");
  await Promise.all(children.map((c) => new Promise((r) => c.once("exit", r))));
  const result = {
    machine: machine(),
    database: "postgresql",
    workers: WORKERS,
    concurrencyPerWorker: 8,
    shopConcurrency: SHOP_CONCURRENCY,
    bigShopQueued: BIG,
    smallShops: SHOPS,
    smallShopQueued: SMALL,
    rewardsPerSecondPerShop: 10,
    // Seconds from the hold's end to each small shop's last reward, fastest to slowest.
    smallShopLastRewardSeconds: seconds.map((s) => Number(s.toFixed(2))),
    smallShopWorstSeconds: Number(seconds[seconds.length - 1].toFixed(2)),
    // What a shop's 10 rewards take at 10/s on their own, for comparison.
    aloneSeconds: SMALL / 10,
    bigShopIssuedMeanwhile: bigDoneMeanwhile,
    // A first-in-first-out queue would have run every one of the big shop's jobs first.
    fifoWouldWaitSeconds: BIG / 10,
    deadJobs: dead,
  };
  console.log(JSON.stringify(result, null, 2));
  record(arg("out", "fairness"), result);
} finally {
  await db.$disconnect();
  await drop();
}
