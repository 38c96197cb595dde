// Keeps PaidOrder in step with the order webhooks: every paid order the app hears of, referred
// or not, so the dashboard can set the referred average order value against all orders. Called
// by the order pipeline for every delivery; repeats and out-of-order deliveries converge, since
// the merged order (paid, cancelled, total) does not depend on delivery order.
import type { DbClient } from "../db.server";
import { withSqliteBusyRetry } from "../jobs/queue.server";

export interface PaidOrderFacts {
  orderGid: string;
  /** The order's creation time: the day it counts on, as referred orders do (Referral.orderedAt). */
  createdAt: Date | null;
  /** Total in shop money. */
  total: { minor: bigint; currency: string } | null;
  paid: boolean;
  cancelled: boolean;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/** Writes (or updates) the shop's PaidOrder row; an unpaid order or one without a total is not counted. */
export async function recordPaidOrder(db: DbClient, shop: string, order: PaidOrderFacts, now: Date = new Date()): Promise<void> {
  if (!order.paid || !order.total) return;
  const where = { shopId_orderGid: { shopId: shop, orderGid: order.orderGid } };
  const existing = await db.paidOrder.findUnique({ where });
  const data = { orderedAt: order.createdAt ?? existing?.orderedAt ?? now, totalMinor: order.total.minor, currency: order.total.currency, cancelled: order.cancelled };
  if (!existing) {
    try {
      await withSqliteBusyRetry(db, () => db.paidOrder.create({ data: { shopId: shop, orderGid: order.orderGid, ...data } }));
      return;
    } catch (error) {
      // Another worker recorded the same order meanwhile: fall through to the update.
      if (!isUniqueViolation(error)) throw error;
    }
  } else if (existing.cancelled === data.cancelled && existing.totalMinor === data.totalMinor && existing.orderedAt.getTime() === data.orderedAt.getTime()) {
    // Unchanged: leave updatedAt alone so the rollup job does not recompute the day for nothing.
    return;
  }
  await withSqliteBusyRetry(db, () => db.paidOrder.update({ where, data }));
}
