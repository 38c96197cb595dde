// Retry delay: exponential backoff with full jitter (AWS architecture blog, "Exponential
// Backoff And Jitter"): delay = random(0, min(cap, base * 2^(attempt-1))). Jitter spreads a
// burst of failures (e.g. Shopify throttling every worker at once) instead of retrying in lockstep.

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 60 * 60_000 };

/** Delay before the next run, after `attempt` runs have failed (attempt >= 1). `random` is in [0, 1). */
export function backoffDelayMs(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 52); // 2^52 already exceeds any sane cap
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
