// The job that issues one reward through the ledger (store credit or a code), and how it is queued.
import type { DbClient } from "../db.server";
import { defineJob } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { settleClaimCode } from "./claim-code.server";
import { issueReward } from "./issue-reward.server";
import { pacingWaits, rewardShopifyJob } from "./pacing-waits";

export const issueRewardJob = defineJob({
  name: "rewards.issue",
  ...rewardShopifyJob,
  handler: async ({ rewardId }, { db, job }) => {
    await pacingWaits(job, () => issueReward(db, rewardId));
    // A claim's code retried from here (staff, a sweep) makes its referral claimed too.
    await settleClaimCode(db, rewardId);
  },
});

/** Queues issuing a reward; `generation` names why (a new reward, a release, an approval, a sweep), one job per generation. */
export async function enqueueIssue(db: DbClient, shop: string, rewardId: string, generation = "0"): Promise<void> {
  await enqueue(db, issueRewardJob, { rewardId }, { shopId: shop, uniqueKey: `reward-issue:${rewardId}:${generation}` });
}
