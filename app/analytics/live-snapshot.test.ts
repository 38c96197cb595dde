import { describe, expect, it } from "vitest";
import { decodeSnapshot, LIVE_SNAPSHOT_MAX_AGE_MS, liveFromDay, rankedByJob, usableSnapshot } from "./live-snapshot.server";

const today = new Date("2026-12-06T15:00:00Z");
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const totals = { clicks: 3, claimedClicks: 1, claims: 2, orders: 1, revenueMinor: "12345678901234567890", rewardIssuedMinor: "0", rewardPendingMinor: "1000", allOrders: 4, allRevenueMinor: "50000", friendDiscountMinor: "250" };
const row = (over: Partial<{ liveFrom: Date; liveTo: Date; liveAt: Date; liveDays: string; liveTop: string | null }> = {}) => ({
  liveFrom: day("2026-12-05"),
  liveTo: day("2026-12-07"),
  liveAt: new Date("2026-12-06T14:59:50Z"),
  liveDays: JSON.stringify([{ day: "2026-12-05T00:00:00.000Z", ...totals }, { day: "2026-12-06T00:00:00.000Z", ...totals, orders: 2 }]),
  liveTop: JSON.stringify({ 7: [{ advocateId: "a1", claims: 2, orders: 1, revenueMinor: "999" }] }),
  ...over,
});

describe("the dashboard's live snapshot", () => {
  it("reads back exact money (bigint) and dates", () => {
    const s = decodeSnapshot(row())!;
    expect(s.days.map((d) => [d.day.toISOString(), d.orders, d.revenueMinor])).toEqual([
      ["2026-12-05T00:00:00.000Z", 1, 12345678901234567890n],
      ["2026-12-06T00:00:00.000Z", 2, 12345678901234567890n],
    ]);
    expect(s.top?.[7]).toEqual([{ advocateId: "a1", claims: 2, orders: 1, revenueMinor: 999n }]);
  });

  it("is shown only for the day it was computed on, covering the live days, and not when old", () => {
    const now = new Date("2026-12-06T15:00:00Z");
    expect(usableSnapshot(row(), today, day("2026-12-06"), now)).not.toBeNull();
    expect(usableSnapshot(row(), today, day("2026-12-05"), now)).not.toBeNull();
    // Computed yesterday (its days end today): the view computes live itself.
    expect(usableSnapshot(row({ liveTo: day("2026-12-06") }), today, day("2026-12-06"), now)).toBeNull();
    // The rollup's watermark went back to yesterday after the snapshot was taken from today.
    expect(usableSnapshot(row({ liveFrom: day("2026-12-06") }), today, day("2026-12-05"), now)).toBeNull();
    // The worker stopped: older than the limit is never shown.
    expect(usableSnapshot(row({ liveAt: new Date(now.getTime() - LIVE_SNAPSHOT_MAX_AGE_MS - 1) }), today, day("2026-12-06"), now)).toBeNull();
    expect(usableSnapshot({ liveFrom: null, liveTo: null, liveAt: null, liveDays: null, liveTop: null }, today, day("2026-12-06"), now)).toBeNull();
    expect(usableSnapshot(row({ liveDays: "{not json" }), today, day("2026-12-06"), now)).toBeNull();
  });

  it("starts the live days at the rollup's watermark day, never more than yesterday back", () => {
    expect(liveFromDay(today, null)).toEqual(day("2026-12-06"));
    expect(liveFromDay(today, new Date("2026-12-06T14:00:00Z"))).toEqual(day("2026-12-06"));
    expect(liveFromDay(today, new Date("2026-12-05T23:58:00Z"))).toEqual(day("2026-12-05"));
    expect(liveFromDay(today, new Date("2026-11-01T00:00:00Z"))).toEqual(day("2026-12-05"));
  });

  it("uses the job's ranking when it is of today or yesterday", () => {
    expect(rankedByJob(day("2026-12-06"), today)).toBe(true);
    expect(rankedByJob(day("2026-12-05"), today)).toBe(true);
    expect(rankedByJob(day("2026-12-04"), today)).toBe(false);
    expect(rankedByJob(null, today)).toBe(false);
  });
});
