// The ledger moves every issuance makes, whatever it sends (issue-discount-code.server.ts,
// issue-store-credit.server.ts): the reward as issuance reads it, pending → issuing with one
// more attempt, issuing → issued with its email and events in the same transaction, → failed.
import { withSqliteBusyRetry, type Db } from "../db.server";
import { enqueueFlowTrigger } from "../flow/send-flow-trigger.job.server";
import { RetryJobLaterError } from "../jobs/define-job";
import { readProgramConfig } from "../program/program-config";
import { currentProgramVersion } from "../program/program.server";
import { ShopifyApiError, ShopifyUserError } from "../shopify/errors";
import { queueMilestoneEmail, queueRewardIssuedEmail } from "../notifications/queue-email.server";
import { enqueue } from "../jobs/queue.server";
import { awardMilestonesJob } from "./award-milestones.job.server";
import { isMilestoneKind, milestoneOfKey } from "../program/reward-kinds";
import { recordIssueAttempt, transitionReward, type TransitionArgs } from "./reward-ledger.server";

export type RewardRow = NonNullable<Awaited<ReturnType<typeof loadReward>>>;

/**
 * The reward with whose it is and the program it follows: its referral's version, or for a
 * goodwill reward (no referral) its own advocate and the program in force now (null: none).
 */
export async function loadReward(db: Db, rewardId: string) {
  const row = await db.reward.findUnique({ where: { id: rewardId }, include: { referral: { include: { advocate: true, programVersion: true } } } });
  if (!row) return null;
  const advocateId = row.referral?.advocateId ?? row.advocateId;
  if (!advocateId) throw new Error(`reward ${rewardId} has neither a referral nor an advocate`);
  const config = row.referral ? readProgramConfig(row.referral.programVersion.config) : ((await currentProgramVersion(db, row.shopId))?.config ?? null);
  return { ...row, advocateId, config };
}

export type IssueOutcome = "issued" | "failed" | "skipped";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export async function tx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withSqliteBusyRetry(db, () => db.$transaction(fn));
}

export async function markIssuing(db: Db, reward: RewardRow, data: { discountCode?: string } = {}): Promise<void> {
  await tx(db, async (t) => {
    if (reward.status === "pending") {
      const moved = await transitionReward(t, {
        rewardId: reward.id,
        shopId: reward.shopId,
        from: "pending",
        to: "issuing",
        reason: "sending to Shopify",
        data: { attempts: { increment: 1 }, ...data },
      });
      if (!moved) throw new RetryJobLaterError(`reward ${reward.id} changed while starting issuance`, 50);
    } else {
      // Guarded too: a run that read "issuing" before another run finished must not send again.
      if (!(await recordIssueAttempt(t, { rewardId: reward.id, shopId: reward.shopId, data }))) throw new RetryJobLaterError(`reward ${reward.id} changed while resuming issuance`, 50);
    }
  });
}

export async function markFailed(db: Db, reward: RewardRow, reason: string, afterLock?: () => Promise<void>): Promise<IssueOutcome> {
  await tx(db, async (t) => {
    const moved = await transitionReward(t, { rewardId: reward.id, shopId: reward.shopId, from: ["issuing", "pending"], to: "failed", reason, data: { failureReason: reason.slice(0, 2000) } });
    // Only when this run's move landed, and only its own credit lock: a reward another run
    // moved on (issued, then reversing) may hold a debit lock that is not ours to drop.
    if (moved) await t.storeCreditLock.deleteMany({ where: { rewardId: reward.id, operation: "credit" } });
  });
  await afterLock?.();
  return "failed";
}

/**
 * The move to `issued` and its email commit together: the friend's code email or the
 * advocate's "you earned" email is queued only by the run whose transition landed (and the
 * email's dedupe key makes a second queueing a no-op anyway).
 */
export async function markIssued(t: Tx, reward: RewardRow, args: Omit<TransitionArgs, "rewardId" | "shopId" | "to">): Promise<boolean> {
  const moved = await transitionReward(t, { ...args, rewardId: reward.id, shopId: reward.shopId, to: "issued" });
  if (!moved) return false;
  // Every advocate reward that reached Shopify (referral, milestone, goodwill) is one Flow event.
  if (reward.recipient === "advocate") await enqueueFlowTrigger(t, reward.shopId, { trigger: "rewardIssued", rewardId: reward.id }, reward.id);
  if (isMilestoneKind(reward.kind)) {
    const referrals = milestoneOfKey(reward.idempotencyKey);
    if (referrals !== null) {
      await queueMilestoneEmail(t, { shopId: reward.shopId, advocateId: reward.advocateId, referrals, bonusMinor: reward.amountMinor, currency: reward.currency, rewardId: reward.id });
    }
    return true;
  }
  // A goodwill reward is staff's own gesture (they tell the advocate themselves); it is not a
  // successful referral either, so no milestone counts it.
  if (!reward.referralId) return true;
  await queueRewardIssuedEmail(t, { id: reward.id, shopId: reward.shopId, referralId: reward.referralId, recipient: reward.recipient, kind: reward.kind });
  // One more successful referral for the advocate: a milestone may be due (its own job, so a
  // crash after this commit still pays it).
  if (reward.recipient === "advocate") {
    await enqueue(t, awardMilestonesJob, { shopId: reward.shopId, advocateId: reward.advocateId }, { shopId: reward.shopId, uniqueKey: `milestones:${reward.id}` });
  }
  return true;
}

export function describeShopifyFailure(error: unknown): string | null {
  if (error instanceof ShopifyUserError) return `Shopify refused: ${error.message}`;
  if (error instanceof ShopifyApiError && !error.retryable) return `Shopify error (${error.kind}): ${error.message}`;
  return null;
}

export function addDays(now: Date, days: number | null | undefined): Date | null {
  return days ? new Date(now.getTime() + days * 86_400_000) : null;
}
