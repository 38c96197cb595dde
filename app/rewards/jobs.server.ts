// The pipeline's jobs: process an order webhook, issue a reward, reverse a reward, release
// held rewards (recurring, also re-queues rewards whose issue job was lost or died).
import { z } from "zod";
import type { Db } from "../db.server";
import { defineJob, PermanentJobError, RetryJobLaterError } from "../jobs/define-job";
import type { Job } from "../jobs/queue.server";
import { orderIdOfEvent, syncOrder, enqueueIssue, ISSUE_REWARD_JOB, REVERSE_REWARD_JOB } from "../referrals/process-order.server";
import { ORDER_WEBHOOK_JOB, orderWebhookPayload } from "../webhooks/order-webhooks.server";
import { withSqliteBusyRetry } from "../jobs/queue.server";
import { awardMilestones } from "./award-milestones.server";
import { issueReward } from "./issue-reward.server";
import { AWARD_MILESTONES_JOB } from "./milestones";
import { reverseReward } from "./reverse-reward.server";
import { transitionReward } from "./reward-ledger.server";

export const processOrderWebhookJob = defineJob({
  name: ORDER_WEBHOOK_JOB,
  payload: orderWebhookPayload,
  maxAttempts: 12,
  handler: async ({ webhookEventId }, { db }) => {
    const event = await db.webhookEvent.findUnique({ where: { id: webhookEventId } });
    if (!event) throw new PermanentJobError(`webhook event ${webhookEventId} not found`);
    let orderId: string;
    try {
      orderId = orderIdOfEvent(event.topic, event.payload);
    } catch (error) {
      throw new PermanentJobError(`${event.topic} payload is not an order/refund Twofold can read: ${(error as Error).message}`);
    }
    await syncOrder(db, event.shopId, orderId);
    await withSqliteBusyRetry(db, () => db.webhookEvent.updateMany({ where: { id: event.id, processedAt: null }, data: { processedAt: new Date() } }));
  },
});

const rewardPayload = z.object({ rewardId: z.string().min(1) });

/**
 * Waiting for an account's store-credit lock is not a failed attempt (RetryJobLaterError with
 * countsAsAttempt false), so it never kills the job; the longer a job has waited, the less
 * often it looks again (a tenth of its age, 30 s at most).
 */
async function pacingWaits(job: Job, run: () => Promise<unknown>, now = Date.now): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof RetryJobLaterError) || error.countsAsAttempt) throw error;
    const waited = now() - job.createdAt.getTime();
    throw new RetryJobLaterError(error.message, Math.min(30_000, Math.max(error.delayMs, Math.round(waited / 10))), { countsAsAttempt: false });
  }
}

export const issueRewardJob = defineJob({
  name: ISSUE_REWARD_JOB,
  payload: rewardPayload,
  maxAttempts: 25,
  backoff: { baseMs: 500, capMs: 30_000 },
  handler: async ({ rewardId }, { db, job }) => pacingWaits(job, () => issueReward(db, rewardId)),
});

export const reverseRewardJob = defineJob({
  name: REVERSE_REWARD_JOB,
  payload: rewardPayload,
  maxAttempts: 25,
  backoff: { baseMs: 500, capMs: 30_000 },
  handler: async ({ rewardId }, { db, job }) => pacingWaits(job, () => reverseReward(db, rewardId)),
});

export const awardMilestonesJob = defineJob({
  name: AWARD_MILESTONES_JOB,
  payload: z.object({ shopId: z.string().min(1), advocateId: z.string().min(1) }),
  handler: async ({ shopId, advocateId }, { db }) => {
    await awardMilestones(db, shopId, advocateId);
  },
});

/** Rewards stuck in pending/issuing longer than this get a fresh issue job. */
export const STUCK_AFTER_MS = 10 * 60_000;

export const releaseHeldRewardsJob = defineJob({
  name: "rewards.release-held",
  payload: z.object({ limit: z.number().int().positive().max(5_000).default(500), stuckAfterMs: z.number().int().nonnegative().default(STUCK_AFTER_MS) }),
  handler: async ({ limit, stuckAfterMs }, { db }) => {
    const now = new Date();
    const due = await db.reward.findMany({ where: { status: "held", holdUntil: { lte: now } }, take: limit, orderBy: { holdUntil: "asc" } });
    for (const reward of due) {
      const released = await withSqliteBusyRetry(db, () =>
        db.$transaction((t) => transitionReward(t, { rewardId: reward.id, shopId: reward.shopId, from: "held", to: "pending", reason: "hold period over", where: { holdUntil: { lte: now } } })),
      );
      if (released) await enqueueIssue(db, reward.shopId, reward.id, "released");
    }
    const stuck = await db.reward.findMany({ where: { status: { in: ["pending", "issuing"] }, updatedAt: { lt: new Date(now.getTime() - stuckAfterMs) } }, take: limit });
    const slot = Math.floor(now.getTime() / Math.max(stuckAfterMs, 1));
    for (const reward of await withoutLiveIssueJob(db, stuck)) await enqueueIssue(db, reward.shopId, reward.id, `sweep-${slot}`);
  },
});

export const rewardJobs = [processOrderWebhookJob, issueRewardJob, reverseRewardJob, releaseHeldRewardsJob, awardMilestonesJob];

/**
 * The rewards among `rewards` that have no issue job waiting or running. A reward that waits
 * its turn behind the shop's rate limit (a burst of thousands) is not stuck: re-queueing it on
 * every sweep piled up tens of thousands of duplicate jobs in a 2,000-order fault run.
 */
async function withoutLiveIssueJob<R extends { id: string }>(db: Db, rewards: R[]): Promise<R[]> {
  if (rewards.length === 0) return rewards;
  const live = await db.job.findMany({
    where: {
      name: ISSUE_REWARD_JOB,
      status: { in: ["queued", "running"] },
      OR: rewards.map((r) => ({ uniqueKey: { startsWith: `reward-issue:${r.id}:` } })),
    },
    select: { uniqueKey: true },
  });
  const waiting = new Set(live.map((j) => j.uniqueKey?.split(":")[1]));
  return rewards.filter((r) => !waiting.has(r.id));
}
