// A referral's rewards after a refund or cancellation: not yet issued ones are cancelled or
// shrunk through the ledger; issued ones get a reversal job down to what is still due.
import { withSqliteBusyRetry, type Db } from "../db.server";
import { readProgramConfig, type ProgramConfig } from "../program/program-config";
import { isMilestoneKind } from "../program/reward-kinds";
import { isClaimCodeOf } from "./claim-code.server";
import { advocateTargetAmount, friendRewardStillDue } from "./reward-amounts";
import { inRewardCurrency } from "./shopping-currency";
import { enqueueReverse } from "./reverse-reward.job.server";
import { adjustRewardAmount, transitionReward, type RewardStatus } from "./reward-ledger.server";

/** Cancels or shrinks rewards not yet issued; queues a reversal for issued ones. */
export async function adjustRewardsForRefunds(db: Db, shop: string, referralId: string, options: { orderCancelled?: boolean } = {}): Promise<{ id: string; status: string }> {
  const referral = await db.referral.findUniqueOrThrow({ where: { id: referralId }, include: { programVersion: true, rewards: true } });
  const config: ProgramConfig = readProgramConfig(referral.programVersion.config);
  const subtotal = referral.orderSubtotalMinor ?? 0n;
  const refunded = referral.refundedMinor;
  const cancelled = referral.status === "cancelled" || Boolean(options.orderCancelled);
  for (const reward of referral.rewards) {
    // Milestone bonuses hang off the referral that reached them but are not its reward.
    if (isMilestoneKind(reward.kind)) continue;
    const status = reward.status as RewardStatus;
    if (reward.recipient === "friend") {
      // A claim's instant code was the friend's before the order: a refund leaves it alone.
      if (isClaimCodeOf(reward, referral) || friendRewardStillDue(subtotal, refunded, cancelled)) continue;
      if (status === "pending" || status === "held") {
        await withSqliteBusyRetry(db, () =>
          db.$transaction((tx) => transitionReward(tx, { rewardId: reward.id, shopId: shop, from: status, to: "cancelled", reason: cancelled ? "order cancelled" : "order refunded in full" })),
        );
      }
      continue;
    }
    // In the reward's currency: an advocate's credit may have been issued in the one they shop in.
    const target = inRewardCurrency(reward, advocateTargetAmount(config, subtotal, refunded, cancelled), config.currency);
    if (status === "pending" || status === "held") {
      if (target === 0n) {
        await withSqliteBusyRetry(db, () =>
          db.$transaction((tx) =>
            transitionReward(tx, { rewardId: reward.id, shopId: shop, from: status, to: "cancelled", reason: cancelled ? "order cancelled before issuance" : "order refunded before issuance" }),
          ),
        );
      } else if (target < reward.amountMinor) {
        await withSqliteBusyRetry(db, () =>
          db.$transaction((tx) =>
            adjustRewardAmount(tx, { rewardId: reward.id, shopId: shop, status, fromMinor: reward.amountMinor, toMinor: target, reason: `reduced by refund: ${reward.amountMinor} → ${target}` }),
          ),
        );
      }
    } else if (status === "issuing" || status === "issued") {
      const outstanding = reward.amountMinor - reward.reversedMinor - reward.owedMinor;
      if (outstanding > target) await enqueueReverse(db, shop, reward.id, `${target}`);
    }
  }
  return { id: referral.id, status: referral.status };
}
