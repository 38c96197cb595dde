// The job that takes back (part of) an issued reward after a refund or cancellation, and how it is queued.
import type { DbClient } from "../db.server";
import { defineJob } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { pacingWaits, rewardShopifyJob } from "./pacing-waits";
import { reverseReward } from "./reverse-reward.server";

export const reverseRewardJob = defineJob({
  name: "rewards.reverse",
  ...rewardShopifyJob,
  handler: async ({ rewardId }, { db, job }) => pacingWaits(job, () => reverseReward(db, rewardId)),
});

/** Queues a reversal down to a target; `key` (the target) makes one job per target. */
export async function enqueueReverse(db: DbClient, shop: string, rewardId: string, key: string): Promise<void> {
  await enqueue(db, reverseRewardJob, { rewardId }, { shopId: shop, uniqueKey: `reward-reverse:${rewardId}:${key}` });
}
