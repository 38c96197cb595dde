// Loads the dashboard for one shop and period from the rollup tables (bounded by the number of
// days, not of referrals) plus the ten newest referrals (an index range on shopId, createdAt).
import type { DbClient } from "../db.server";
import { dailyTrend, PERIOD_DAYS, periodsEndingOn, sumPeriod, type Period, type PeriodTotals, type StatRow, type TrendPoint } from "./dashboard";

export interface TopAdvocate {
  advocateId: string;
  code: string;
  email: string | null;
  claims: number;
  orders: number;
  revenueMinor: bigint;
}

export interface RecentReferral {
  id: string;
  advocateCode: string;
  status: string;
  createdAt: Date;
  orderTotalMinor: bigint | null;
  orderCurrency: string | null;
}

export interface Dashboard {
  shop: string;
  currency: string;
  period: Period;
  previousPeriod: Period;
  current: PeriodTotals;
  previous: PeriodTotals;
  trend: TrendPoint[];
  topAdvocates: TopAdvocate[];
  recentReferrals: RecentReferral[];
  /** False until the shop has any click or referral: the page shows what to do first. */
  hasActivity: boolean;
  rolledUpAt: Date | null;
}

export { PERIOD_DAYS } from "./dashboard";

/** How many top advocates the rollup job keeps per period (TopAdvocateStat). */
export const TOP_ADVOCATES_KEPT = 10;

type TopRow = { advocateId: string; claims: number; orders: number; revenueMinor: bigint };

/**
 * The period's top advocates aggregated live from AdvocateDailyStat (one row per advocate and
 * active day: up to ~1M rows for a busy shop's year). The rollup job stores this ranking per
 * period in TopAdvocateStat; the dashboard falls back to this only when that is stale.
 */
export async function rankAdvocates(db: DbClient, shop: string, period: Period, limit: number): Promise<TopRow[]> {
  const rows = await db.advocateDailyStat.groupBy({
    by: ["advocateId"],
    where: { shopId: shop, day: { gte: period.from, lt: period.to } },
    _sum: { claims: true, orders: true, revenueMinor: true },
    orderBy: [{ _sum: { revenueMinor: "desc" } }, { _sum: { orders: "desc" } }, { _sum: { claims: "desc" } }, { advocateId: "asc" }],
    take: limit,
  });
  return rows.map((t) => ({ advocateId: t.advocateId, claims: t._sum.claims ?? 0, orders: t._sum.orders ?? 0, revenueMinor: BigInt(t._sum.revenueMinor ?? 0n) }));
}

export async function loadDashboard(db: DbClient, shop: string, options: { days: number; today?: Date; topLimit?: number }): Promise<Dashboard> {
  const { current, previous } = periodsEndingOn(options.today ?? new Date(), options.days);
  const topLimit = options.topLimit ?? 5;
  const [shopRow, rows, stored, recent, state, anyReferral, anyClick] = await Promise.all([
    db.shop.findUnique({ where: { id: shop }, select: { currencyCode: true } }),
    db.dailyStat.findMany({ where: { shopId: shop, day: { gte: previous.from, lt: current.to } }, orderBy: { day: "asc" } }),
    db.topAdvocateStat.findMany({ where: { shopId: shop, periodDays: options.days }, orderBy: { rank: "asc" }, take: topLimit }),
    db.referral.findMany({
      where: { shopId: shop },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 10,
      select: { id: true, status: true, createdAt: true, orderTotalMinor: true, orderCurrency: true, advocate: { select: { code: true } } },
    }),
    db.rollupState.findUnique({ where: { shopId: shop } }),
    db.referral.findFirst({ where: { shopId: shop }, select: { id: true } }),
    db.referralClick.findFirst({ where: { shopId: shop }, select: { id: true } }),
  ]);
  // The stored ranking is exact for the rollups as of the job's last run, when it was made for
  // periods ending today; otherwise (first visit of the day before the job ran) rank live.
  const fresh =
    !!state?.topDay && state.topDay.getTime() === current.to.getTime() - 86_400_000 && (PERIOD_DAYS as readonly number[]).includes(options.days) && topLimit <= TOP_ADVOCATES_KEPT;
  const top: TopRow[] = fresh ? stored : await rankAdvocates(db, shop, current, topLimit);
  const advocates = await db.advocate.findMany({ where: { shopId: shop, id: { in: top.map((t) => t.advocateId) } }, select: { id: true, code: true, email: true } });
  const byId = new Map(advocates.map((a) => [a.id, a]));
  const stats: StatRow[] = rows.map((r) => ({ ...r, revenueMinor: BigInt(r.revenueMinor), rewardIssuedMinor: BigInt(r.rewardIssuedMinor), rewardPendingMinor: BigInt(r.rewardPendingMinor), allRevenueMinor: BigInt(r.allRevenueMinor), friendDiscountMinor: BigInt(r.friendDiscountMinor) }));
  const inPeriod = (p: Period) => stats.filter((r) => r.day >= p.from && r.day < p.to);
  return {
    shop,
    currency: shopRow?.currencyCode ?? "USD",
    period: current,
    previousPeriod: previous,
    current: sumPeriod(inPeriod(current)),
    previous: sumPeriod(inPeriod(previous)),
    trend: dailyTrend(inPeriod(current), current),
    topAdvocates: top.map((t) => ({
      advocateId: t.advocateId,
      code: byId.get(t.advocateId)?.code ?? "(removed)",
      email: byId.get(t.advocateId)?.email ?? null,
      claims: t.claims,
      orders: t.orders,
      revenueMinor: BigInt(t.revenueMinor),
    })),
    recentReferrals: recent.map((r) => ({ id: r.id, advocateCode: r.advocate.code, status: r.status, createdAt: r.createdAt, orderTotalMinor: r.orderTotalMinor, orderCurrency: r.orderCurrency })),
    hasActivity: !!anyReferral || !!anyClick,
    rolledUpAt: state?.updatedAt ?? null,
  };
}
