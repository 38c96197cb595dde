// Issue and reverse jobs wait for an account's store-credit lock without dying of waiting.
import { z } from "zod";
import type { Job } from "../generated/prisma/index.js";
import { RetryJobLaterError } from "../jobs/define-job";

/** After this long, waiting counts as failing again, so a job stuck behind an account for good ends dead where staff see it. */
const MAX_FREE_WAIT_MS = 60 * 60_000;

/**
 * Waiting for an account's store-credit lock is not a failed attempt (RetryJobLaterError with
 * countsAsAttempt false) for the first hour of a job's life; the longer a job has waited, the
 * less often it looks again (a tenth of its age, 30 s at most).
 */
export async function pacingWaits(job: Job, run: () => Promise<unknown>, now = Date.now): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof RetryJobLaterError) || error.countsAsAttempt) throw error;
    const waited = now() - job.createdAt.getTime();
    throw new RetryJobLaterError(error.message, Math.min(30_000, Math.max(error.delayMs, Math.round(waited / 10))), { countsAsAttempt: waited > MAX_FREE_WAIT_MS });
  }
}

/**
 * What the issue and the reverse job share besides pacingWaits: one reward by id, and many
 * quick attempts (most failures are the account's lock or the shop's Admin budget).
 */
export const rewardShopifyJob = {
  payload: z.object({ rewardId: z.string().min(1) }),
  maxAttempts: 25,
  backoff: { baseMs: 500, capMs: 30_000 },
};
