// Loads the dashboard for one shop and period: the rollup tables for the days the job has
// settled (bounded by the number of days, not of referrals), the newest days read live from the
// raw rows (so an order shows as soon as its job has run), and the ten newest referrals.
import type { DbClient } from "../db.server";
import { dailyTrend, periodsEndingOn, PERIOD_DAYS, sumPeriod, type Period, type PeriodTotals, type StatRow, type TrendPoint } from "./dashboard";
import { liveDayTotals, rankAdvocates, startOfUtcDay, TOP_ADVOCATES_KEPT, topAdvocatesWithLiveDays } from "./rollup.server";

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
  /** When the rollup job last ran for the shop (days before liveFrom are as of then). */
  rolledUpAt: Date | null;
  /** Days from this one on are read live from the raw rows at `computedAt`. */
  liveFrom: Date;
  computedAt: Date;
}

export { PERIOD_DAYS } from "./dashboard";
export { rankAdvocates, TOP_ADVOCATES_KEPT } from "./rollup.server";

const DAY_MS = 86_400_000;

/**
 * The first day read live: the day of the job's watermark (rows changed since may touch it),
 * never more than yesterday back, so a failing job does not make every visit aggregate days.
 */
function liveFromDay(today: Date, watermark: Date | null): Date {
  const day = startOfUtcDay(today);
  if (!watermark) return day;
  const wm = startOfUtcDay(watermark).getTime();
  return new Date(Math.min(day.getTime(), Math.max(wm, day.getTime() - DAY_MS)));
}

export async function loadDashboard(db: DbClient, shop: string, options: { days: number; today?: Date; topLimit?: number }): Promise<Dashboard> {
  const today = options.today ?? new Date();
  const { current, previous } = periodsEndingOn(today, options.days);
  const topLimit = options.topLimit ?? 5;
  const computedAt = new Date();
  const state = await db.rollupState.findUnique({ where: { shopId: shop } });
  const liveFrom = liveFromDay(today, state?.watermark ?? null);
  // The job's ranking for periods ending today, or yesterday (after UTC midnight, before it ran).
  const rankedDaysAgo = state?.topDay ? (startOfUtcDay(today).getTime() - state.topDay.getTime()) / DAY_MS : null;
  const rankedByJob = (rankedDaysAgo === 0 || rankedDaysAgo === 1) && (PERIOD_DAYS as readonly number[]).includes(options.days) && topLimit <= TOP_ADVOCATES_KEPT;
  // Top advocates: the job's ranking names the candidates (with today's most active), each with
  // its exact total; the page ranks the whole period itself only when the job has not (or not
  // since yesterday) ranked the shop.
  const [shopRow, rows, live, top, recent, anyClick] = await Promise.all([
    db.shop.findUnique({ where: { id: shop }, select: { currencyCode: true } }),
    db.dailyStat.findMany({ where: { shopId: shop, day: { gte: previous.from, lt: liveFrom } }, orderBy: { day: "asc" } }),
    liveDayTotals(db, shop, liveFrom, current.to),
    rankedByJob ? topAdvocatesWithLiveDays(db, shop, options.days, current, liveFrom, topLimit) : rankAdvocates(db, shop, current, topLimit),
    db.referral.findMany({
      where: { shopId: shop },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 10,
      select: { id: true, status: true, createdAt: true, orderTotalMinor: true, orderCurrency: true, advocate: { select: { code: true } } },
    }),
    db.referralClick.findFirst({ where: { shopId: shop }, select: { id: true } }),
  ]);
  const advocates = await db.advocate.findMany({ where: { shopId: shop, id: { in: top.map((t) => t.advocateId) } }, select: { id: true, code: true, email: true } });
  const byId = new Map(advocates.map((a) => [a.id, a]));
  const stats: StatRow[] = [
    ...rows.map((r) => ({ ...r, revenueMinor: BigInt(r.revenueMinor), rewardIssuedMinor: BigInt(r.rewardIssuedMinor), rewardPendingMinor: BigInt(r.rewardPendingMinor), allRevenueMinor: BigInt(r.allRevenueMinor), friendDiscountMinor: BigInt(r.friendDiscountMinor) })),
    ...live,
  ];
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
    hasActivity: recent.length > 0 || !!anyClick,
    rolledUpAt: state?.updatedAt ?? null,
    liveFrom,
    computedAt,
  };
}
