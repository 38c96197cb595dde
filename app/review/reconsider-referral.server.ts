// Staff reconsider a rejected or cancelled referral: it goes back into review ("held") with its
// rewards held too, and the normal approve/reject of review-referral.server.ts decides it, so an
// approval issues through the ledger exactly once and keeps the program's refund hold (counted
// from the order, as for any held referral). Rewards come from the referral's own program
// version (the one in force when the order was placed): cancelled ones are re-held, missing ones
// planned. Guarded on the referral's status in one transaction: a replayed form changes nothing.
import { withSqliteBusyRetry, type Db } from "../db.server";
import { readProgramConfig } from "../program/program-config";
import { loadMergedOrder } from "../referrals/process-order.server";
import { enqueueFlowTrigger } from "../flow/send-flow-trigger.job.server";
import { transitionReferral } from "../referrals/referral-status";
import { isClaimCodeOf } from "../rewards/claim-code.server";
import { advocateTargetAmount, friendRewardStillDue, planRewards } from "../rewards/reward-amounts";
import { createReward, transitionReward } from "../rewards/reward-ledger.server";
import type { ReviewActor } from "./review-referral.server";
import { Refusal } from "../lib/refusal";
import { recordAudit } from "../lib/audit-log.server";

export class ReconsiderError extends Refusal {}

/** "reopened", or "unchanged" when it is already back in review (a replay). Throws ReconsiderError when it cannot be. */
export async function reconsiderReferral(db: Db, shop: string, referralId: string, by: ReviewActor): Promise<"reopened" | "unchanged"> {
  return withSqliteBusyRetry(db, () =>
    db.$transaction(async (tx) => {
      // Another shop's id is not found under this shop.
      const referral = await tx.referral.findFirst({ where: { id: referralId, shopId: shop }, include: { rewards: true, programVersion: true, advocate: true } });
      if (!referral) throw new ReconsiderError("Referral not found", 404);
      if (referral.status === "held" && referral.rejectionReason === "staff_reconsidered") return "unchanged";
      if (referral.status !== "rejected" && referral.status !== "cancelled") throw new ReconsiderError(`Only a rejected or cancelled referral can be reconsidered (this one is ${referral.status}).`, 409);
      if (referral.advocate.status !== "active") throw new ReconsiderError(`The advocate is ${referral.advocate.status}: unblock them first.`, 409);
      if (!referral.orderGid || referral.orderSubtotalMinor == null || !referral.orderCurrency) throw new ReconsiderError("This referral has no paid order to reward.", 409);
      const config = readProgramConfig(referral.programVersion.config);
      if (referral.orderCurrency !== config.currency) throw new ReconsiderError(`The order is in ${referral.orderCurrency}, the program in ${config.currency}: it cannot be rewarded.`, 409);
      const subtotal = referral.orderSubtotalMinor;
      if (!friendRewardStillDue(subtotal, referral.refundedMinor, false)) throw new ReconsiderError("The order was refunded in full: there is nothing to reward.", 409);
      // The next delivery about a cancelled order would cancel it again: refuse now, in words.
      if ((await loadMergedOrder(tx, shop, referral.orderGid.split("/").pop()!))?.cancelled) throw new ReconsiderError("The order is cancelled in Shopify: there is nothing to reward.", 409);
      // (A claim's instant code is the friend's from the claim, not a reward of the order.)
      const paid = referral.rewards.find((r) => r.status !== "cancelled" && !isClaimCodeOf(r, referral));
      // Issued, taken back or failed: reopening would pay twice. A goodwill reward is the way then.
      if (paid) throw new ReconsiderError(`Its ${paid.recipient} reward is ${paid.status} already: reconsidering would pay twice.`, 409);

      const reopenedAt = new Date();
      const moved = await transitionReferral(tx, {
        referralId,
        shopId: shop,
        from: ["rejected", "cancelled"],
        to: "held",
        data: { rejectionReason: "staff_reconsidered", reviewedBy: by.actor, reviewedAt: reopenedAt, reviewNote: by.reason },
      });
      if (!moved) {
        // A simultaneous submission of the same form reopened it first (PostgreSQL re-checks the
        // guard after waiting for that one's commit): the same outcome, nothing more to do.
        const now = await tx.referral.findUniqueOrThrow({ where: { id: referralId }, select: { status: true, rejectionReason: true } });
        if (now.status === "held" && now.rejectionReason === "staff_reconsidered") return "unchanged";
        throw new ReconsiderError("This referral changed meanwhile: reload the page.", 409);
      }
      await enqueueFlowTrigger(tx, shop, { trigger: "referralFlagged", referralId, reviewReason: "staff_reconsidered" }, `${referralId}:reconsidered:${reopenedAt.getTime()}`);

      const reason = `reconsidered by staff: ${by.reason}`;
      const planned = planRewards(config, subtotal).map((p) =>
        p.recipient === "advocate" ? { ...p, amountMinor: advocateTargetAmount(config, subtotal, referral.refundedMinor, false) } : p,
      );
      const rewardIds: string[] = [];
      for (const plan of planned) {
        const earlier = referral.rewards.find((r) => r.recipient === plan.recipient && r.kind === plan.kind);
        if (earlier) {
          // Held again with the amount it had (refund adjustments already applied to it).
          if (await transitionReward(tx, { rewardId: earlier.id, shopId: shop, from: "cancelled", to: "held", reason, actor: by.actor, data: { holdUntil: null } })) rewardIds.push(earlier.id);
          continue;
        }
        if (plan.amountMinor <= 0n && plan.recipient === "advocate") continue;
        const id = await createReward(tx, {
          shopId: shop,
          referralId,
          recipient: plan.recipient,
          kind: plan.kind,
          amountMinor: plan.amountMinor,
          currency: plan.currency,
          customerGid: plan.recipient === "advocate" ? referral.advocate.customerGid : referral.friendCustomerGid,
          held: true,
          holdUntil: null,
          reason: `${reason} (program v${referral.programVersion.version})`,
        });
        if (id) rewardIds.push(id);
      }
      const details = { reason: by.reason, from: referral.status, previousReason: referral.rejectionReason, rewardIds };
      await recordAudit(tx, { shop, actor: by.actor, action: "review.reconsidered", subject: "Referral", subjectId: referralId, data: details });
      return "reopened";
    }),
  );
}
