// Staff decisions on held referrals. Approval moves the held rewards on through the ledger
// (held → pending, then the normal issue job issues them exactly once; held → held with the
// program's refund hold when it has one); rejection cancels them. Each decision is guarded on
// status "held" (decided in chunked transactions, with the issue job queued in the same
// transaction), so a double click or two staff members racing decide a referral once. Every
// decision is audited with the staff member.
import { withSqliteBusyRetry, type Db, type DbClient } from "../db.server";
import { readProgramConfig } from "../program/program-config";
import { enqueueFlowTrigger } from "../flow/send-flow-trigger.job.server";
import { transitionReferral } from "../referrals/referral-status";
import { enqueueIssue } from "../rewards/issue-reward.job.server";
import { activeRefundHold } from "../rewards/refund-hold";
import { adjustRewardAmount, transitionReward } from "../rewards/reward-ledger.server";
import { decimalToMinorUnits } from "../lib/money";
import { recordAudit } from "../lib/audit-log.server";

export interface ReviewActor {
  /** "staff:<userId>" */
  actor: string;
  reason: string;
}

export interface ReviewResult {
  decided: string[];
  skipped: string[];
}

export const MAX_BULK = 1000;

// Referrals decided per transaction: one commit (one fsync on SQLite) per chunk keeps a bulk
// decision of hundreds quick, while each transaction stays short.
const CHUNK = 50;

export type Decision = "approve" | "reject";

/** Decides one referral inside tx; false if it is not (or no longer) held under this shop. */
async function decideOne(tx: DbClient, shop: string, referral: ReferralToDecide, decision: Decision, by: ReviewActor, bulk: number, now: Date): Promise<boolean> {
  if (referral.status !== "held") return false;
  const moved = await transitionReferral(tx, {
    referralId: referral.id,
    shopId: shop,
    from: "held",
    to: decision === "approve" ? "qualified" : "rejected",
    // A reconsidered referral rejected again says so (not "staff reconsidered").
    data: { reviewedBy: by.actor, reviewedAt: now, reviewNote: by.reason, ...(decision === "reject" && referral.rejectionReason === "staff_reconsidered" ? { rejectionReason: "staff_rejected" } : {}) },
  });
  if (!moved) return false;
  if (decision === "approve") {
    await enqueueFlowTrigger(tx, shop, { trigger: "referralQualified", referralId: referral.id, approvedByStaff: true }, `${referral.id}:approved:${now.getTime()}`);
  }
  const holdDays = readProgramConfig(referral.programVersion.config).advocateReward.holdDays;
  for (const reward of referral.rewards) {
    if (reward.status !== "held") continue;
    const reason = `${decision === "approve" ? "approved" : "rejected"} in review: ${by.reason}`;
    if (decision === "reject") {
      await transitionReward(tx, { rewardId: reward.id, shopId: shop, from: "held", to: "cancelled", reason, actor: by.actor });
      continue;
    }
    // The refund hold still protects the advocate's reward after review.
    const holdUntil = reward.recipient === "advocate" ? activeRefundHold(holdDays, referral.orderedAt ?? now, now) : null;
    if (holdUntil) {
      await transitionReward(tx, { rewardId: reward.id, shopId: shop, from: "held", to: "held", reason: `${reason}; refund hold until ${holdUntil.toISOString()}`, actor: by.actor, data: { holdUntil } });
    } else if (await transitionReward(tx, { rewardId: reward.id, shopId: shop, from: "held", to: "pending", reason, actor: by.actor, data: { holdUntil: null } })) {
      // Queued in the same transaction: an approved reward is never left pending without its job.
      // A reconsidered referral's reward may have had an "approved" issue job before it was
      // cancelled: a fresh generation so this approval's job is not deduplicated away.
      await enqueueIssue(tx, shop, reward.id, referral.rejectionReason === "staff_reconsidered" ? `reconsidered:${now.getTime()}` : "approved");
    }
  }
  const details = { reason: by.reason, fraudScore: referral.fraudScore, ...(bulk > 1 ? { bulk } : {}) };
  await recordAudit(tx, { shop, actor: by.actor, action: decision === "approve" ? "review.approved" : "review.rejected", subject: "Referral", subjectId: referral.id, data: details });
  return true;
}

type ReferralToDecide = Awaited<ReturnType<typeof findReferrals>>[number];

function findReferrals(tx: DbClient, shop: string, ids: string[]) {
  return tx.referral.findMany({ where: { id: { in: ids }, shopId: shop }, include: { rewards: true, programVersion: true } });
}

async function decide(db: Db, shop: string, ids: string[], decision: Decision, by: ReviewActor, now = new Date()): Promise<ReviewResult> {
  const unique = [...new Set(ids)].slice(0, MAX_BULK);
  const result: ReviewResult = { decided: [], skipped: [] };
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const decided = await withSqliteBusyRetry(db, () =>
      db.$transaction(async (tx) => {
        const found = new Map((await findReferrals(tx, shop, chunk)).map((r) => [r.id, r]));
        const done = new Set<string>();
        for (const id of chunk) {
          const referral = found.get(id);
          // Ids of another shop are not found under this shop and come back as skipped.
          if (referral && (await decideOne(tx, shop, referral, decision, by, unique.length, now))) done.add(id);
        }
        return done;
      }, { timeout: 20_000 }),
    );
    for (const id of chunk) (decided.has(id) ? result.decided : result.skipped).push(id);
  }
  return result;
}

export function approveReferrals(db: Db, shop: string, ids: string[], by: ReviewActor, now?: Date): Promise<ReviewResult> {
  return decide(db, shop, ids, "approve", by, now);
}

export function rejectReferrals(db: Db, shop: string, ids: string[], by: ReviewActor, now?: Date): Promise<ReviewResult> {
  return decide(db, shop, ids, "reject", by, now);
}

/** Sets a held reward's amount (staff correction before it is issued). False if not held any more. */
export async function adjustHeldReward(db: Db, shop: string, rewardId: string, amountMinor: bigint, by: ReviewActor): Promise<boolean> {
  if (amountMinor < 0n) throw new Error("amount must not be negative");
  return withSqliteBusyRetry(db, () =>
    db.$transaction(async (tx: DbClient) => {
      const reward = await tx.reward.findFirst({ where: { id: rewardId, shopId: shop } });
      if (!reward || reward.status !== "held") return false;
      const moved = await adjustRewardAmount(tx, {
        rewardId,
        shopId: shop,
        status: "held",
        fromMinor: reward.amountMinor,
        toMinor: amountMinor,
        reason: `amount adjusted in review: ${reward.amountMinor} → ${amountMinor} (${by.reason})`,
        actor: by.actor,
      });
      if (!moved) return false;
      const details = { referralId: reward.referralId, from: reward.amountMinor, to: amountMinor, reason: by.reason };
      await recordAudit(tx, { shop, actor: by.actor, action: "review.reward_adjusted", subject: "Reward", subjectId: rewardId, data: details });
      return true;
    }),
  );
}

/**
 * One referral decided from its page: "not_found" when this shop has no such referral,
 * "not_held" when it is no longer held for review.
 */
export async function decideReferral(db: Db, shop: string, referralId: string, decision: Decision, by: ReviewActor): Promise<"decided" | "not_found" | "not_held"> {
  const exists = await db.referral.findFirst({ where: { id: referralId, shopId: shop }, select: { id: true } });
  if (!exists) return "not_found";
  const result = await decide(db, shop, [referralId], decision, by);
  return result.decided.length ? "decided" : "not_held";
}

/**
 * A held reward of this referral set to `amount`, a decimal as staff type it in the reward's
 * currency: "not_found" when the referral has no such reward, "not_held" when it is not held.
 */
export async function adjustReferralReward(db: Db, shop: string, args: { referralId: string; rewardId: string; amount: string }, by: ReviewActor): Promise<"adjusted" | "not_found" | "not_held"> {
  const reward = await db.reward.findFirst({ where: { id: args.rewardId, shopId: shop, referralId: args.referralId }, select: { id: true, currency: true } });
  if (!reward) return "not_found";
  return (await adjustHeldReward(db, shop, reward.id, decimalToMinorUnits(args.amount, reward.currency), by)) ? "adjusted" : "not_held";
}
