import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "./backoff";

const opts = { baseMs: 100, capMs: 5_000 };

describe("backoffDelayMs", () => {
  it.each([
    // attempt, random, expected
    [1, 0, 0],
    [1, 0.5, 50],
    [1, 0.999, 99],
    [2, 0.5, 100],
    [3, 0.5, 200],
    [4, 0.25, 200],
    [6, 0.5, 1_600],
    [7, 0.5, 2_500], // 6400 capped at 5000
    [8, 0.999, 4_995],
    [60, 0.5, 2_500], // huge attempt counts do not overflow
    [2000, 0.5, 2_500],
    [0, 0.5, 50], // treated as the first attempt
  ])("attempt %i with random %d waits %i ms", (attempt, random, expected) => {
    expect(backoffDelayMs(attempt, opts, () => random)).toBe(expected);
  });

  it("never exceeds the cap and is never negative", () => {
    for (let attempt = 1; attempt < 100; attempt++) {
      const delay = backoffDelayMs(attempt, opts);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(opts.capMs);
    }
  });
});
