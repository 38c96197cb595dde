// The dashboard's live part (its newest days and each period's top advocates with those days
// counted), computed by a job and kept on the shop's RollupState row, so a page view reads one
// row instead of aggregating the day's raw rows (at 10 M referrals a day holds ~27,000 referrals
// and ~55,000 clicks: 150-300 ms per view). The job runs:
//   - after each order job, debounced to one per 5 s per shop (an order shows within seconds of its job; at 10 M referrals a refresh costs ~1.3 s of database time);
//   - when a view finds the snapshot older than LIVE_REFRESH_AFTER_MS (clicks and claims show
//     on the next view after that);
//   - with the recurring rollup, for every shop that has a snapshot.
// A view whose snapshot is missing, of another day, or older than LIVE_SNAPSHOT_MAX_AGE_MS (the
// worker is down) computes the live part itself, as before: the numbers are never older than that.
import type { DbClient } from "../db.server";
import { withSqliteBusyRetry } from "../db.server";
import { enqueue } from "../jobs/queue.server";
import { eventNow } from "../lib/clock.server";
import { defineJob } from "../jobs/define-job";
import { z } from "zod";
import { periodsEndingOn, PERIOD_DAYS } from "./dashboard";
import { liveDayTotals, startOfUtcDay, TOP_ADVOCATES_KEPT, topAdvocatesWithLiveDays, type AdvocateTotals, type DayTotals } from "./rollup.server";

const DAY_MS = 86_400_000;
/** A view of a snapshot older than this asks the job for a new one (and shows this one). */
export const LIVE_REFRESH_AFTER_MS = 15_000;
/** A snapshot older than this is not shown: the view computes the live part itself. */
export const LIVE_SNAPSHOT_MAX_AGE_MS = 10 * 60_000;
/** Orders handled within this window share one refresh, run at its end. */
const ORDER_REFRESH_DEBOUNCE_MS = 5_000;

export type LiveDay = DayTotals & { day: Date };

export interface LiveSnapshot {
  /** Days [from, to) are in `days`; `to` is the start of the day after the one it was computed on. */
  from: Date;
  to: Date;
  computedAt: Date;
  days: LiveDay[];
  /** Per dashboard period (days), its top advocates with the live days counted; null before the job's first ranking. */
  top: Record<number, AdvocateTotals[]> | null;
}

/**
 * The first day read live: the day of the rollup job's watermark (rows changed since may touch
 * it), never more than yesterday back, so a failing job does not make every view aggregate days.
 */
export function liveFromDay(today: Date, watermark: Date | null): Date {
  const day = startOfUtcDay(today);
  if (!watermark) return day;
  const wm = startOfUtcDay(watermark).getTime();
  return new Date(Math.min(day.getTime(), Math.max(wm, day.getTime() - DAY_MS)));
}

/** Whether the job's stored ranking (TopAdvocateStat) is for periods ending today or yesterday. */
export function rankedByJob(topDay: Date | null | undefined, today: Date): boolean {
  if (!topDay) return false;
  const daysAgo = (startOfUtcDay(today).getTime() - topDay.getTime()) / DAY_MS;
  return daysAgo === 0 || daysAgo === 1;
}

type SnapshotColumns = { liveFrom: Date | null; liveTo: Date | null; liveAt: Date | null; liveDays: string | null; liveTop: string | null };

const bigintFields = ["revenueMinor", "rewardIssuedMinor", "rewardPendingMinor", "allRevenueMinor", "friendDiscountMinor"] as const;

function encode(snapshot: LiveSnapshot): Pick<SnapshotColumns, "liveDays" | "liveTop"> {
  const json = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  return { liveDays: json(snapshot.days), liveTop: snapshot.top ? json(snapshot.top) : null };
}

/** The snapshot stored on a RollupState row, or null when there is none or it cannot be read. */
export function decodeSnapshot(row: SnapshotColumns | null): LiveSnapshot | null {
  if (!row?.liveFrom || !row.liveTo || !row.liveAt || !row.liveDays) return null;
  try {
    const days = (JSON.parse(row.liveDays) as Record<string, unknown>[]).map((d) => {
      const out = { ...d, day: new Date(String(d.day)) } as Record<string, unknown>;
      for (const f of bigintFields) out[f] = BigInt(String(d[f] ?? 0));
      return out as unknown as LiveDay;
    });
    const top = row.liveTop
      ? Object.fromEntries(
          Object.entries(JSON.parse(row.liveTop) as Record<string, Record<string, unknown>[]>).map(([period, list]) => [
            Number(period),
            list.map((t) => ({ advocateId: String(t.advocateId), claims: Number(t.claims), orders: Number(t.orders), revenueMinor: BigInt(String(t.revenueMinor)) })),
          ]),
        )
      : null;
    return { from: row.liveFrom, to: row.liveTo, computedAt: row.liveAt, days, top };
  } catch {
    return null;
  }
}

/** The stored snapshot if a view for `today` may show it: same day, covering liveFrom, not too old. */
export function usableSnapshot(row: SnapshotColumns | null, today: Date, liveFrom: Date, now: Date = new Date()): LiveSnapshot | null {
  const snapshot = decodeSnapshot(row);
  if (!snapshot) return null;
  if (snapshot.to.getTime() !== periodsEndingOn(today, 1).current.to.getTime()) return null;
  if (snapshot.from.getTime() > liveFrom.getTime()) return null;
  if (now.getTime() - snapshot.computedAt.getTime() > LIVE_SNAPSHOT_MAX_AGE_MS) return null;
  return snapshot;
}

/** Computes the shop's live part now: the live days' totals and each period's top advocates. */
export async function computeLiveSnapshot(db: DbClient, shopId: string, now: Date = new Date()): Promise<LiveSnapshot> {
  const state = await db.rollupState.findUnique({ where: { shopId }, select: { watermark: true, topDay: true } });
  const from = liveFromDay(now, state?.watermark ?? null);
  const to = periodsEndingOn(now, 1).current.to;
  const computedAt = new Date();
  const days = await liveDayTotals(db, shopId, from, to);
  let top: Record<number, AdvocateTotals[]> | null = null;
  if (rankedByJob(state?.topDay, now)) {
    const periods = PERIOD_DAYS.map((periodDays) => ({ periodDays, from: periodsEndingOn(now, periodDays).current.from }));
    top = Object.fromEntries(await topAdvocatesWithLiveDays(db, shopId, periods, { from, to }, TOP_ADVOCATES_KEPT));
  }
  return { from, to, computedAt, days, top };
}

/** Computes and stores the shop's snapshot (on its RollupState row, created if the rollup has not run yet). */
export async function refreshLiveSnapshot(db: DbClient, shopId: string, now: Date = new Date()): Promise<LiveSnapshot> {
  const snapshot = await computeLiveSnapshot(db, shopId, now);
  const data = { liveFrom: snapshot.from, liveTo: snapshot.to, liveAt: snapshot.computedAt, ...encode(snapshot) };
  // A shop the rollup has not seen yet gets a watermark of the epoch: its first rollup run backfills.
  await withSqliteBusyRetry(db, () =>
    db.rollupState.upsert({ where: { shopId }, create: { shopId, watermark: new Date(0), ...data }, update: data }),
  );
  return snapshot;
}

export const refreshLiveDashboardJob = defineJob({
  name: "analytics.refresh-live",
  payload: z.object({ shopId: z.string().min(1) }),
  maxAttempts: 3,
  handler: async ({ shopId }, { db }) => {
    // The days of the app's clock, the one the dashboard's periods end on (loadDashboard).
    await refreshLiveSnapshot(db, shopId, await eventNow());
  },
});

/**
 * Asks for a refresh of the shop's snapshot, at most one per `windowMs` window per shop: now (a
 * view found it missing or ageing), or at the window's end so every order handled within it is
 * counted (after order jobs).
 */
export async function requestLiveRefresh(db: DbClient, shopId: string, options: { windowMs: number; at: "now" | "window-end" }, now: Date = new Date()): Promise<void> {
  const windowEnd = Math.ceil((now.getTime() + 1) / options.windowMs) * options.windowMs;
  const runAt = options.at === "now" ? now : new Date(windowEnd);
  // The key names the kind of window too: a view's 15 s window and an order's 5 s window can end
  // at the same instant, and an order must not find the view's (already run) refresh as its own.
  await enqueue(db, refreshLiveDashboardJob, { shopId }, { shopId, uniqueKey: `analytics.refresh-live:${shopId}:${options.at}:${options.windowMs}:${windowEnd}`, runAt });
}

/**
 * After an order job: refresh the snapshot of a shop whose dashboard has one (someone looks at
 * it), or is getting its first one: a view's refresh already running may have read the tables
 * before this order was written, and would otherwise stand until the next view asks again.
 */
export async function refreshAfterOrder(db: DbClient, shopId: string): Promise<void> {
  const state = await db.rollupState.findUnique({ where: { shopId }, select: { liveAt: true } });
  // The job table is asked only for a shop without a snapshot (the common case, a shop with one, costs one read).
  const due =
    !!state?.liveAt ||
    !!(await db.job.findFirst({ where: { shopId, status: { in: ["queued", "running"] }, name: refreshLiveDashboardJob.name }, select: { id: true } }));
  if (due) await requestLiveRefresh(db, shopId, { windowMs: ORDER_REFRESH_DEBOUNCE_MS, at: "window-end" });
}
