// A per-shop estimate of Shopify's cost-based leaky bucket, fed by every response's
// `extensions.cost.throttleStatus`, so we wait before sending a query that would not fit
// instead of letting Shopify answer THROTTLED. ThrottleBuckets is the in-process view:
// points are reserved synchronously, so concurrent requests in one process queue up behind
// each other, and each process re-learns the true level from every response it gets. Jobs
// use the database-backed budget (shared-budget.server.ts), which every process shares.

export interface QueryCost {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

/**
 * Where the Admin layer keeps its view of a shop's cost bucket. `reserve` takes points before
 * a request and answers how long to wait; `observe` corrects the view with what Shopify
 * reported (`reserved` is what `reserve` took for that request, so unused points go back).
 * ThrottleBuckets keeps it in process memory; DbAdminBudget (shared-budget.server.ts) keeps
 * it in the database so every worker process of every instance paces on one budget.
 */
export interface AdminBudget {
  /** Points to reserve for `operation`: what Shopify asked for it last time (per shop when `shop` is given), else `fallback`. */
  estimateCost(operation: string, fallback?: number, shop?: string): number;
  reserve(shop: string, cost: number, now: number): number | Promise<number>;
  observe(shop: string, operation: string, cost: QueryCost | undefined, now: number, reserved?: number): void | Promise<void>;
  waitFor(shop: string, cost: number, now: number): number | Promise<number>;
  /** Whether a cost for `operation` was learnt (in this process, or persisted for the shop). */
  knowsCost?(shop: string, operation: string): boolean;
  /** Loads the shop's persisted operation costs into this process (once; later calls are free). */
  loadCosts?(shop: string): Promise<void>;
}

/**
 * Last requested cost per shop and operation name (with the operation's cost in any shop as
 * the next best guess): an estimate, kept per process; DbAdminBudget also persists it per shop.
 */
export class CostEstimates {
  private readonly costs = new Map<string, number>();

  private static key(shop: string, operation: string): string {
    return `${shop}\u0000${operation}`;
  }

  estimate(operation: string, fallback = 10, shop?: string): number {
    return (shop !== undefined ? this.costs.get(CostEstimates.key(shop, operation)) : undefined) ?? this.costs.get(operation) ?? fallback;
  }

  knows(shop: string, operation: string): boolean {
    return this.costs.has(CostEstimates.key(shop, operation));
  }

  /** Records what Shopify asked; true when it is new or differs from what was known for the shop. */
  learn(operation: string, cost: QueryCost | undefined, shop?: string): boolean {
    const requested = cost?.requestedQueryCost;
    if (typeof requested !== "number") return false;
    this.costs.set(operation, requested);
    if (shop === undefined) return false;
    const key = CostEstimates.key(shop, operation);
    const changed = this.costs.get(key) !== requested;
    this.costs.set(key, requested);
    return changed;
  }

  /** Takes costs persisted elsewhere without marking them as news. */
  remember(shop: string, operation: string, requested: number): void {
    this.costs.set(CostEstimates.key(shop, operation), requested);
    if (!this.costs.has(operation)) this.costs.set(operation, requested);
  }
}

interface BucketState {
  available: number;
  maximum: number;
  restoreRate: number; // points per second
  at: number; // ms timestamp of `available`
}

export class ThrottleBuckets implements AdminBudget {
  private readonly buckets = new Map<string, BucketState>();
  private readonly costs = new CostEstimates();

  /** Last requested cost seen for an operation, or a guess (mutations cost 10). */
  estimateCost(operation: string, fallback = 10, shop?: string): number {
    return this.costs.estimate(operation, fallback, shop);
  }

  knowsCost(shop: string, operation: string): boolean {
    return this.costs.knows(shop, operation);
  }

  /**
   * Reserves `cost` points for `shop` and returns how many ms to wait before sending.
   * 0 when the bucket is unknown (first request) or the points are there.
   */
  reserve(shop: string, cost: number, now: number): number {
    const bucket = this.buckets.get(shop);
    if (!bucket || bucket.restoreRate <= 0) return 0;
    const elapsed = Math.max(0, now - bucket.at);
    const refilled = Math.min(bucket.maximum, bucket.available + (elapsed / 1000) * bucket.restoreRate);
    const needed = Math.min(cost, bucket.maximum);
    bucket.available = refilled - needed;
    bucket.at = now;
    if (bucket.available >= 0) return 0;
    return Math.ceil((-bucket.available / bucket.restoreRate) * 1000);
  }

  /** Replaces the estimate with what Shopify reported; without a report, hands back what the request reserved. */
  observe(shop: string, operation: string, cost: QueryCost | undefined, now: number, reserved = 0): void {
    if (!cost) {
      const bucket = this.buckets.get(shop);
      if (bucket && reserved > 0) bucket.available = Math.min(bucket.maximum, bucket.available + reserved);
      return;
    }
    this.costs.learn(operation, cost, shop);
    const status = cost.throttleStatus;
    if (!status) return;
    this.buckets.set(shop, {
      available: status.currentlyAvailable,
      maximum: status.maximumAvailable,
      restoreRate: status.restoreRate,
      at: now,
    });
  }

  /** ms until `cost` points would be available, without reserving them. */
  waitFor(shop: string, cost: number, now: number): number {
    const bucket = this.buckets.get(shop);
    if (!bucket || bucket.restoreRate <= 0) return 0;
    const refilled = Math.min(bucket.maximum, bucket.available + (Math.max(0, now - bucket.at) / 1000) * bucket.restoreRate);
    const missing = Math.min(cost, bucket.maximum) - refilled;
    return missing > 0 ? Math.ceil((missing / bucket.restoreRate) * 1000) : 0;
  }

  forget(shop: string): void {
    this.buckets.delete(shop);
  }
}

/** Shared by every client in this process (clients are cheap and made per job). */
export const processBuckets = new ThrottleBuckets();
