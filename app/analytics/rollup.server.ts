// Daily rollups behind the dashboard. A UTC day's rows are recomputed from the raw rows of that
// day (never incremented), so recomputing is idempotent and any late change (a refund, a
// reversed reward) is picked up by re-running the day. Each run of consecutive days is
// recomputed with one GROUP BY pass per table (a year's backfill is a handful of statements).
// The job finds the days to recompute from rows changed since the shop's watermark, then stores
// each dashboard period's top advocates (TopAdvocateStat) so the dashboard never aggregates them.
import { clientKind, dialectSql, withSqliteBusyRetry, type DatabaseKind, type Db, type DbClient, type Prisma } from "../db.server";
import { PERIOD_DAYS, periodsEndingOn, type Period, type StatRow } from "./dashboard";

const DAY_MS = 86_400_000;
/** Rows written by transactions still open when a run starts may carry an older updatedAt. */
const WATERMARK_SLACK_MS = 5 * 60_000;

export function startOfUtcDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

/** One UTC day's totals (a dashboard row without its day). */
export type DayTotals = Omit<StatRow, "day">;


/**
 * SQL for the UTC day of a timestamp column, as the value stored in a DateTime column
 * (PostgreSQL: a timestamp; SQLite: Prisma's ISO text, always written in UTC).
 */
function dayExpr(kind: DatabaseKind, column: string): string {
  return kind === "postgresql" ? `date_trunc('day', ${column})` : `substr(${column}, 1, 10) || 'T00:00:00.000+00:00'`;
}

/** The UTC day of a timestamp column as `YYYY-MM-DD` text. */
function dayKeyExpr(kind: DatabaseKind, column: string): string {
  return kind === "postgresql" ? `to_char(${column}, 'YYYY-MM-DD')` : `substr(${column}, 1, 10)`;
}

/**
 * A reward amount column in the shop's currency: an advocate's credit issued in the currency
 * they shop in keeps its shop-currency amount (shopAmountMinor, for the gross converted
 * amount = amountMinor + deductedMinor), so the same share of it is counted.
 */
function inShopCurrency(amount: string): string {
  return `CASE WHEN "shopAmountMinor" IS NULL THEN ${amount} ELSE "shopAmountMinor" * (${amount}) / ("amountMinor" + "deductedMinor") END`;
}

const dayOfKey = (key: unknown) => new Date(`${String(key)}T00:00:00Z`);
const int = (v: unknown) => Number(v ?? 0);
const big = (v: unknown) => BigInt(String(v ?? 0));

/**
 * Recomputes the shop's rollup rows for every UTC day in [from, to) from the raw tables: one
 * GROUP BY pass per table over the whole range (index ranges on shopId + the timestamp), not one
 * query per day, so a year's backfill costs a handful of statements. Replaces the range's rows
 * atomically.
 */
export async function rollupRange(db: DbClient, shopId: string, from: Date, to: Date): Promise<void> {
  const gte = startOfUtcDay(from);
  const lt = startOfUtcDay(new Date(to.getTime() + DAY_MS - 1));
  if (lt <= gte) return;
  const kind = clientKind(db);
  const sql = (text: string) => dialectSql(db, text);
  const write = async (tx: Prisma.TransactionClient) => {
    await tx.advocateDailyStat.deleteMany({ where: { shopId, day: { gte, lt } } });
    await tx.dailyStat.deleteMany({ where: { shopId, day: { gte, lt } } });
    // Per advocate and day: claims by createdAt, live orders and their revenue by orderedAt.
    const id = kind === "postgresql" ? `gen_random_uuid()::text` : `lower(hex(randomblob(16)))`;
    await tx.$executeRawUnsafe(
      sql(`INSERT INTO "AdvocateDailyStat" ("id", "shopId", "advocateId", "day", "claims", "orders", "revenueMinor")
        SELECT ${id}, $1, "advocateId", "d", SUM("c"), SUM("o"), SUM("rev")
        FROM (${advocateDaysSql(kind)}) "x"
        GROUP BY "advocateId", "d"`),
      shopId,
      gte,
      lt,
    );
    const byDay = await dayTotals(tx, kind, shopId, gte, lt, "rollup");
    const rows = [...byDay]
      .filter(([, t]) => t.clicks || t.claims || t.orders || t.rewardIssuedMinor || t.rewardPendingMinor || t.allOrders)
      .map(([k, t]) => ({ shopId, day: dayOfKey(k), ...t }));
    if (rows.length > 0) await tx.dailyStat.createMany({ data: rows });
  };
  // Inside a caller's transaction already, or open one so the range's rows are replaced atomically.
  await withSqliteBusyRetry(db, () => ("$transaction" in db ? (db as Db).$transaction(write, { timeout: 30 * 60_000, maxWait: 60_000 }) : write(db)));
}

/**
 * A referral refunded in full, in SQL: its refunds reach the order's subtotal, the base of its
 * rewards, so the ledger has taken them back (rewards/reward-amounts.ts). Same rule as
 * `refundedInFull` in dashboard.ts.
 */
const REFUNDED_IN_FULL = `("refundedMinor" > 0 AND "refundedMinor" >= COALESCE("orderSubtotalMinor", "orderTotalMinor", 0))`;
/** What the shop kept of a referred order: its total less refunds, never below zero. */
const KEPT_MINOR = `CASE WHEN COALESCE("orderTotalMinor", 0) > "refundedMinor" THEN COALESCE("orderTotalMinor", 0) - "refundedMinor" ELSE 0 END`;

/**
 * The SELECT behind AdvocateDailyStat: per advocate and UTC day, claims by createdAt; by
 * orderedAt, the referred orders neither rejected, cancelled nor refunded in full, and what the
 * shop kept of them (referred revenue is net of refunds).
 */
function advocateDaysSql(kind: DatabaseKind, advocateFilter = ""): string {
  const live = `"status" NOT IN ('rejected', 'cancelled') AND NOT ${REFUNDED_IN_FULL}`;
  return `SELECT "advocateId", ${dayExpr(kind, `"createdAt"`)} AS "d", 1 AS "c", 0 AS "o", 0 AS "rev"
      FROM "Referral" WHERE "shopId" = $1 AND "createdAt" >= $2 AND "createdAt" < $3${advocateFilter}
    UNION ALL
    SELECT "advocateId", ${dayExpr(kind, `"orderedAt"`)}, 0, 1, ${KEPT_MINOR}
      FROM "Referral" WHERE "shopId" = $1 AND "orderedAt" >= $2 AND "orderedAt" < $3 AND ${live}${advocateFilter}`;
}

/**
 * Per-day totals of the shop for [gte, lt) from the raw tables, keyed `YYYY-MM-DD`. Claims and
 * orders come from the AdvocateDailyStat rows just written (`rollup`, inside rollupRange's
 * transaction) or straight from Referral (`raw`, the dashboard's live days): the same numbers.
 */
async function dayTotals(db: DbClient | Prisma.TransactionClient, kind: DatabaseKind, shopId: string, gte: Date, lt: Date, referrals: "rollup" | "raw"): Promise<Map<string, DayTotals>> {
  const sql = (text: string) => dialectSql(db, text);
  const where = (column: string) => `"shopId" = $1 AND ${column} >= $2 AND ${column} < $3`;
  const query = (text: string) => db.$queryRawUnsafe<Record<string, unknown>[]>(sql(text), shopId, gte, lt);
  // A click counts as claimed when its visitor (same advocate and IP hash) claimed at or after it
  // the same UTC day; each click once, however many claims followed. The claim is in the same
  // range as the click, said explicitly so the claims side is an index range too (not every
  // referral of each clicking advocate).
  const sameDayAfter =
    kind === "postgresql"
      ? `"r"."createdAt" >= "c"."createdAt" AND "r"."createdAt" < date_trunc('day', "c"."createdAt") + interval '1 day'`
      : `"r"."createdAt" >= "c"."createdAt" AND substr("r"."createdAt", 1, 10) = substr("c"."createdAt", 1, 10)`;
  const [referralRows, clicks, claimedClicks, issued, pending, allOrders] = await Promise.all([
    referrals === "rollup"
      ? query(`SELECT ${dayKeyExpr(kind, `"day"`)} AS "k", SUM("claims") AS "claims", SUM("orders") AS "orders", CAST(SUM("revenueMinor") AS TEXT) AS "revenue"
          FROM "AdvocateDailyStat" WHERE ${where(`"day"`)} GROUP BY "k"`)
      : query(`SELECT ${dayKeyExpr(kind, `"d"`)} AS "k", SUM("c") AS "claims", SUM("o") AS "orders", CAST(SUM("rev") AS TEXT) AS "revenue"
          FROM (${advocateDaysSql(kind)}) "x" GROUP BY "k"`),
    query(`SELECT ${dayKeyExpr(kind, `"createdAt"`)} AS "k", COUNT(*) AS "n" FROM "ReferralClick" WHERE ${where(`"createdAt"`)} GROUP BY "k"`),
    query(`SELECT ${dayKeyExpr(kind, `"c"."createdAt"`)} AS "k", COUNT(*) AS "n" FROM "ReferralClick" "c"
      WHERE "c"."shopId" = $1 AND "c"."createdAt" >= $2 AND "c"."createdAt" < $3 AND "c"."ipHash" IS NOT NULL
        AND EXISTS (SELECT 1 FROM "Referral" "r" WHERE "r"."shopId" = $1 AND "r"."createdAt" >= $2 AND "r"."createdAt" < $3
          AND "r"."advocateId" = "c"."advocateId" AND "r"."ipHash" = "c"."ipHash" AND ${sameDayAfter})
      GROUP BY "k"`),
    query(`SELECT ${dayKeyExpr(kind, `"issuedAt"`)} AS "k", CAST(SUM(${inShopCurrency(`"amountMinor" - "reversedMinor"`)}) AS TEXT) AS "v"
      FROM "Reward" WHERE ${where(`"issuedAt"`)} AND "recipient" = 'advocate' AND "status" IN ('issued', 'reversed') GROUP BY "k"`),
    query(`SELECT ${dayKeyExpr(kind, `"createdAt"`)} AS "k", CAST(SUM(${inShopCurrency(`"amountMinor"`)}) AS TEXT) AS "v"
      FROM "Reward" WHERE ${where(`"createdAt"`)} AND "recipient" = 'advocate' AND "status" IN ('pending', 'held', 'issuing') GROUP BY "k"`),
    // Every paid order the app heard of (referred or not), on its creation day like referred orders.
    query(`SELECT ${dayKeyExpr(kind, `"orderedAt"`)} AS "k", COUNT(*) AS "n", CAST(SUM("totalMinor") AS TEXT) AS "v", CAST(SUM("friendDiscountMinor") AS TEXT) AS "fd"
      FROM "PaidOrder" WHERE ${where(`"orderedAt"`)} AND NOT "cancelled" GROUP BY "k"`),
  ]);
  const byDay = new Map<string, DayTotals>();
  const day = (k: unknown) => {
    const key = String(k);
    let totals = byDay.get(key);
    if (!totals) byDay.set(key, (totals = { clicks: 0, claimedClicks: 0, claims: 0, orders: 0, revenueMinor: 0n, rewardIssuedMinor: 0n, rewardPendingMinor: 0n, allOrders: 0, allRevenueMinor: 0n, friendDiscountMinor: 0n }));
    return totals;
  };
  for (const r of referralRows) Object.assign(day(r.k), { claims: int(r.claims), orders: int(r.orders), revenueMinor: big(r.revenue) });
  for (const r of clicks) day(r.k).clicks = int(r.n);
  for (const r of claimedClicks) day(r.k).claimedClicks = int(r.n);
  for (const r of issued) day(r.k).rewardIssuedMinor = big(r.v);
  for (const r of pending) day(r.k).rewardPendingMinor = big(r.v);
  for (const r of allOrders) Object.assign(day(r.k), { allOrders: int(r.n), allRevenueMinor: big(r.v), friendDiscountMinor: big(r.fd) });
  return byDay;
}

/** The shop's per-day totals for [from, to) read live from the raw tables (not stored): the dashboard's newest days. */
export async function liveDayTotals(db: DbClient, shopId: string, from: Date, to: Date): Promise<(DayTotals & { day: Date })[]> {
  const byDay = await dayTotals(db, clientKind(db), shopId, from, to, "raw");
  return [...byDay].map(([k, t]) => ({ day: dayOfKey(k), ...t }));
}

export interface AdvocateTotals {
  advocateId: string;
  claims: number;
  orders: number;
  revenueMinor: bigint;
}

/**
 * Each period's top advocates now, in one statement: the live days [liveFrom, liveTo) are
 * aggregated per advocate once (materialized) for every period asked. A period's candidates are
 * the job's stored ranking for its length plus the ten best of the live days; each candidate's
 * total is its AdvocateDailyStat days from the period's start to liveFrom plus its live days.
 * Bounded by today's referrals and ≤ 20 advocates' days per period, not by the history.
 */
export async function topAdvocatesWithLiveDays(
  db: DbClient,
  shopId: string,
  periods: readonly { periodDays: number; from: Date }[],
  live: Period,
  limit: number,
): Promise<Map<number, AdvocateTotals[]>> {
  const result = new Map<number, AdvocateTotals[]>(periods.map((p) => [p.periodDays, []]));
  if (periods.length === 0) return result;
  const kind = clientKind(db);
  const order = `"revenue" DESC, "orders" DESC, "claims" DESC, "a" ASC`;
  const ranked = periods.map((p, i) => {
    const days = Math.floor(p.periodDays);
    return `SELECT * FROM (
        SELECT ${days} AS "p", "a", "claims", "orders", CAST("revenue" AS TEXT) AS "revenueText", "revenue" FROM (
          SELECT "cand"."advocateId" AS "a", COALESCE("rolled"."c", 0) + COALESCE("live"."c", 0) AS "claims",
            COALESCE("rolled"."o", 0) + COALESCE("live"."o", 0) AS "orders", COALESCE("rolled"."rev", 0) + COALESCE("live"."rev", 0) AS "revenue"
          FROM (SELECT "advocateId" FROM "TopAdvocateStat" WHERE "shopId" = $1 AND "periodDays" = ${days} UNION SELECT "advocateId" FROM "best") "cand"
          LEFT JOIN (
            SELECT "advocateId", SUM("claims") AS "c", SUM("orders") AS "o", SUM("revenueMinor") AS "rev" FROM "AdvocateDailyStat"
            WHERE "shopId" = $1 AND "day" >= $${4 + i} AND "day" < $2
              AND "advocateId" IN (SELECT "advocateId" FROM "TopAdvocateStat" WHERE "shopId" = $1 AND "periodDays" = ${days} UNION SELECT "advocateId" FROM "best")
            GROUP BY "advocateId"
          ) "rolled" ON "rolled"."advocateId" = "cand"."advocateId"
          LEFT JOIN "live" ON "live"."advocateId" = "cand"."advocateId"
        ) "t" WHERE "claims" > 0 OR "orders" > 0
        ORDER BY ${order} LIMIT ${Math.max(1, Math.floor(limit))}
      ) "r${i}"`;
  });
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    dialectSql(
      db,
      `WITH "live" AS MATERIALIZED (
          SELECT "advocateId", SUM("c") AS "c", SUM("o") AS "o", SUM("rev") AS "rev" FROM (${advocateDaysSql(kind)}) "x" GROUP BY "advocateId"
        ), "best" AS MATERIALIZED (
          SELECT "advocateId" FROM "live" ORDER BY "rev" DESC, "o" DESC, "c" DESC, "advocateId" ASC LIMIT ${TOP_ADVOCATES_KEPT}
        )
        SELECT "p", "a", "claims", "orders", "revenueText" FROM (${ranked.join("\n        UNION ALL\n        ")}) "all"
        ORDER BY "p", ${order}`,
    ),
    shopId,
    live.from,
    live.to,
    ...periods.map((p) => p.from),
  );
  for (const r of rows) result.get(int(r.p))?.push({ advocateId: String(r.a), claims: int(r.claims), orders: int(r.orders), revenueMinor: big(r.revenueText) });
  return result;
}

/** How many top advocates the rollup job keeps per period (TopAdvocateStat). */
export const TOP_ADVOCATES_KEPT = 10;

/**
 * The period's top advocates aggregated from AdvocateDailyStat (one row per advocate and active
 * day: up to ~1M rows for a busy shop's year). The rollup job stores this ranking per period in
 * TopAdvocateStat; the dashboard ranks this way itself only before the job's first ranking.
 */
export async function rankAdvocates(db: DbClient, shop: string, period: Period, limit: number): Promise<AdvocateTotals[]> {
  const rows = await db.advocateDailyStat.groupBy({
    by: ["advocateId"],
    where: { shopId: shop, day: { gte: period.from, lt: period.to } },
    _sum: { claims: true, orders: true, revenueMinor: true },
    orderBy: [{ _sum: { revenueMinor: "desc" } }, { _sum: { orders: "desc" } }, { _sum: { claims: "desc" } }, { advocateId: "asc" }],
    take: limit,
  });
  return rows.map((t) => ({ advocateId: t.advocateId, claims: t._sum.claims ?? 0, orders: t._sum.orders ?? 0, revenueMinor: BigInt(t._sum.revenueMinor ?? 0n) }));
}

/** Recomputes the shop's rollup rows for the given UTC days (each run of consecutive days in one pass). */
export async function rollupDays(db: DbClient, shopId: string, days: Date[]): Promise<void> {
  const sorted = [...new Set(days.map((d) => startOfUtcDay(d).getTime()))].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + DAY_MS) j++;
    await rollupRange(db, shopId, new Date(sorted[i]), new Date(sorted[j] + DAY_MS));
    i = j + 1;
  }
}

/** The UTC days whose numbers may have changed since `since` (DISTINCT days in SQL, not rows). */
export async function changedDays(db: DbClient, shopId: string, since: Date): Promise<Date[]> {
  const kind = clientKind(db);
  const q = (table: string, column: string, changed: string) =>
    db.$queryRawUnsafe<{ k: unknown }[]>(
      dialectSql(db, `SELECT DISTINCT ${dayKeyExpr(kind, `"${column}"`)} AS "k" FROM "${table}" WHERE "shopId" = $1 AND "${changed}" >= $2 AND "${column}" IS NOT NULL`),
      shopId,
      since,
    );
  const results = await Promise.all([
    q("ReferralClick", "createdAt", "createdAt"),
    q("Referral", "createdAt", "updatedAt"),
    q("Referral", "orderedAt", "updatedAt"),
    q("Reward", "createdAt", "updatedAt"),
    q("Reward", "issuedAt", "updatedAt"),
    q("PaidOrder", "orderedAt", "updatedAt"),
  ]);
  const days = new Set<number>();
  for (const rows of results) for (const r of rows) days.add(dayOfKey(r.k).getTime());
  return [...days].sort((a, b) => a - b).map((t) => new Date(t));
}

async function firstActivity(db: DbClient, shopId: string): Promise<Date | null> {
  const [click, referral, reward, order] = await Promise.all([
    db.referralClick.findFirst({ where: { shopId }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    db.referral.findFirst({ where: { shopId }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    db.reward.findFirst({ where: { shopId }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    db.paidOrder.findFirst({ where: { shopId }, orderBy: { orderedAt: "asc" }, select: { orderedAt: true } }),
  ]);
  const times = [click?.createdAt, referral?.createdAt, reward?.createdAt, order?.orderedAt].filter((d): d is Date => !!d).map((d) => d.getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}

/**
 * Brings one shop's rollups up to date: every day since its first activity on the first run,
 * then only the days touched by rows changed since the watermark. Returns the days recomputed.
 */
export async function rollupShop(db: DbClient, shopId: string, now: Date = new Date()): Promise<number> {
  const state = await db.rollupState.findUnique({ where: { shopId } });
  let days: Date[];
  if (!state) {
    const first = await firstActivity(db, shopId);
    // No watermark before the first activity: the first run that sees any backfills from it,
    // whatever the rows are dated (the demo dates its seeded history in the past).
    if (!first) return 0;
    days = [];
    for (let t = startOfUtcDay(first).getTime(); t <= now.getTime(); t += DAY_MS) days.push(new Date(t));
  } else {
    days = await changedDays(db, shopId, state.watermark);
  }
  await rollupDays(db, shopId, days);
  // Clicks are found by their event time and other rows by when they were written (real time):
  // the watermark must not pass either (they differ when the sandbox's clock is moved).
  const watermark = new Date(Math.min(now.getTime(), Date.now()) - WATERMARK_SLACK_MS);
  const today = startOfUtcDay(now);
  // Re-rank only when the rollups changed or the day turned (the periods moved).
  const rerank = days.length > 0 || !state?.topDay || state.topDay.getTime() !== today.getTime();
  if (rerank) await rankTopAdvocates(db, shopId, now);
  const topDay = rerank ? today : state!.topDay;
  await withSqliteBusyRetry(db, () => db.rollupState.upsert({ where: { shopId }, create: { shopId, watermark, topDay }, update: { watermark, topDay } }));
  return days.length;
}

/** Stores each dashboard period's top advocates (periods ending on `now`'s UTC day) in TopAdvocateStat. */
export async function rankTopAdvocates(db: DbClient, shopId: string, now: Date): Promise<void> {
  const ranked: Prisma.TopAdvocateStatCreateManyInput[] = [];
  for (const periodDays of PERIOD_DAYS) {
    const rows = await rankAdvocates(db, shopId, periodsEndingOn(now, periodDays).current, TOP_ADVOCATES_KEPT);
    ranked.push(...rows.map((row, i) => ({ shopId, periodDays, rank: i + 1, ...row })));
  }
  const write = async (tx: Prisma.TransactionClient) => {
    await tx.topAdvocateStat.deleteMany({ where: { shopId } });
    if (ranked.length > 0) await tx.topAdvocateStat.createMany({ data: ranked });
  };
  await withSqliteBusyRetry(db, () => ("$transaction" in db ? (db as Db).$transaction(write) : write(db)));
}

/** Rolls up every installed shop; returns the shops whose days changed. */
export async function rollupAllShops(db: DbClient, now: Date = new Date()): Promise<string[]> {
  const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { id: true } });
  const changed: string[] = [];
  for (const shop of shops) if ((await rollupShop(db, shop.id, now)) > 0) changed.push(shop.id);
  return changed;
}
