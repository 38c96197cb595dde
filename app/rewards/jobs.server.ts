// The pipeline's jobs: process an order webhook, issue a reward, reverse a reward, release
// held rewards (recurring, also re-queues rewards whose issue job was lost or died).
import { z } from "zod";
import { withSqliteBusyRetry, type Db } from "../db.server";
import { defineJob, PermanentJobError, RetryJobLaterError } from "../jobs/define-job";
import type { Job } from "../jobs/queue.server";
import { orderIdOfEvent, syncOrder, enqueueIssue, ISSUE_REWARD_JOB, REVERSE_REWARD_JOB } from "../referrals/process-order.server";
import { ORDER_WEBHOOK_JOB, orderWebhookPayload } from "../webhooks/order-webhooks.server";
import { awardMilestones } from "./award-milestones.server";
import { issueReward } from "./issue-reward.server";
import { AWARD_MILESTONES_JOB } from "./milestones";
import { reverseReward } from "./reverse-reward.server";
import { transitionReward } from "./reward-ledger.server";
import { eventNow, jobNow } from "../lib/clock.server";

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
    await syncOrder(db, event.shopId, orderId, await eventNow());
    await withSqliteBusyRetry(db, () => db.webhookEvent.updateMany({ where: { id: event.id, processedAt: null }, data: { processedAt: new Date() } }));
  },
});

const rewardPayload = z.object({ rewardId: z.string().min(1) });

/** After this long, waiting counts as failing again, so a job stuck behind an account for good ends dead where staff see it. */
const MAX_FREE_WAIT_MS = 60 * 60_000;

/**
 * Waiting for an account's store-credit lock is not a failed attempt (RetryJobLaterError with
 * countsAsAttempt false) for the first hour of a job's life; the longer a job has waited, the
 * less often it looks again (a tenth of its age, 30 s at most).
 */
async function pacingWaits(job: Job, run: () => Promise<unknown>, now = Date.now): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof RetryJobLaterError) || error.countsAsAttempt) throw error;
    const waited = now() - job.createdAt.getTime();
    throw new RetryJobLaterError(error.message, Math.min(30_000, Math.max(error.delayMs, Math.round(waited / 10))), { countsAsAttempt: waited > MAX_FREE_WAIT_MS });
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
    const now = await jobNow();
    const due = await db.reward.findMany({ where: { status: "held", holdUntil: { lte: now } }, take: limit, orderBy: { holdUntil: "asc" } });
    for (const reward of due) {
      const released = await withSqliteBusyRetry(db, () =>
        db.$transaction((t) => transitionReward(t, { rewardId: reward.id, shopId: reward.shopId, from: "held", to: "pending", reason: "hold period over", where: { holdUntil: { lte: now } } })),
      );
      if (released) await enqueueIssue(db, reward.shopId, reward.id, "released");
    }
    await requeueStuckRewards(db, now, stuckAfterMs, limit);
  },
});

/** Pages of stuck rewards read per sweep at most (behind a backlog, most of them still have a live job). */
const STUCK_SWEEP_MAX_PAGES = 20;

/**
 * Queues a fresh issue job for up to `limit` rewards pending or issuing for longer than
 * `stuckAfterMs` whose issue job is gone (dead, or lost with a dead worker). A reward that only
 * waits its turn behind the shop's rate limit (a burst of thousands) still has its job and is
 * left alone: re-queueing those on every sweep piled up tens of thousands of duplicate jobs in a
 * 2,000-order fault run. Pages through the stuck rewards, so a truly stuck one is found behind
 * a backlog of waiting ones too.
 */
async function requeueStuckRewards(db: Db, now: Date, stuckAfterMs: number, limit: number): Promise<number> {
  const slot = Math.floor(now.getTime() / Math.max(stuckAfterMs, 1));
  const waiting = await rewardsWithLiveIssueJob(db);
  let requeued = 0;
  let cursor: string | undefined;
  for (let pages = 0; pages < STUCK_SWEEP_MAX_PAGES && requeued < limit; pages++) {
    const page = await db.reward.findMany({
      where: { status: { in: ["pending", "issuing"] }, updatedAt: { lt: new Date(now.getTime() - stuckAfterMs) }, ...(cursor ? { id: { gt: cursor } } : {}) },
      select: { id: true, shopId: true },
      orderBy: { id: "asc" },
      take: limit,
    });
    if (page.length === 0) break;
    cursor = page[page.length - 1].id;
    for (const reward of page) {
      if (waiting.has(reward.id) || requeued >= limit) continue;
      await enqueueIssue(db, reward.shopId, reward.id, `sweep-${slot}`);
      requeued++;
    }
    if (page.length < limit) break;
  }
  return requeued;
}

export const rewardJobs = [processOrderWebhookJob, issueRewardJob, reverseRewardJob, releaseHeldRewardsJob, awardMilestonesJob];

/** Ids of the rewards whose issue job waits or runs (uniqueKey `reward-issue:<rewardId>:<generation>`). */
async function rewardsWithLiveIssueJob(db: Db): Promise<Set<string>> {
  const live = await db.job.findMany({ where: { name: ISSUE_REWARD_JOB, status: { in: ["queued", "running"] } }, select: { uniqueKey: true } });
  return new Set(live.map((j) => j.uniqueKey?.split(":")[1]).filter((id): id is string => Boolean(id)));
}
