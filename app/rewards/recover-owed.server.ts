// What a reversal could not take back (a used code, credit already spent) is "owed" on the
// reversed reward. Recovery takes it off the advocate's next reward before its first send, and
// staff may forgive it instead. Each amount moves exactly once: the owing rewards and the
// paying reward are guarded updates on the amounts read, in one transaction, each with its
// ledger note, so a duplicate job or a retried one finds nothing left to deduct.
import { withSqliteBusyRetry, type Db, type DbClient } from "../db.server";
import { RetryJobLaterError } from "../jobs/define-job";
import { readProgramConfig } from "../program/program-config";
import { adjustRewardAmount, settleOwed } from "./reward-ledger.server";
import { Refusal } from "../lib/refusal";
import { recordAudit } from "../lib/audit-log.server";

/** A reward's owed amount not yet recovered or forgiven. */
export function outstandingOwed(r: { owedMinor: bigint; owedRecoveredMinor: bigint; owedForgivenMinor: bigint }): bigint {
  const left = r.owedMinor - r.owedRecoveredMinor - r.owedForgivenMinor;
  return left > 0n ? left : 0n;
}

/** The advocate's rewards with something still owed, oldest first. */
async function owingRewards(db: DbClient, shopId: string, advocateId: string, currency?: string) {
  const rows = await db.reward.findMany({
    where: { shopId, recipient: "advocate", owedMinor: { gt: 0 }, referral: { advocateId }, ...(currency ? { currency } : {}) },
    orderBy: [{ issuedAt: "asc" }, { id: "asc" }],
    select: { id: true, status: true, currency: true, owedMinor: true, owedRecoveredMinor: true, owedForgivenMinor: true },
  });
  return rows.filter((r) => outstandingOwed(r) > 0n);
}

/** What each advocate still owes, by advocate id and currency (for the admin list and the export). */
export async function owedByAdvocate(db: DbClient, shopId: string, advocateIds: string[]): Promise<Map<string, { currency: string; minor: bigint }[]>> {
  const rows = await db.reward.findMany({
    where: { shopId, recipient: "advocate", owedMinor: { gt: 0 }, referral: { advocateId: { in: advocateIds } } },
    select: { currency: true, owedMinor: true, owedRecoveredMinor: true, owedForgivenMinor: true, referral: { select: { advocateId: true } } },
  });
  const out = new Map<string, { currency: string; minor: bigint }[]>();
  for (const r of rows) {
    const left = outstandingOwed(r);
    if (left === 0n || !r.referral) continue;
    const list = out.get(r.referral.advocateId) ?? [];
    const entry = list.find((e) => e.currency === r.currency);
    if (entry) entry.minor += left;
    else list.push({ currency: r.currency, minor: left });
    out.set(r.referral.advocateId, list);
  }
  return out;
}

export interface DeductionResult {
  deductedMinor: bigint;
  amountMinor: bigint;
}

/**
 * Deducts the advocate's outstanding owed amounts (same currency) from a pending advocate
 * reward that has never been sent (attempts = 0), when its program version says so. Returns
 * null when nothing was deducted.
 */
export async function deductOwedFromReward(db: Db, rewardId: string): Promise<DeductionResult | null> {
  return withSqliteBusyRetry(db, () =>
    db.$transaction(async (t) => {
      const reward = await t.reward.findUnique({ where: { id: rewardId }, include: { referral: { include: { programVersion: true } } } });
      // A goodwill reward (no referral) is given whole.
      if (!reward?.referral || reward.recipient !== "advocate" || reward.status !== "pending" || reward.attempts !== 0 || reward.amountMinor <= 0n) return null;
      if (!readProgramConfig(reward.referral.programVersion.config).advocateReward.recoverOwed) return null;
      const owing = (await owingRewards(t, reward.shopId, reward.referral.advocateId, reward.currency)).filter((r) => r.id !== reward.id);
      let left = reward.amountMinor;
      let total = 0n;
      for (const source of owing) {
        if (left === 0n) break;
        const take = outstandingOwed(source) < left ? outstandingOwed(source) : left;
        const recovered = await settleOwed(t, { rewardId: source.id, shopId: reward.shopId, status: source.status, read: source, recoveredMinor: take, reason: `owed: ${take} recovered from reward ${reward.id}` });
        if (!recovered) throw new RetryJobLaterError(`owed reward ${source.id} changed during a deduction`, 50);
        left -= take;
        total += take;
      }
      if (total === 0n) return null;
      const deducted = await adjustRewardAmount(t, {
        rewardId: reward.id,
        shopId: reward.shopId,
        status: "pending",
        fromMinor: reward.amountMinor,
        toMinor: left,
        where: { attempts: 0, deductedMinor: reward.deductedMinor },
        data: { deductedMinor: { increment: total } },
        reason: `${total} owed from earlier reversals deducted; ${left} left to pay`,
      });
      if (!deducted) throw new RetryJobLaterError(`reward ${reward.id} changed during a deduction`, 50);
      return { deductedMinor: total, amountMinor: left };
    }),
  );
}

export class ForgiveOwedError extends Refusal {}

/**
 * Staff forgive what an advocate owes (all of it, in every currency): recorded on each owing
 * reward, with a ledger note and an audit entry carrying the reason. Returns the amounts forgiven.
 */
export async function forgiveOwed(db: Db, args: { shopId: string; advocateId: string; reason: string; actor: string }): Promise<{ currency: string; minor: bigint }[]> {
  const reason = args.reason.trim();
  if (!reason) throw new ForgiveOwedError("Give a reason for forgiving the owed amount.", 422);
  return withSqliteBusyRetry(db, () =>
    db.$transaction(async (t) => {
      const advocate = await t.advocate.findFirst({ where: { id: args.advocateId, shopId: args.shopId }, select: { id: true } });
      if (!advocate) throw new ForgiveOwedError("No such advocate.", 404);
      const owing = await owingRewards(t, args.shopId, args.advocateId);
      if (owing.length === 0) throw new ForgiveOwedError("This advocate owes nothing.", 422);
      const forgiven: { currency: string; minor: bigint }[] = [];
      for (const source of owing) {
        const amount = outstandingOwed(source);
        const settled = await settleOwed(t, { rewardId: source.id, shopId: args.shopId, status: source.status, read: source, forgivenMinor: amount, reason: `owed: ${amount} forgiven by staff: ${reason}`, actor: args.actor });
        if (!settled) throw new ForgiveOwedError("The owed amount changed meanwhile; reload and try again.", 422);
        const entry = forgiven.find((f) => f.currency === source.currency);
        if (entry) entry.minor += amount;
        else forgiven.push({ currency: source.currency, minor: amount });
      }
      const details = { reason, forgiven, rewards: owing.map((r) => r.id) };
      await recordAudit(t, { shop: args.shopId, actor: args.actor, action: "advocate.owed_forgiven", subject: "Advocate", subjectId: args.advocateId, data: details });
      return forgiven;
    }),
  );
}
