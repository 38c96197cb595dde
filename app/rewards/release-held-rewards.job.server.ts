// The recurring sweep: releases held rewards whose hold is over, and re-queues rewards whose
// issue job was lost.
import { z } from "zod";
import { withSqliteBusyRetry, type Db } from "../db.server";
import { defineJob } from "../jobs/define-job";
import { jobNow } from "../lib/clock.server";
import { enqueueIssue, issueRewardJob } from "./issue-reward.job.server";
import { transitionReward } from "./reward-ledger.server";

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

/** Ids of the rewards whose issue job waits or runs (uniqueKey `reward-issue:<rewardId>:<generation>`). */
async function rewardsWithLiveIssueJob(db: Db): Promise<Set<string>> {
  const live = await db.job.findMany({ where: { name: issueRewardJob.name, status: { in: ["queued", "running"] } }, select: { uniqueKey: true } });
  return new Set(live.map((j) => j.uniqueKey?.split(":")[1]).filter((id): id is string => Boolean(id)));
}
