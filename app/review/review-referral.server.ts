// Staff decisions on held referrals. Approval moves the held rewards on through the ledger
// (held → pending, then the normal issue job issues them exactly once; held → held with the
// program's refund hold when it has one); rejection cancels them. Each referral is decided in
// its own transaction, guarded on status "held", so a double click or two staff members
// racing decide it once. Every decision is audited with the staff member.
import type { Db, DbClient } from "../db.server";
import { withSqliteBusyRetry } from "../jobs/queue.server";
import { readProgramConfig } from "../program/program-config";
import { enqueueIssue } from "../referrals/process-order.server";
import { transitionReward } from "../rewards/reward-ledger.server";

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

async function decideOne(db: Db, shop: string, referralId: string, decision: "approve" | "reject", by: ReviewActor, bulk: number, now: Date): Promise<string[] | null> {
  return withSqliteBusyRetry(db, () =>
    db.$transaction(async (tx) => {
      const referral = await tx.referral.findFirst({ where: { id: referralId, shopId: shop }, include: { rewards: true, programVersion: true } });
      if (!referral || referral.status !== "held") return null;
      const { count } = await tx.referral.updateMany({
        where: { id: referralId, shopId: shop, status: "held" },
        data: { status: decision === "approve" ? "qualified" : "rejected", reviewedBy: by.actor, reviewedAt: now, reviewNote: by.reason },
      });
      if (count !== 1) return null;
      const toIssue: string[] = [];
      const holdDays = readProgramConfig(referral.programVersion.config).advocateReward.holdDays;
      for (const reward of referral.rewards) {
        if (reward.status !== "held") continue;
        const reason = `${decision === "approve" ? "approved" : "rejected"} in review: ${by.reason}`;
        if (decision === "reject") {
          await transitionReward(tx, { rewardId: reward.id, shopId: shop, from: "held", to: "cancelled", reason, actor: by.actor });
          continue;
        }
        // The refund hold still protects the advocate's reward after review.
        const holdUntil = reward.recipient === "advocate" && holdDays > 0 ? new Date((referral.orderedAt ?? now).getTime() + holdDays * 86_400_000) : null;
        if (holdUntil && holdUntil > now) {
          await transitionReward(tx, { rewardId: reward.id, shopId: shop, from: "held", to: "held", reason: `${reason}; refund hold until ${holdUntil.toISOString()}`, actor: by.actor, data: { holdUntil } });
        } else if (await transitionReward(tx, { rewardId: reward.id, shopId: shop, from: "held", to: "pending", reason, actor: by.actor, data: { holdUntil: null } })) {
          toIssue.push(reward.id);
        }
      }
      await tx.auditLog.create({
        data: {
          shopId: shop,
          actor: by.actor,
          action: decision === "approve" ? "review.approved" : "review.rejected",
          subjectType: "Referral",
          subjectId: referralId,
          data: { reason: by.reason, fraudScore: referral.fraudScore, ...(bulk > 1 ? { bulk } : {}) },
        },
      });
      return toIssue;
    }),
  );
}

async function decide(db: Db, shop: string, ids: string[], decision: "approve" | "reject", by: ReviewActor, now = new Date()): Promise<ReviewResult> {
  const unique = [...new Set(ids)].slice(0, MAX_BULK);
  const result: ReviewResult = { decided: [], skipped: [] };
  for (const id of unique) {
    const toIssue = await decideOne(db, shop, id, decision, by, unique.length, now);
    if (toIssue === null) {
      result.skipped.push(id);
      continue;
    }
    result.decided.push(id);
    for (const rewardId of toIssue) await enqueueIssue(db, shop, rewardId, "approved");
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
      const moved = await transitionReward(tx, {
        rewardId,
        shopId: shop,
        from: "held",
        to: "held",
        reason: `amount adjusted in review: ${reward.amountMinor} → ${amountMinor} (${by.reason})`,
        actor: by.actor,
        data: { amountMinor },
        where: { amountMinor: reward.amountMinor },
      });
      if (!moved) return false;
      await tx.auditLog.create({
        data: {
          shopId: shop,
          actor: by.actor,
          action: "review.reward_adjusted",
          subjectType: "Reward",
          subjectId: rewardId,
          data: { referralId: reward.referralId, from: reward.amountMinor.toString(), to: amountMinor.toString(), reason: by.reason },
        },
      });
      return true;
    }),
  );
}
