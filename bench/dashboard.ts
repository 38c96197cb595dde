// Dashboard at scale on PostgreSQL: seeds N referrals (default 1,000,000) over a year for one
// shop with clicks and rewards, builds the rollups once, then times loadDashboard (p50/p95).
//   npx tsx bench/dashboard.ts --referrals 1000000 --runs 200 [--out dashboard]
// At 10 M the seed takes most of an hour and is not timed; it can run apart from the timed part
// (which wants a quiet machine): `--phase seed` seeds, builds the rollups and keeps the database
// (its address and the seed's figures go to bench/results/<out>.seed.json); `--phase time` then
// times the views on that database and drops it. Without --phase, both run in one go.
// The backfill is one GROUP BY pass per table over the whole range; the job then stores each
// period's top advocates (TopAdvocateStat), which the loader reads; today (and yesterday while
// the job's watermark is in it) are read live from the raw rows. Also timed: the loader with the
// job's ranking a day old (after UTC midnight, before the job ran), and the full live ranking
// the loader no longer uses once a shop is ranked. Since the live snapshot, the newest days come
// from the snapshot the refresh job keeps (timed apart: `liveRefreshJob`), refreshed here as the
// worker would (whenever a view found it older than LIVE_REFRESH_AFTER_MS); the loader without a
// snapshot (first view, worker down) is timed too. Results: docs/PERFORMANCE.md "Dashboard".
import { performance } from "node:perf_hooks";
import { loadDashboard } from "../app/analytics/dashboard.server";
import { LIVE_REFRESH_AFTER_MS, refreshLiveSnapshot } from "../app/analytics/live-snapshot.server";
import { rankAdvocates, rollupShop } from "../app/analytics/rollup.server";
import { periodsEndingOn } from "../app/analytics/dashboard";

import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { createPrismaClient } from "../app/db.server";
import { createTestDb, PG_ADMIN_URL, type TestDb } from "../test/helpers/db";
import { arg, machine, record } from "./lib";

process.env.TEST_DATABASE = "postgresql";
const N = Number(arg("referrals", "1000000"));
const RUNS = Number(arg("runs", "200"));
const SHOP = "bench.myshopify.com";
const PHASE = arg("phase", "all");
if (!["all", "seed", "time"].includes(PHASE)) throw new Error(`--phase: seed, time or all (got ${PHASE})`);
const OUT = arg("out", "dashboard");
const seedFile = path.join(import.meta.dirname, "results", `${OUT}.seed.json`);

interface Seeded {
  url: string;
  referrals: number;
  seedSeconds: number;
  rollupBackfill: { days: number; seconds: number; rows: { dailyStat: number; advocateDailyStat: number } };
  rollupIncrementalSeconds: number;
  seededAt: string;
}

/** The database a `--phase seed` run left, dropped (with its seed file) when timed. */
function seededDb(seeded: Seeded): TestDb {
  const prisma = createPrismaClient(seeded.url);
  return {
    url: seeded.url,
    prisma,
    kind: "postgresql",
    drop: async () => {
      await prisma.$disconnect();
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${new URL(seeded.url).pathname.slice(1)}" WITH (FORCE)`);
      await c.end();
      fs.rmSync(seedFile, { force: true });
    },
  };
}

const earlier = PHASE === "time" ? (JSON.parse(fs.readFileSync(seedFile, "utf8")) as Seeded) : undefined;
const t = earlier ? seededDb(earlier) : await createTestDb();
const db = t.prisma;
let keep = false;
try {
  const seeded = earlier ?? (await seed());
  if (PHASE === "seed") {
    fs.mkdirSync(path.dirname(seedFile), { recursive: true });
    fs.writeFileSync(seedFile, JSON.stringify(seeded, null, 2) + "\n");
    console.log(`seeded ${N} referrals into ${t.url}; time them with --phase time --out ${OUT}`);
    keep = true;
  } else {
    await time(seeded);
  }
} finally {
  if (keep) await db.$disconnect();
  else await t.drop();
}

async function seed(): Promise<Seeded> {
  const seedStart = performance.now();
  await db.shop.create({ data: { id: SHOP, currencyCode: "USD" } });
  const program = await db.program.create({ data: { shopId: SHOP, status: "active" } });
  const version = await db.programVersion.create({ data: { shopId: SHOP, programId: program.id, version: 1, config: {} } });
  await db.$executeRawUnsafe(`INSERT INTO "Advocate" ("id","shopId","code","email","status","createdAt","updatedAt")
    SELECT 'a' || g, $1, 'CODE' || g, 'adv' || g || '@example.com', 'active', now(), now() FROM generate_series(1, 20000) g`, SHOP);
  // Referrals spread over the last 365 days; 60% ordered, a few rejected.
  // Referral g and click g share advocate, time and visitor (IP hash): half the clicks are claimed.
  await db.$executeRawUnsafe(`INSERT INTO "Referral" ("id","shopId","advocateId","programVersionId","status","createdAt","updatedAt","orderedAt","orderGid","orderTotalMinor","orderCurrency","ipHash")
    SELECT 'r' || g, $1, 'a' || (1 + g % 20000), $2,
      CASE WHEN g % 10 < 6 THEN 'rewarded' WHEN g % 10 = 6 THEN 'rejected' ELSE 'claimed' END,
      now() - (g % 525600) * interval '1 minute', now() - interval '1 hour',
      CASE WHEN g % 10 <= 6 THEN now() - (g % 525600) * interval '1 minute' + interval '1 hour' END,
      CASE WHEN g % 10 <= 6 THEN 'gid://shopify/Order/' || g END,
      CASE WHEN g % 10 <= 6 THEN 2000 + g % 10000 END, 'USD', 'ip' || g
    FROM generate_series(1, $3::int) g`, SHOP, version.id, N);
  await db.$executeRawUnsafe(`INSERT INTO "Reward" ("id","shopId","referralId","idempotencyKey","recipient","kind","status","amountMinor","currency","createdAt","issuedAt","updatedAt")
    SELECT 'w' || r."id", r."shopId", r."id", r."id" || ':advocate', 'advocate', 'store_credit', CASE WHEN random() < 0.8 THEN 'issued' ELSE 'held' END, 1000, 'USD', r."orderedAt", r."orderedAt" + interval '14 days', now() - interval '1 hour'
    FROM "Referral" r WHERE r."shopId" = $1 AND r."status" = 'rewarded'`, SHOP);
  await db.$executeRawUnsafe(`INSERT INTO "ReferralClick" ("id","shopId","advocateId","createdAt","ipHash")
    SELECT 'c' || g, $1, 'a' || (1 + g % 20000), now() - (g % 525600) * interval '1 minute', 'ip' || g FROM generate_series(1, $2::int) g`, SHOP, N * 2);
  await db.$executeRawUnsafe(`ANALYZE`);
  const seedMs = performance.now() - seedStart;

  const rollupStart = performance.now();
  const days = await rollupShop(db, SHOP);
  const rollupMs = performance.now() - rollupStart;
  const counts = {
    dailyStat: await db.dailyStat.count({ where: { shopId: SHOP } }),
    advocateDailyStat: await db.advocateDailyStat.count({ where: { shopId: SHOP } }),
  };
  // An incremental run (what the recurring job does): only today's clicks changed since the backfill.
  const idleStart = performance.now();
  await rollupShop(db, SHOP, new Date(Date.now() + 10 * 60_000));
  const idleMs = performance.now() - idleStart;
  // Autovacuum would analyze the freshly written rollup tables; do it now rather than wait.
  await db.$executeRawUnsafe(`ANALYZE "DailyStat", "AdvocateDailyStat", "TopAdvocateStat", "RollupState"`);
  return {
    url: t.url,
    referrals: N,
    seedSeconds: +(seedMs / 1000).toFixed(1),
    rollupBackfill: { days, seconds: +(rollupMs / 1000).toFixed(1), rows: counts },
    rollupIncrementalSeconds: +(idleMs / 1000).toFixed(2),
    seededAt: new Date().toISOString(),
  };
}

async function time(seeded: Seeded): Promise<void> {

  // The refresh job, as the worker runs it after an order or an ageing view (not part of a view).
  const refreshTimes: number[] = [];
  let refreshedAt = 0;
  const refresh = async () => {
    const start = performance.now();
    await refreshLiveSnapshot(db, SHOP);
    refreshTimes.push(performance.now() - start);
    refreshedAt = Date.now();
  };
  // Views as merchants get them: the worker keeps the snapshot young (here: refreshed, untimed,
  // whenever it is older than LIVE_REFRESH_AFTER_MS, as the job a view enqueues would).
  const timedViews = async (into: number[], days: number) => {
    await refresh();
    for (let i = 0; i < 10; i++) await loadDashboard(db, SHOP, { days });
    for (let i = 0; i < RUNS; i++) {
      if (Date.now() - refreshedAt > LIVE_REFRESH_AFTER_MS - 1_000) await refresh();
      const start = performance.now();
      await loadDashboard(db, SHOP, { days });
      into.push(performance.now() - start);
    }
  };
  const timings: Record<string, number[]> = { 30: [], 365: [] };
  for (const daysParam of [30, 365]) await timedViews(timings[daysParam], daysParam);
  // No snapshot (a shop's first view, or the worker stopped for more than ten minutes): the view
  // aggregates the live days itself, as every view did before the snapshot.
  const noSnapshot: Record<string, number[]> = { 30: [], 365: [] };
  for (const daysParam of [30, 365]) {
    for (let i = 0; i < Math.min(RUNS, 50); i++) {
      await db.rollupState.update({ where: { shopId: SHOP }, data: { liveAt: null } });
      const start = performance.now();
      await loadDashboard(db, SHOP, { days: daysParam });
      noSnapshot[daysParam].push(performance.now() - start);
    }
  }
  await db.job.deleteMany({ where: { shopId: SHOP } });
  // After UTC midnight, before the job ran: the stored ranking is for periods ending yesterday.
  const state = await db.rollupState.findUniqueOrThrow({ where: { shopId: SHOP } });
  await db.rollupState.update({ where: { shopId: SHOP }, data: { topDay: new Date(state.topDay!.getTime() - 86_400_000) } });
  const dayOld: Record<string, number[]> = { 30: [], 365: [] };
  for (const daysParam of [30, 365]) await timedViews(dayOld[daysParam], daysParam);
  await db.rollupState.update({ where: { shopId: SHOP }, data: { topDay: state.topDay } });
  // The full live ranking (what the loader did when the stored ranking was not today's) (first visit of a UTC day before the job ran).
  const fallback: Record<string, number[]> = { 30: [], 365: [] };
  for (const daysParam of [30, 365]) {
    for (let i = 0; i < 10; i++) {
      const start = performance.now();
      await rankAdvocates(db, SHOP, periodsEndingOn(new Date(), daysParam).current, 5);
      fallback[daysParam].push(performance.now() - start);
    }
  }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
  const result = {
    machine: machine(),
    referrals: seeded.referrals,
    clicks: seeded.referrals * 2,
    seedSeconds: seeded.seedSeconds,
    rollupBackfill: seeded.rollupBackfill,
    rollupIncrementalSeconds: seeded.rollupIncrementalSeconds,
    seededAt: seeded.seededAt,
    dashboard: Object.fromEntries(Object.entries(timings).map(([d, xs]) => [`${d}d`, { runs: xs.length, p50Ms: +pct(xs, 50).toFixed(1), p95Ms: +pct(xs, 95).toFixed(1), maxMs: +Math.max(...xs).toFixed(1) }])),
    dashboardNoSnapshot: Object.fromEntries(Object.entries(noSnapshot).map(([d, xs]) => [`${d}d`, { runs: xs.length, p50Ms: +pct(xs, 50).toFixed(1), p95Ms: +pct(xs, 95).toFixed(1), maxMs: +Math.max(...xs).toFixed(1) }])),
    liveRefreshJob: { runs: refreshTimes.length, p50Ms: +pct(refreshTimes, 50).toFixed(1), p95Ms: +pct(refreshTimes, 95).toFixed(1), maxMs: +Math.max(...refreshTimes).toFixed(1) },
    dashboardRankingDayOld: Object.fromEntries(Object.entries(dayOld).map(([d, xs]) => [`${d}d`, { runs: xs.length, p50Ms: +pct(xs, 50).toFixed(1), p95Ms: +pct(xs, 95).toFixed(1), maxMs: +Math.max(...xs).toFixed(1) }])),
    liveRankingFallback: Object.fromEntries(Object.entries(fallback).map(([d, xs]) => [`${d}d`, { runs: xs.length, p50Ms: +pct(xs, 50).toFixed(1), maxMs: +Math.max(...xs).toFixed(1) }])),
  };
  console.log(JSON.stringify(result, null, 2));
  record(OUT, result);
}
