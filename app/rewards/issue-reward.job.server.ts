// The job that issues one reward through the ledger (store credit or a code), and how it is queued.
import { z } from "zod";
import type { DbClient } from "../db.server";
import { defineJob } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { settleClaimCode } from "./claim-code.server";
import { issueReward } from "./issue-reward.server";
import { pacingWaits } from "./pacing-waits";

export const issueRewardJob = defineJob({
  name: "rewards.issue",
  payload: z.object({ rewardId: z.string().min(1) }),
  maxAttempts: 25,
  backoff: { baseMs: 500, capMs: 30_000 },
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
