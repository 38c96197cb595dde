/**
 * Shopify's cost-based leaky bucket (per app and shop). Time is injected so tests need no
 * timers: `now()` returns milliseconds.
 */
export interface BucketConfig {
  /** Points restored per second (Standard plan 100). */
  restoreRate: number;
  /** Bucket size (observed 20 × restore rate; 2000 on Standard). */
  maximumAvailable: number;
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class LeakyBucket {
  private available: number;
  private updatedAt: number;

  constructor(
    public config: BucketConfig,
    private readonly now: () => number,
  ) {
    this.available = config.maximumAvailable;
    this.updatedAt = now();
  }

  private refill(): void {
    const t = this.now();
    const elapsed = Math.max(0, t - this.updatedAt) / 1000;
    this.available = Math.min(this.config.maximumAvailable, this.available + elapsed * this.config.restoreRate);
    this.updatedAt = t;
  }

  /** Points available now (fractional internally; Shopify reports an integer). */
  currentlyAvailable(): number {
    this.refill();
    return this.available;
  }

  /**
   * Takes `cost` points if they are available. Returns false (and takes nothing) when the
   * bucket holds fewer points than requested.
   */
  tryTake(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  /** Gives back points (the unused part of a requested cost), never above the maximum. */
  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.config.maximumAvailable, this.available + Math.max(0, points));
  }

  /** Drains the bucket to `to` points (tests and faults). */
  drain(to = 0): void {
    this.refill();
    this.available = Math.max(0, Math.min(this.available, to));
  }

  /** Refills to the maximum. */
  fill(): void {
    this.available = this.config.maximumAvailable;
    this.updatedAt = this.now();
  }

  status(): ThrottleStatus {
    return {
      maximumAvailable: this.config.maximumAvailable,
      currentlyAvailable: Math.floor(this.currentlyAvailable()),
      restoreRate: this.config.restoreRate,
    };
  }

  /** Seconds until `cost` points will be available (0 when they are now). */
  secondsUntil(cost: number): number {
    const avail = this.currentlyAvailable();
    if (avail >= cost) return 0;
    return (cost - avail) / this.config.restoreRate;
  }
}
