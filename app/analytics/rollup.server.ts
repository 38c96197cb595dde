// Daily rollups behind the dashboard. A UTC day's row is recomputed from the raw rows of that
// day (never incremented), so recomputing is idempotent and any late change (a refund, a
// reversed reward) is picked up by re-running the day. The job finds the days to recompute
// from rows changed since the shop's watermark.
import type { Db, DbClient, Prisma } from "../db.server";
import { withSqliteBusyRetry } from "../jobs/queue.server";

const DAY_MS = 86_400_000;
/** Rows written by transactions still open when a run starts may carry an older updatedAt. */
const WATERMARK_SLACK_MS = 5 * 60_000;
const LIVE_ORDER = { notIn: ["rejected", "cancelled"] };

export function startOfUtcDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

export interface DayTotals {
  clicks: number;
  claims: number;
  orders: number;
  revenueMinor: bigint;
  rewardIssuedMinor: bigint;
  rewardPendingMinor: bigint;
}

/** Recomputes the shop's rollup rows for the given UTC days from the raw tables. */
export async function rollupDays(db: DbClient, shopId: string, days: Date[]): Promise<void> {
  for (const day of days) {
    const gte = startOfUtcDay(day);
    const lt = new Date(gte.getTime() + DAY_MS);
    const range = { gte, lt };
    const [clicks, claims, orders, issued, reversed, pending, advocateClaims, advocateOrders] = await Promise.all([
      db.referralClick.count({ where: { shopId, createdAt: range } }),
      db.referral.count({ where: { shopId, createdAt: range } }),
      db.referral.aggregate({ where: { shopId, orderedAt: range, status: LIVE_ORDER }, _count: { _all: true }, _sum: { orderTotalMinor: true } }),
      db.reward.aggregate({ where: { shopId, issuedAt: range, status: { in: ["issued", "reversed"] } }, _sum: { amountMinor: true } }),
      db.reward.aggregate({ where: { shopId, issuedAt: range, status: { in: ["issued", "reversed"] } }, _sum: { reversedMinor: true } }),
      db.reward.aggregate({ where: { shopId, createdAt: range, status: { in: ["pending", "held", "issuing"] } }, _sum: { amountMinor: true } }),
      db.referral.groupBy({ by: ["advocateId"], where: { shopId, createdAt: range }, _count: { _all: true } }),
      db.referral.groupBy({ by: ["advocateId"], where: { shopId, orderedAt: range, status: LIVE_ORDER }, _count: { _all: true }, _sum: { orderTotalMinor: true } }),
    ]);
    const perAdvocate = new Map<string, { claims: number; orders: number; revenueMinor: bigint }>();
    const entry = (id: string) => perAdvocate.get(id) ?? perAdvocate.set(id, { claims: 0, orders: 0, revenueMinor: 0n }).get(id)!;
    for (const row of advocateClaims) entry(row.advocateId).claims = row._count._all;
    for (const row of advocateOrders) {
      entry(row.advocateId).orders = row._count._all;
      entry(row.advocateId).revenueMinor = BigInt(row._sum.orderTotalMinor ?? 0n);
    }
    const totals: DayTotals = {
      clicks,
      claims,
      orders: orders._count._all,
      revenueMinor: BigInt(orders._sum.orderTotalMinor ?? 0n),
      rewardIssuedMinor: BigInt(issued._sum.amountMinor ?? 0n) - BigInt(reversed._sum.reversedMinor ?? 0n),
      rewardPendingMinor: BigInt(pending._sum.amountMinor ?? 0n),
    };
    const empty = totals.clicks === 0 && totals.claims === 0 && totals.orders === 0 && totals.rewardIssuedMinor === 0n && totals.rewardPendingMinor === 0n;
    const write = async (tx: Prisma.TransactionClient) => {
      await tx.advocateDailyStat.deleteMany({ where: { shopId, day: gte } });
      if (empty) await tx.dailyStat.deleteMany({ where: { shopId, day: gte } });
      else await tx.dailyStat.upsert({ where: { shopId_day: { shopId, day: gte } }, create: { shopId, day: gte, ...totals }, update: totals });
      if (perAdvocate.size > 0) {
        await tx.advocateDailyStat.createMany({ data: [...perAdvocate].map(([advocateId, v]) => ({ shopId, advocateId, day: gte, ...v })) });
      }
    };
    // Inside a caller's transaction already, or open one so a day's rows are replaced atomically.
    await withSqliteBusyRetry(db, () => ("$transaction" in db ? (db as Db).$transaction(write) : write(db)));
  }
}

/** The UTC days whose numbers may have changed since `since`. */
export async function changedDays(db: DbClient, shopId: string, since: Date): Promise<Date[]> {
  const [clicks, referrals, rewards] = await Promise.all([
    db.referralClick.findMany({ where: { shopId, createdAt: { gte: since } }, select: { createdAt: true } }),
    db.referral.findMany({ where: { shopId, updatedAt: { gte: since } }, select: { createdAt: true, orderedAt: true } }),
    db.reward.findMany({ where: { shopId, updatedAt: { gte: since } }, select: { createdAt: true, issuedAt: true } }),
  ]);
  const days = new Set<number>();
  const add = (d: Date | null) => d && days.add(startOfUtcDay(d).getTime());
  clicks.forEach((c) => add(c.createdAt));
  referrals.forEach((r) => (add(r.createdAt), add(r.orderedAt)));
  rewards.forEach((r) => (add(r.createdAt), add(r.issuedAt)));
  return [...days].sort((a, b) => a - b).map((t) => new Date(t));
}

async function firstActivity(db: DbClient, shopId: string): Promise<Date | null> {
  const [click, referral, reward] = await Promise.all([
    db.referralClick.findFirst({ where: { shopId }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    db.referral.findFirst({ where: { shopId }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    db.reward.findFirst({ where: { shopId }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
  ]);
  const times = [click?.createdAt, referral?.createdAt, reward?.createdAt].filter((d): d is Date => !!d).map((d) => d.getTime());
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
    days = [];
    if (first) for (let t = startOfUtcDay(first).getTime(); t <= now.getTime(); t += DAY_MS) days.push(new Date(t));
  } else {
    days = await changedDays(db, shopId, state.watermark);
  }
  await rollupDays(db, shopId, days);
  const watermark = new Date(now.getTime() - WATERMARK_SLACK_MS);
  await withSqliteBusyRetry(db, () => db.rollupState.upsert({ where: { shopId }, create: { shopId, watermark }, update: { watermark } }));
  return days.length;
}

export async function rollupAllShops(db: DbClient, now: Date = new Date()): Promise<number> {
  const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { id: true } });
  let days = 0;
  for (const shop of shops) days += await rollupShop(db, shop.id, now);
  return days;
}
