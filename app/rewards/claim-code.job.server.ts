// The job that makes a friend's instant code in Shopify (a claim's friend reward, see
// claim-code.server.ts), and how a claim starts it. The claim request waits for it briefly.
import type { DbClient } from "../db.server";
import { defineJob, type JobContext } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { eventNow } from "../lib/clock.server";
import type { ProgramConfig } from "../program/program-config";
import { claimCodeOf, claimKey, settleClaimCode, type ClaimCode } from "./claim-code.server";
import { issueRewardJob } from "./issue-reward.job.server";
import { issueReward } from "./issue-reward.server";
import { pacingWaits } from "./pacing-waits";
import { createReward } from "./reward-ledger.server";

/** Makes the code (dated by the time shoppers' claims are: the sandbox's clock in the demo and tests), then the referral claimed. */
async function makeClaimCode({ rewardId }: { rewardId: string }, { db, job }: JobContext): Promise<void> {
  const now = await eventNow();
  await pacingWaits(job, () => issueReward(db, rewardId, { now }));
  await settleClaimCode(db, rewardId);
}

export const claimCodeJob = defineJob({
  name: "rewards.claim-code",
  // The issue job's payload (the reward) and attempts; a shopper may be waiting, so retries come sooner.
  payload: issueRewardJob.payload,
  maxAttempts: issueRewardJob.maxAttempts,
  backoff: { baseMs: 200, capMs: 30_000 },
  handler: makeClaimCode,
});

/** Shopify is asked first among the shop's due jobs: a shopper is waiting for the answer. */
const CLAIM_PRIORITY = 10;

/**
 * Creates the claim's friend reward, writes its code on the referral and queues the job that
 * makes it in Shopify, all in the caller's transaction. Its amount is the program's fixed amount
 * (0 for a percentage or free shipping), as for an after-order code. A referral that has the
 * reward already gets it back unchanged (and its job queued, once).
 */
export async function startClaimCode(tx: DbClient, referral: { id: string; shopId: string; friendCustomerGid: string | null }, config: ProgramConfig): Promise<ClaimCode> {
  const friend = config.friendReward;
  await createReward(tx, {
    shopId: referral.shopId,
    referralId: referral.id,
    recipient: "friend",
    kind: "discount_code",
    amountMinor: friend.type === "fixed_amount" ? BigInt(friend.amountMinor ?? 0) : 0n,
    currency: config.currency,
    // A logged-in friend's code works for their customer account only (Shopify's context.customers).
    customerGid: referral.friendCustomerGid,
    holdUntil: null,
    held: false,
    reason: "friend claimed the offer (instant code)",
  });
  const claim = claimCodeOf(await tx.reward.findUniqueOrThrow({ where: { idempotencyKey: claimKey(referral.shopId, referral.id) } }));
  // Not yet claimed: a claim from before codes were rewards may hold an older code nobody was shown.
  await tx.referral.updateMany({ where: { id: referral.id, claimedAt: null }, data: { friendCode: claim.code } });
  await enqueue(tx, claimCodeJob, { rewardId: claim.rewardId }, { shopId: referral.shopId, uniqueKey: `claim-code:${claim.rewardId}`, priority: CLAIM_PRIORITY });
  return claim;
}
