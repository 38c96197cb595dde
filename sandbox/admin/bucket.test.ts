import { describe, expect, it } from "vitest";
import { LeakyBucket } from "./bucket";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("LeakyBucket", () => {
  it("starts full and takes requested cost", () => {
    const c = clock();
    const b = new LeakyBucket({ restoreRate: 100, maximumAvailable: 2000 }, c.now);
    expect(b.status()).toEqual({ maximumAvailable: 2000, currentlyAvailable: 2000, restoreRate: 100 });
    expect(b.tryTake(500)).toBe(true);
    expect(b.status().currentlyAvailable).toBe(1500);
  });

  it("refuses a cost larger than what is available and takes nothing", () => {
    const c = clock();
    const b = new LeakyBucket({ restoreRate: 100, maximumAvailable: 2000 }, c.now);
    expect(b.tryTake(1990)).toBe(true);
    expect(b.tryTake(11)).toBe(false);
    expect(b.status().currentlyAvailable).toBe(10);
    expect(b.secondsUntil(11)).toBeCloseTo(0.01);
  });

  it("restores at the restore rate up to the maximum", () => {
    const c = clock();
    const b = new LeakyBucket({ restoreRate: 100, maximumAvailable: 2000 }, c.now);
    b.drain(0);
    c.advance(1500);
    expect(b.status().currentlyAvailable).toBe(150);
    c.advance(60_000);
    expect(b.status().currentlyAvailable).toBe(2000);
  });

  it("refunds the unused part of a requested cost", () => {
    const c = clock();
    const b = new LeakyBucket({ restoreRate: 50, maximumAvailable: 1000 }, c.now);
    b.tryTake(102);
    b.refund(100);
    expect(b.status().currentlyAvailable).toBe(998);
    b.refund(10_000);
    expect(b.status().currentlyAvailable).toBe(1000);
  });

  it("does not go backwards when the clock does", () => {
    const c = clock();
    const b = new LeakyBucket({ restoreRate: 100, maximumAvailable: 2000 }, c.now);
    b.drain(100);
    c.advance(-5000);
    expect(b.status().currentlyAvailable).toBe(100);
  });
});
