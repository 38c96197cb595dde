// The shop's Admin API cost budget shared by every process through the database.
//
// Shopify's limit is a leaky bucket per app and shop (FACTS.md, "Rate limits"): `maximum`
// points, refilled at `restoreRate` points/s. With several worker processes each pacing on
// its own estimate, they spend the same points twice and Shopify answers THROTTLED (the
// pipeline bench counted 475 such answers for 600 mutations with two workers). Here the
// bucket is one row per shop, kept as a GCRA "theoretical arrival time": `tatMicros` is when
// the bucket would be full again after every reservation so far (µs, whole numbers). Reserving
// `c` points is one atomic UPDATE (tat = max(tat, now) + c / rate); the request waits until
// tat - now is within what a full bucket holds. No lock is held while waiting or while
// Shopify answers.
//
// Shopify's own figure corrects the row after every response: the bucket cannot be fuller
// than Shopify says (tat is raised to match), nor emptier than that plus the reservations that
// can be in flight (IN_FLIGHT_ALLOWANCE_S); points reserved but not spent (an estimate above the actual cost,
// a THROTTLED answer that cost nothing, a 429/5xx/lost answer) are handed back. Timestamps
// come from the app's clocks, so instances should keep time with NTP; a skew only shifts
// when the pacing starts, Shopify's THROTTLED answers still bound it.
import { clientKind, withSqliteBusyRetry, type DbClient } from "../db.server";
import { CostEstimates, type AdminBudget, type QueryCost } from "./throttle";

interface BudgetRow {
  /** ms since epoch (from the row's µs) */
  tat: number;
  maximum: number;
  restoreRate: number;
}

function toRow(row: Record<string, unknown> | undefined): BudgetRow | null {
  if (!row) return null;
  return { tat: Number(row.tatMicros) / 1000, maximum: Number(row.maximum), restoreRate: Number(row.restoreRate) };
}

const micros = (ms: number): bigint => BigInt(Math.round(ms * 1000));

/**
 * How far beyond Shopify's own figure the shared view may run ahead: reservations of requests
 * still waiting their turn or in flight. One bucket was too little: a bench with a 200-point
 * bucket and 16 requests in flight, reads of the account's transactions requesting ~100 points
 * each, legitimately holds more than a bucket of reservations, and capping them at one bucket
 * handed the same points to the next requests (THROTTLED). The larger of a bucket and this many
 * seconds of refill is believed; only reservations nobody will hand back (a process killed
 * between reserving and sending) are forgotten beyond it, so they delay requests at most that long.
 */
const IN_FLIGHT_ALLOWANCE_S = 60;

/** ms to wait so that a reservation ending at `tat` fits a full bucket. */
function waitUntilFits(row: BudgetRow, now: number): number {
  if (row.restoreRate <= 0) return 0;
  const burstMs = (row.maximum * 1000) / row.restoreRate;
  return Math.max(0, Math.ceil(row.tat - now - burstMs));
}

export class DbAdminBudget implements AdminBudget {
  private readonly costs = new CostEstimates();
  private readonly postgres: boolean;

  constructor(private readonly db: DbClient) {
    this.postgres = clientKind(db) === "postgresql";
  }

  estimateCost(operation: string, fallback = 10, shop?: string): number {
    return this.costs.estimate(operation, fallback, shop);
  }

  knowsCost(shop: string, operation: string): boolean {
    return this.costs.knows(shop, operation);
  }

  private readonly loaded = new Map<string, Promise<void>>();

  /**
   * The shop's operation costs learnt by any process before (AdminOperationCost), read once
   * per process and shop: a restarted worker reserves the right points from its first request.
   */
  loadCosts(shop: string): Promise<void> {
    let loading = this.loaded.get(shop);
    if (!loading) {
      loading = (async () => {
        const rows = await this.db.adminOperationCost.findMany({ where: { shopId: shop } });
        for (const row of rows) if (!this.costs.knows(shop, row.operation)) this.costs.remember(shop, row.operation, row.requestedCost);
      })();
      // A failed read is tried again by the next request.
      loading.catch(() => this.loaded.delete(shop));
      this.loaded.set(shop, loading);
    }
    return loading;
  }

  /** Persists a cost Shopify reported that this process did not know yet (first answer, or the cost changed). */
  private async persistCost(shop: string, operation: string, requested: number): Promise<void> {
    try {
      await withSqliteBusyRetry(this.db, () =>
        this.db.adminOperationCost.upsert({
          where: { shopId_operation: { shopId: shop, operation } },
          create: { shopId: shop, operation, requestedCost: requested },
          update: { requestedCost: requested },
        }),
      );
    } catch {
      // An estimate only (a concurrent first answer in another process, a busy database): the
      // request it came with has its answer, which must not be lost over this.
    }
  }

  /** Takes `cost` points (at most a full bucket) and answers how long to wait; 0 while the bucket is unknown. */
  async reserve(shop: string, cost: number, now: number): Promise<number> {
    const sql = this.postgres
      ? `UPDATE "AdminApiBudget"
            SET "tatMicros" = GREATEST("tatMicros", $1::bigint) + CAST(LEAST($2::double precision, "maximum") * 1000000.0 / "restoreRate" AS BIGINT)
          WHERE "shopId" = $3 AND "restoreRate" > 0
          RETURNING "tatMicros", "maximum", "restoreRate"`
      : `UPDATE "AdminApiBudget"
            SET "tatMicros" = max("tatMicros", ?1) + CAST(min(?2, "maximum") * 1000000.0 / "restoreRate" AS INTEGER)
          WHERE "shopId" = ?3 AND "restoreRate" > 0
          RETURNING "tatMicros", "maximum", "restoreRate"`;
    const rows = await withSqliteBusyRetry(this.db, () => this.db.$queryRawUnsafe<Record<string, unknown>[]>(sql, micros(now), cost, shop));
    const row = toRow(rows[0]);
    return row ? waitUntilFits(row, now) : 0;
  }

  /**
   * Corrects the shared view after an answer. Points reserved and not spent go back: the
   * estimate above `actualQueryCost`, a THROTTLED answer (costs nothing), and an answer with no
   * cost at all (HTTP 429/5xx, a lost connection; if Shopify did charge it, its next report
   * says so). With Shopify's throttleStatus the bucket is never believed fuller than Shopify
   * says, nor emptier than that plus one full bucket of other processes' reservations in
   * flight, so a view that drifted (a process killed between reserving and sending) heals.
   */
  async observe(shop: string, operation: string, cost: QueryCost | undefined, now: number, reserved = 0): Promise<void> {
    if (cost && this.costs.learn(operation, cost, shop)) await this.persistCost(shop, operation, cost.requestedQueryCost!);
    const status = cost?.throttleStatus;
    const spent = typeof cost?.actualQueryCost === "number" ? cost.actualQueryCost : 0;
    if (!status || status.restoreRate <= 0) {
      if (reserved <= spent) return;
      // No report to correct with: hand back what this request reserved and did not spend.
      const sql = this.postgres
        ? `UPDATE "AdminApiBudget" SET "tatMicros" = "tatMicros" - CAST(LEAST($1::double precision, "maximum") * 1000000.0 / "restoreRate" AS BIGINT) WHERE "shopId" = $2 AND "restoreRate" > 0`
        : `UPDATE "AdminApiBudget" SET "tatMicros" = "tatMicros" - CAST(min(?1, "maximum") * 1000000.0 / "restoreRate" AS INTEGER) WHERE "shopId" = ?2 AND "restoreRate" > 0`;
      await withSqliteBusyRetry(this.db, () => this.db.$executeRawUnsafe(sql, reserved - spent, shop));
      return;
    }
    const restoreRate = Math.max(1, Math.round(status.restoreRate));
    const maximum = Math.round(status.maximumAvailable);
    const msPerPoint = 1000 / restoreRate;
    // When Shopify says the bucket is this full, it is full again at:
    const reported = now + (maximum - status.currentlyAvailable) * msPerPoint;
    const ceiling = reported + Math.max(maximum, restoreRate * IN_FLIGHT_ALLOWANCE_S) * msPerPoint;
    const refund = Math.max(0, Math.min(reserved, maximum) - spent) * msPerPoint;
    const sql = this.postgres
      ? `INSERT INTO "AdminApiBudget" ("shopId", "tatMicros", "maximum", "restoreRate") VALUES ($1, $2, $3, $4)
         ON CONFLICT ("shopId") DO UPDATE
           SET "tatMicros" = LEAST(GREATEST("AdminApiBudget"."tatMicros" - $5::bigint, EXCLUDED."tatMicros"), $6::bigint),
               "maximum" = EXCLUDED."maximum", "restoreRate" = EXCLUDED."restoreRate"`
      : `INSERT INTO "AdminApiBudget" ("shopId", "tatMicros", "maximum", "restoreRate") VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT ("shopId") DO UPDATE
           SET "tatMicros" = min(max("AdminApiBudget"."tatMicros" - ?5, excluded."tatMicros"), ?6),
               "maximum" = excluded."maximum", "restoreRate" = excluded."restoreRate"`;
    await withSqliteBusyRetry(this.db, () =>
      this.db.$executeRawUnsafe(sql, shop, micros(reported), maximum, restoreRate, micros(refund), micros(ceiling)),
    );
  }

  /** ms until `cost` points would be there, reserving nothing. */
  async waitFor(shop: string, cost: number, now: number): Promise<number> {
    const found = toRow((await this.db.adminApiBudget.findUnique({ where: { shopId: shop } })) ?? undefined);
    if (!found || found.restoreRate <= 0) return 0;
    const tat = Math.max(found.tat, now) + (Math.min(cost, found.maximum) * 1000) / found.restoreRate;
    return waitUntilFits({ ...found, tat }, now);
  }
}

const budgets = new WeakMap<object, DbAdminBudget>();

/** One budget object per database client (its cost estimates are per process; the bucket is in the DB). */
export function sharedAdminBudget(db: DbClient): DbAdminBudget {
  let budget = budgets.get(db);
  if (!budget) budgets.set(db, (budget = new DbAdminBudget(db)));
  return budget;
}

/** shop/redact: the budget row and the learnt costs go with the shop. */
export async function forgetAdminBudget(db: DbClient, shop: string): Promise<void> {
  await db.adminApiBudget.deleteMany({ where: { shopId: shop } });
  await db.adminOperationCost.deleteMany({ where: { shopId: shop } });
}
