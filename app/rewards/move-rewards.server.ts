// Handing an advocate's rewards to another advocate, when staff move an advocate's referrals to
// another customer or merge two advocates: each reward through the ledger's reassignReward, so
// each change has its transition row. Rewards already paid (or being paid) keep the customer
// they went to; referral rewards follow their referral, goodwill rewards name their advocate.
import type { DbClient } from "../db.server";
import { reassignReward, UNPAID_STATUSES, type RewardStatus } from "./reward-ledger.server";

export interface AdvocateRewardsMove {
  shopId: string;
  fromAdvocateId: string;
  toAdvocateId: string;
  /** The customer the moved unpaid rewards pay from now on (null: keep theirs). */
  customerGid: string | null;
  /** Referrals that moved (already or in the same transaction): their advocate rewards go along. */
  referralIds: readonly string[];
  /** A merge takes every goodwill reward (one person); a move only the unpaid ones. */
  paidGoodwillToo: boolean;
  reason: string;
  actor: string;
}

/** Reassigns the rewards; answers how many changed. Run it in the move's transaction. */
export async function moveAdvocateRewards(tx: DbClient, move: AdvocateRewardsMove): Promise<number> {
  const rewards = await tx.reward.findMany({
    where: { shopId: move.shopId, recipient: "advocate", OR: [{ referralId: { in: [...move.referralIds] } }, { advocateId: move.fromAdvocateId, referralId: null }] },
    select: { id: true, status: true, referralId: true },
    orderBy: { createdAt: "asc" },
  });
  let changed = 0;
  for (const reward of rewards) {
    const unpaid = UNPAID_STATUSES.includes(reward.status as RewardStatus);
    const goodwill = reward.referralId === null;
    // A move takes the goodwill rewards still to pay (pending, held, failed); a merge takes all.
    if (goodwill && (!unpaid || reward.status === "cancelled") && !move.paidGoodwillToo) continue;
    const done = await reassignReward(tx, {
      rewardId: reward.id,
      shopId: move.shopId,
      advocateId: goodwill ? move.toAdvocateId : undefined,
      customerGid: unpaid && move.customerGid ? move.customerGid : undefined,
      reason: move.reason,
      actor: move.actor,
    });
    if (done) changed++;
  }
  return changed;
}
