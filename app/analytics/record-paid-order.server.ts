// Keeps PaidOrder in step with the order webhooks: every paid order the app hears of, referred
// or not, so the dashboard can set the referred average order value against all orders. Called
// by the order pipeline for every delivery; repeats and out-of-order deliveries converge, since
// the merged order (paid, cancelled, total) does not depend on delivery order.
import { withSqliteBusyRetry, type DbClient, isUniqueViolation } from "../db.server";

export interface PaidOrderFacts {
  orderGid: string;
  /** The order's creation time: the day it counts on, as referred orders do (Referral.orderedAt). */
  createdAt: Date | null;
  /** Total in shop money. */
  total: { minor: bigint; currency: string } | null;
  paid: boolean;
  cancelled: boolean;
  /** What each discount code took off the order, in shop money (OrderFacts.discountLines). */
  discountLines?: { code: string; minor: bigint }[];
}

/**
 * The part of the order's discounts given by the program's friend codes: instant codes (the
 * referral's friendCode) and after-order codes (friend rewards). An advocate's own reward code
 * is not counted here: the advocate reward is counted when issued.
 */
export async function friendDiscountOf(db: DbClient, shop: string, lines: { code: string; minor: bigint }[]): Promise<bigint> {
  if (lines.length === 0) return 0n;
  const spellings = [...new Set(lines.flatMap((l) => [l.code, l.code.toUpperCase(), l.code.toLowerCase()]))];
  const [instant, afterOrder] = await Promise.all([
    db.referral.findMany({ where: { shopId: shop, friendCode: { in: spellings } }, select: { friendCode: true } }),
    db.reward.findMany({ where: { shopId: shop, recipient: "friend", discountCode: { in: spellings } }, select: { discountCode: true } }),
  ]);
  const friendCodes = new Set([...instant.map((r) => r.friendCode!.toUpperCase()), ...afterOrder.map((r) => r.discountCode!.toUpperCase())]);
  return lines.filter((l) => friendCodes.has(l.code.toUpperCase())).reduce((sum, l) => sum + l.minor, 0n);
}


/** Writes (or updates) the shop's PaidOrder row; an unpaid order or one without a total is not counted. */
export async function recordPaidOrder(db: DbClient, shop: string, order: PaidOrderFacts, now: Date = new Date()): Promise<void> {
  if (!order.paid || !order.total) return;
  const where = { shopId_orderGid: { shopId: shop, orderGid: order.orderGid } };
  const existing = await db.paidOrder.findUnique({ where });
  const friendDiscountMinor = await friendDiscountOf(db, shop, order.discountLines ?? []);
  const data = { orderedAt: order.createdAt ?? existing?.orderedAt ?? now, totalMinor: order.total.minor, currency: order.total.currency, cancelled: order.cancelled, friendDiscountMinor };
  if (!existing) {
    try {
      await withSqliteBusyRetry(db, () => db.paidOrder.create({ data: { shopId: shop, orderGid: order.orderGid, ...data } }));
      return;
    } catch (error) {
      // Another worker recorded the same order meanwhile: fall through to the update.
      if (!isUniqueViolation(error)) throw error;
    }
  } else if (existing.cancelled === data.cancelled && existing.totalMinor === data.totalMinor && existing.orderedAt.getTime() === data.orderedAt.getTime() && existing.friendDiscountMinor === friendDiscountMinor) {
    // Unchanged: leave updatedAt alone so the rollup job does not recompute the day for nothing.
    return;
  }
  await withSqliteBusyRetry(db, () => db.paidOrder.update({ where, data }));
}
