// Dashboard arithmetic on rollup rows: period totals, step conversion, ROI, change vs the
// previous period, and the daily trend series. Pure, so it is table-tested without a database.

/**
 * A referred order refunded in full: its refunds reach the order's subtotal (the total when the
 * subtotal is unknown), the base its rewards were worked out on, so the ledger has taken them
 * back. Such a referral is neither a referred order nor referred revenue on the dashboard; the
 * rollup's SQL applies the same rule (REFUNDED_IN_FULL in rollup.server.ts).
 */
export function refundedInFull(order: { orderSubtotalMinor: bigint | null; orderTotalMinor: bigint | null; refundedMinor: bigint }): boolean {
  return order.refundedMinor > 0n && order.refundedMinor >= (order.orderSubtotalMinor ?? order.orderTotalMinor ?? 0n);
}

export interface StatRow {
  day: Date;
  clicks: number;
  /** Clicks whose visitor claimed later that day (each click at most once). */
  claimedClicks: number;
  claims: number;
  /** Referred orders paid and neither rejected, cancelled nor refunded in full, on the order's day. */
  orders: number;
  /** What the shop kept of those orders: their totals less refunds (referred revenue is net of refunds). */
  revenueMinor: bigint;
  /** Advocate rewards issued (less what was taken back) and still to issue. */
  rewardIssuedMinor: bigint;
  rewardPendingMinor: bigint;
  /** Every paid, not cancelled order the app received (orders/paid since install), referred or not, before refunds. */
  allOrders: number;
  allRevenueMinor: bigint;
  /** Discounts friends received through the program's codes (instant and after-order; fixed, percentage, shipping), from the orders' discount lines. */
  friendDiscountMinor: bigint;
}

/** A period's sums of its days' rows, and what follows from them. */
export interface PeriodTotals extends Omit<StatRow, "day"> {
  /** issued + pending + friend discounts: what the program cost. */
  rewardCostMinor: bigint;
  /**
   * claimed clicks / clicks (the same visitors on both sides, so never above 100 %; claims that
   * came without a click, such as a code typed at checkout, are not in it), orders / claims,
   * orders / clicks: null when the step had no input.
   */
  clickToClaim: number | null;
  claimToOrder: number | null;
  clickToOrder: number | null;
  averageOrderMinor: bigint | null;
  /** Average of every paid, not cancelled order the app received; null when it saw none in the period. */
  allAverageOrderMinor: bigint | null;
  /** (revenue − reward cost) / reward cost, with cost = rewardCostMinor; null when nothing was spent. */
  roi: number | null;
}

const DAY_MS = 86_400_000;

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

export function sumPeriod(rows: readonly StatRow[]): PeriodTotals {
  let clicks = 0;
  let claimedClicks = 0;
  let claims = 0;
  let orders = 0;
  let revenueMinor = 0n;
  let rewardIssuedMinor = 0n;
  let rewardPendingMinor = 0n;
  let allOrders = 0;
  let allRevenueMinor = 0n;
  let friendDiscountMinor = 0n;
  for (const r of rows) {
    clicks += r.clicks;
    claimedClicks += r.claimedClicks;
    claims += r.claims;
    orders += r.orders;
    revenueMinor += r.revenueMinor;
    rewardIssuedMinor += r.rewardIssuedMinor;
    rewardPendingMinor += r.rewardPendingMinor;
    allOrders += r.allOrders;
    allRevenueMinor += r.allRevenueMinor;
    friendDiscountMinor += r.friendDiscountMinor;
  }
  const cost = rewardIssuedMinor + rewardPendingMinor + friendDiscountMinor;
  return {
    clicks,
    claimedClicks,
    claims,
    orders,
    revenueMinor,
    rewardIssuedMinor,
    rewardPendingMinor,
    friendDiscountMinor,
    rewardCostMinor: cost,
    clickToClaim: ratio(claimedClicks, clicks),
    claimToOrder: ratio(orders, claims),
    clickToOrder: ratio(orders, clicks),
    averageOrderMinor: orders > 0 ? revenueMinor / BigInt(orders) : null,
    allOrders,
    allRevenueMinor,
    allAverageOrderMinor: allOrders > 0 ? allRevenueMinor / BigInt(allOrders) : null,
    roi: cost > 0n ? Number(revenueMinor - cost) / Number(cost) : null,
  };
}

/** Relative change from previous to current; null when there is nothing to compare with. */
export function change(current: number | bigint, previous: number | bigint): number | null {
  const p = Number(previous);
  return p === 0 ? null : (Number(current) - p) / Math.abs(p);
}

export interface Period {
  from: Date;
  /** Exclusive. */
  to: Date;
}

/** The `days` UTC days ending with `today` (inclusive), and the same length just before. */
export function periodsEndingOn(today: Date, days: number): { current: Period; previous: Period } {
  const to = new Date(Math.floor(today.getTime() / DAY_MS) * DAY_MS + DAY_MS);
  const from = new Date(to.getTime() - days * DAY_MS);
  return { current: { from, to }, previous: { from: new Date(from.getTime() - days * DAY_MS), to: from } };
}

export interface TrendPoint {
  day: string; // YYYY-MM-DD
  clicks: number;
  claims: number;
  orders: number;
  revenueMinor: number;
}

/** One point per day of the period, zeros for days without a rollup row. */
export function dailyTrend(rows: readonly StatRow[], period: Period): TrendPoint[] {
  const byDay = new Map(rows.map((r) => [r.day.getTime(), r]));
  const out: TrendPoint[] = [];
  for (let t = period.from.getTime(); t < period.to.getTime(); t += DAY_MS) {
    const r = byDay.get(t);
    out.push({ day: new Date(t).toISOString().slice(0, 10), clicks: r?.clicks ?? 0, claims: r?.claims ?? 0, orders: r?.orders ?? 0, revenueMinor: Number(r?.revenueMinor ?? 0n) });
  }
  return out;
}

/** The periods the dashboard and exports offer, in days. */
export const PERIOD_DAYS = [7, 30, 90, 365] as const;
