// Loads the dashboard for one shop and period: the rollup tables for the days the job has
// settled (bounded by the number of days, not of referrals), the newest days from the live
// snapshot a job keeps (live-snapshot.server.ts: an order shows within seconds of its job), and
// the ten newest referrals. No view aggregates raw rows unless the snapshot is missing or old.
import type { DbClient } from "../db.server";
import { eventNow } from "../lib/clock.server";
import { dailyTrend, periodsEndingOn, PERIOD_DAYS, refundedInFull, sumPeriod, type Period, type PeriodTotals, type StatRow, type TrendPoint } from "./dashboard";
import { LIVE_REFRESH_AFTER_MS, liveFromDay, rankedByJob, requestLiveRefresh, usableSnapshot } from "./live-snapshot.server";
import { liveDayTotals, rankAdvocates, TOP_ADVOCATES_KEPT, topAdvocatesWithLiveDays } from "./rollup.server";

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
  /** Its order was refunded in full (refundedInFull): the reward was taken back and it is not counted. */
  refundedInFull: boolean;
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
  /** Days from this one on are counted live: from the raw rows as of `computedAt` (the job's snapshot, or this view). */
  liveFrom: Date;
  computedAt: Date;
}

export { PERIOD_DAYS } from "./dashboard";
export { rankAdvocates, TOP_ADVOCATES_KEPT } from "./rollup.server";

/**
 * `today` defaults to the app's clock (lib/clock.server.ts `eventNow`): the day the app dates
 * orders and rewards by, so a reward issued after the sandbox's clock was moved shows in the
 * period ending on that day. In production it is the system clock.
 */
export async function loadDashboard(db: DbClient, shop: string, options: { days: number; today?: Date; topLimit?: number }): Promise<Dashboard> {
  const today = options.today ?? (await eventNow());
  const { current, previous } = periodsEndingOn(today, options.days);
  const topLimit = options.topLimit ?? 5;
  const computedAt = new Date();
  const state = await db.rollupState.findUnique({ where: { shopId: shop } });
  const liveFrom = liveFromDay(today, state?.watermark ?? null);
  // The live part as the job last computed it (one row, already read), when this view may show it.
  const snapshot = usableSnapshot(state, today, liveFrom);
  const isDashboardPeriod = (PERIOD_DAYS as readonly number[]).includes(options.days) && topLimit <= TOP_ADVOCATES_KEPT;
  const snapshotTop = isDashboardPeriod ? snapshot?.top?.[options.days] : undefined;
  // Top advocates: the job's ranking names the candidates (with today's most active), each with
  // its exact total; the page ranks the whole period itself only when the job has not (or not
  // since yesterday) ranked the shop.
  const topNow = () =>
    rankedByJob(state?.topDay, today) && isDashboardPeriod
      ? topAdvocatesWithLiveDays(db, shop, [{ periodDays: options.days, from: current.from }], { from: liveFrom, to: current.to }, topLimit).then((m) => m.get(options.days) ?? [])
      : rankAdvocates(db, shop, current, topLimit);
  const [shopRow, rows, live, top, recent, anyClick] = await Promise.all([
    db.shop.findUnique({ where: { id: shop }, select: { currencyCode: true } }),
    db.dailyStat.findMany({ where: { shopId: shop, day: { gte: previous.from, lt: liveFrom } }, orderBy: { day: "asc" } }),
    snapshot ? snapshot.days.filter((d) => d.day >= liveFrom) : liveDayTotals(db, shop, liveFrom, current.to),
    snapshotTop ? snapshotTop.slice(0, topLimit) : topNow(),
    db.referral.findMany({
      where: { shopId: shop },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 10,
      select: { id: true, status: true, createdAt: true, orderTotalMinor: true, orderSubtotalMinor: true, refundedMinor: true, orderCurrency: true, advocate: { select: { code: true } } },
    }),
    db.referralClick.findFirst({ where: { shopId: shop }, select: { id: true } }),
  ]);
  // A missing or ageing snapshot: the job computes a new one for the next view.
  if (!snapshot || Date.now() - snapshot.computedAt.getTime() > LIVE_REFRESH_AFTER_MS) await requestLiveRefresh(db, shop, { windowMs: LIVE_REFRESH_AFTER_MS, at: "now" });
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
    recentReferrals: recent.map((r) => ({
      id: r.id,
      advocateCode: r.advocate.code,
      status: r.status,
      createdAt: r.createdAt,
      orderTotalMinor: r.orderTotalMinor,
      orderCurrency: r.orderCurrency,
      refundedInFull: refundedInFull(r),
    })),
    hasActivity: recent.length > 0 || !!anyClick,
    rolledUpAt: state?.updatedAt ?? null,
    liveFrom,
    computedAt: snapshot?.computedAt ?? computedAt,
  };
}
