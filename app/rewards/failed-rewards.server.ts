// Rewards that Shopify refused for good, shown to staff with the reason in plain words, and the
// staff action "issue as a code instead": the failed store credit is cancelled and a
// customer-bound discount code of the same value replaces it, through the ledger. The
// replacement's idempotency key is the advocate discount-code key of the same referral, and
// the failed → cancelled move is guarded, both in one transaction: a double click, two staff
// members or a retried request create one replacement, and the issue job makes one code.
import { withSqliteBusyRetry, type Db, type DbClient } from "../db.server";
import { enqueueIssue } from "./issue-reward.job.server";
import { isMilestoneKind, paidAsStoreCredit } from "../program/reward-kinds";
import { explainRewardFailure } from "./reward-failure";
import { createReward, transitionReward } from "./reward-ledger.server";
import { recordAudit } from "../lib/audit-log.server";

export interface FailedRewardRow {
  id: string;
  /** Null for a goodwill reward (no referral to open). */
  referralId: string | null;
  recipient: string;
  kind: string;
  amountMinor: string;
  currency: string;
  failedAt: string;
  advocateCode: string;
  advocateEmail: string | null;
  /** What Twofold stored (Shopify's message and code). */
  reason: string | null;
  /** The same in plain words. */
  words: string;
  code: string;
  canIssueAsCode: boolean;
}

/** For the review queue's "failed rewards" banner. */
export function countFailedRewards(db: DbClient, shop: string): Promise<number> {
  return db.reward.count({ where: { shopId: shop, status: "failed" } });
}

export async function listFailedRewards(db: DbClient, shop: string, { limit = 100 }: { limit?: number } = {}): Promise<{ rows: FailedRewardRow[]; total: number }> {
  const where = { shopId: shop, status: "failed" };
  const [rewards, total] = await Promise.all([
    db.reward.findMany({ where, orderBy: [{ updatedAt: "desc" }, { id: "desc" }], take: limit, include: { referral: { include: { advocate: { select: { code: true, email: true } } } }, advocate: { select: { code: true, email: true } } } }),
    db.reward.count({ where }),
  ]);
  return {
    total,
    rows: rewards.map((r) => {
      const failure = explainRewardFailure(r.failureReason);
      return {
        id: r.id,
        referralId: r.referralId,
        recipient: r.recipient,
        kind: r.kind,
        amountMinor: r.amountMinor.toString(),
        currency: r.currency,
        failedAt: r.updatedAt.toISOString(),
        // A goodwill reward names its advocate itself.
        advocateCode: (r.referral?.advocate ?? r.advocate)?.code ?? "—",
        advocateEmail: (r.referral?.advocate ?? r.advocate)?.email ?? null,
        reason: r.failureReason,
        words: failure.words,
        code: failure.code,
        canIssueAsCode: r.recipient === "advocate" && paidAsStoreCredit(r.kind) && failure.canIssueAsCode && Boolean(r.customerGid) && r.referralId !== null,
      };
    }),
  };
}

export type IssueAsCodeResult =
  | { ok: true; replacementId: string }
  | { ok: false; status: 404; error: string }
  | { ok: false; status: 409; error: string };

/** Replaces a failed advocate store credit with a customer-bound discount code; audited with `by.actor`. */
export async function issueFailedRewardAsCode(db: Db, shop: string, rewardId: string, by: { actor: string; reason: string }): Promise<IssueAsCodeResult> {
  return withSqliteBusyRetry(db, () =>
    db.$transaction(async (tx): Promise<IssueAsCodeResult> => {
      const reward = await tx.reward.findFirst({ where: { id: rewardId, shopId: shop } });
      // Another shop's reward is simply not found.
      if (!reward) return { ok: false, status: 404, error: "Reward not found" };
      if (reward.status !== "failed") {
        return { ok: false, status: 409, error: reward.status === "cancelled" ? "This reward was already replaced or cancelled." : `This reward has not failed (it is ${reward.status}).` };
      }
      const failure = explainRewardFailure(reward.failureReason);
      if (reward.recipient !== "advocate" || !paidAsStoreCredit(reward.kind)) return { ok: false, status: 409, error: "Only an advocate's store credit can be issued as a code instead." };
      const referralId = reward.referralId;
      if (!referralId) return { ok: false, status: 409, error: "A goodwill credit is not replaced: give a goodwill code from the advocate's page instead." };
      if (!reward.customerGid || !failure.canIssueAsCode) return { ok: false, status: 409, error: `A code cannot reach this advocate either: ${failure.words}` };
      const replacementId = await replaceCreditWithCode(tx, { ...reward, referralId }, {
        from: "failed",
        reason: `replaced by a discount code by staff: ${by.reason}`,
        replacementReason: `replaces failed store credit ${reward.id} (${failure.code}), by ${by.actor}`,
        actor: by.actor,
      });
      // Someone else replaced it between our read and our update.
      if (replacementId === "gone") return { ok: false, status: 409, error: "This reward was already replaced or cancelled." };
      const details = { reason: by.reason, replacementId, referralId: reward.referralId, amountMinor: reward.amountMinor, currency: reward.currency, failure: failure.code };
      await recordAudit(tx, { shop, actor: by.actor, action: "reward.issued_as_code", subject: "Reward", subjectId: reward.id, data: details });
      return { ok: true, replacementId };
    }),
  ).catch((error: unknown) => {
    if (error instanceof ReplacementExistsError) return { ok: false as const, status: 409 as const, error: "This referral already has a discount code for the advocate." };
    throw error;
  });
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Pays an advocate's store credit as a discount code bound to them instead: the credit reward
 * is cancelled (from `from`) and a code reward for the same amount takes its place, queued to
 * issue. Answers the replacement's id, or "gone" when another run moved the reward first.
 * Throws ReplacementExistsError (rolling back) when the referral already has an advocate code.
 */
export async function replaceCreditWithCode(
  tx: Tx,
  reward: { id: string; shopId: string; referralId: string; kind: string; idempotencyKey: string; amountMinor: bigint; currency: string; customerGid: string | null },
  args: { from: "failed" | "pending"; reason: string; replacementReason: string; actor?: string },
): Promise<string | "gone"> {
  const moved = await transitionReward(tx, { rewardId: reward.id, shopId: reward.shopId, from: args.from, to: "cancelled", reason: args.reason, actor: args.actor });
  if (!moved) return "gone";
  const replacementId = await createReward(tx, {
    shopId: reward.shopId,
    referralId: reward.referralId,
    recipient: "advocate",
    // A milestone bonus stays a milestone bonus, keyed by its own key.
    kind: isMilestoneKind(reward.kind) ? "milestone_code" : "discount_code",
    ...(isMilestoneKind(reward.kind) ? { idempotencyKey: `${reward.idempotencyKey}:as-code` } : {}),
    amountMinor: reward.amountMinor,
    currency: reward.currency,
    customerGid: reward.customerGid,
    holdUntil: null,
    held: false,
    reason: args.replacementReason,
  });
  if (!replacementId) throw new ReplacementExistsError();
  await enqueueIssue(tx, reward.shopId, replacementId, "replacement");
  return replacementId;
}

export class ReplacementExistsError extends Error {
  constructor() {
    super("replacement reward exists");
  }
}
