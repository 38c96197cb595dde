// Turns a Dashboard into the plain, JSON-safe view the admin page renders: money formatted in
// the shop currency (Intl.NumberFormat via formatMoney), rates as percentages, changes signed.
import { formatMoney } from "../program/program-text";
import { change } from "./dashboard";
import type { Dashboard } from "./dashboard.server";

export interface Metric {
  label: string;
  value: string;
  previous: string;
  /** e.g. "+25%", null when there is nothing to compare with. */
  change: string | null;
  tone: "success" | "critical" | "subdued";
  help: string;
}

const percent = (v: number | null, digits = 1) => (v == null ? "–" : new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: digits }).format(v));
const count = (v: number) => new Intl.NumberFormat("en").format(v);

function signed(v: number | null): string | null {
  if (v == null) return null;
  const text = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 0, signDisplay: "exceptZero" }).format(v);
  return text;
}

/** "+12% vs all orders": how referred orders compare with every paid order of the same period. */
function versusAll(referred: bigint | null, all: bigint | null): string {
  if (referred == null || all == null || all === 0n) return "No paid orders received yet to compare with";
  const delta = change(referred, all);
  return delta === 0 ? "Same as all orders" : `${signed(delta)} vs all orders`;
}

const hhmm = (d: Date) => d.toISOString().slice(11, 16);

/** How fresh the numbers are: the newest days are counted live, older ones by the rollup job. */
export function freshness(d: Pick<Dashboard, "liveFrom" | "computedAt" | "rolledUpAt" | "period">): string {
  const today = d.period.to.getTime() - 86_400_000;
  const liveDays = d.liveFrom.getTime() < today ? "Yesterday and today are" : "Today is";
  const earlier = d.rolledUpAt ? `earlier days as of ${hhmm(d.rolledUpAt)} UTC` : "earlier days once the first summary has run (within minutes)";
  return `${liveDays} counted live, as of ${hhmm(d.computedAt)} UTC; ${earlier}.`;
}

export function dashboardView(d: Dashboard) {
  const money = (minor: bigint | null) => (minor == null ? "–" : formatMoney(minor, d.currency));
  const { current: c, previous: p } = d;
  const metric = (label: string, value: string, previous: string, delta: number | null, help: string, upIsGood = true): Metric => ({
    label,
    value,
    previous,
    change: signed(delta),
    tone: delta == null || delta === 0 ? "subdued" : delta > 0 === upIsGood ? "success" : "critical",
    help,
  });
  const rateDelta = (a: number | bigint | null, b: number | bigint | null) => (a == null || b == null ? null : change(a, b));
  const costNow = c.rewardCostMinor;
  const costBefore = p.rewardCostMinor;
  return {
    currency: d.currency,
    hasActivity: d.hasActivity,
    rolledUpAt: d.rolledUpAt?.toISOString() ?? null,
    freshness: freshness(d),
    period: { from: d.period.from.toISOString().slice(0, 10), to: new Date(d.period.to.getTime() - 1).toISOString().slice(0, 10) },
    metrics: [
      metric("Link clicks", count(c.clicks), count(p.clicks), change(c.clicks, p.clicks), "Visits through advocates' links"),
      metric("Claims", count(c.claims), count(p.claims), change(c.claims, p.claims), "Friends who claimed the offer or were referred"),
      metric("Referred orders", count(c.orders), count(p.orders), change(c.orders, p.orders), "Paid first orders from referred friends, not counting orders refunded in full"),
      metric(
        "Referred revenue",
        money(c.revenueMinor),
        money(p.revenueMinor),
        change(c.revenueMinor, p.revenueMinor),
        "What referred orders brought in: order totals less refunds (orders refunded in full count nothing)",
      ),
      metric("Reward cost", money(costNow), money(costBefore), change(costNow, costBefore), `${money(c.rewardIssuedMinor)} advocate rewards issued, ${money(c.rewardPendingMinor)} pending, ${money(c.friendDiscountMinor)} friends' discounts used`, false),
      metric("ROI", c.roi == null ? "–" : percent(c.roi, 0), p.roi == null ? "–" : percent(p.roi, 0), rateDelta(c.roi, p.roi), "(revenue − reward cost) ÷ reward cost"),
      metric(
        "Average referred order",
        money(c.averageOrderMinor),
        money(p.averageOrderMinor),
        rateDelta(c.averageOrderMinor, p.averageOrderMinor),
        versusAll(c.averageOrderMinor, c.allAverageOrderMinor),
      ),
      metric(
        "Average order, all orders",
        money(c.allAverageOrderMinor),
        money(p.allAverageOrderMinor),
        rateDelta(c.allAverageOrderMinor, p.allAverageOrderMinor),
        `${count(c.allOrders)} paid ${c.allOrders === 1 ? "order" : "orders"}, referred or not, received by the app (since it was installed), before refunds`,
      ),
    ],
    funnel: [
      { step: "Click → claim", value: percent(c.clickToClaim), previous: percent(p.clickToClaim) },
      { step: "Claim → order", value: percent(c.claimToOrder), previous: percent(p.claimToOrder) },
      { step: "Click → order", value: percent(c.clickToOrder), previous: percent(p.clickToOrder) },
      { step: "Average referred order", value: money(c.averageOrderMinor), previous: money(p.averageOrderMinor) },
      { step: "Average order, all orders", value: money(c.allAverageOrderMinor), previous: money(p.allAverageOrderMinor) },
    ],
    trend: d.trend,
    topAdvocates: d.topAdvocates.map((a) => ({ id: a.advocateId, code: a.code, email: a.email, claims: a.claims, orders: a.orders, revenue: money(a.revenueMinor) })),
    recentReferrals: d.recentReferrals.map((r) => ({
      id: r.id,
      advocateCode: r.advocateCode,
      // Refunded in full after it qualified: its reward was taken back, so it reads as refunded.
      status: r.refundedInFull && r.status !== "rejected" && r.status !== "cancelled" ? "refunded" : r.status,
      createdAt: r.createdAt.toISOString(),
      orderTotal: r.orderTotalMinor == null || !r.orderCurrency ? null : formatMoney(r.orderTotalMinor, r.orderCurrency),
    })),
  };
}
