// A paid order staff attribute to an advocate by hand (the advocate page). The referral and its
// audit entry (who, why) are written in one transaction with the job that qualifies it, so it is
// never left unqualified; the job runs the same qualification, fraud scoring and ledger as an
// attributed webhook (qualifyAndReward, then the refund adjustment), under the program version
// given: the one in force when the order was placed. The (shop, order) unique key makes
// duplicate submissions, and a webhook attributing the same order meanwhile, meet on one referral.
import { z } from "zod";
import { withSqliteBusyRetry, isUniqueViolation, type Db } from "../db.server";
import { defineJob } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { adjustRewardsForRefunds } from "../rewards/refund-adjustment.server";
import { qualifyAndReward } from "./process-order.server";
import type { ReferralStatus } from "./referral-status";
import { recordAudit } from "../lib/audit-log.server";

/** The order as the Admin API gave it (shopify/order-lookup.server.ts). */
export interface OrderAttributedByHand {
  orderGid: string;
  /** Its name in the admin ("#1049"), kept in the audit entry for the referral's timeline. */
  name: string;
  customerGid: string | null;
  email: string | null;
  createdAt: Date;
  subtotal: { minor: bigint; currency: string } | null;
  total: { minor: bigint; currency: string };
  refundedMinor: bigint;
}

export type AttributeByHandOutcome = { kind: "attributed"; referralId: string } | { kind: "taken"; referralId: string; advocateId: string };

export const qualifyByHandJob = defineJob({
  name: "referrals.qualify-attributed-by-hand",
  payload: z.object({ referralId: z.string().min(1) }),
  maxAttempts: 12,
  handler: async ({ referralId }, { db }) => {
    const referral = await db.referral.findUnique({ where: { id: referralId }, select: { shopId: true } });
    if (!referral) return;
    await qualifyAndReward(db, referral.shopId, referralId, new Date());
    await adjustRewardsForRefunds(db, referral.shopId, referralId, { orderCancelled: false });
  },
});

export async function attributeOrderByHand(
  db: Db,
  shop: string,
  args: { advocateId: string; programVersionId: string; order: OrderAttributedByHand; actor: string; reason: string },
): Promise<AttributeByHandOutcome> {
  const { order } = args;
  const taken = async (): Promise<AttributeByHandOutcome> => {
    const existing = await db.referral.findUniqueOrThrow({ where: { shopId_orderGid: { shopId: shop, orderGid: order.orderGid } }, select: { id: true, advocateId: true } });
    return { kind: "taken", referralId: existing.id, advocateId: existing.advocateId };
  };
  if (await db.referral.findUnique({ where: { shopId_orderGid: { shopId: shop, orderGid: order.orderGid } }, select: { id: true } })) return taken();
  try {
    const referralId = await withSqliteBusyRetry(db, () =>
      db.$transaction(async (tx) => {
        const created = await tx.referral.create({
          data: {
            shopId: shop,
            advocateId: args.advocateId,
            programVersionId: args.programVersionId,
            status: "ordered" satisfies ReferralStatus,
            orderGid: order.orderGid,
            friendCustomerGid: order.customerGid,
            friendEmail: order.email,
            orderCurrency: order.subtotal?.currency ?? null,
            orderTotalMinor: order.total.minor,
            orderSubtotalMinor: order.subtotal?.minor ?? null,
            refundedMinor: order.refundedMinor,
            orderedAt: order.createdAt,
            createdAt: order.createdAt,
          },
        });
        await recordAudit(tx, { shop, actor: args.actor, action: "referral.attributed_by_hand", subject: "Referral", subjectId: created.id, data: { reason: args.reason, orderGid: order.orderGid, orderName: order.name, advocateId: args.advocateId } });
        await enqueue(tx, qualifyByHandJob, { referralId: created.id }, { shopId: shop, uniqueKey: `${qualifyByHandJob.name}:${created.id}` });
        return created.id;
      }),
    );
    return { kind: "attributed", referralId };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return taken();
  }
}
