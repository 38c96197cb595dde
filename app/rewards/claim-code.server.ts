// A friend's instant code (a claim in instant mode) is a friend Reward in the ledger, issued by
// the same code as an after-order code (issue-reward.server.ts: the code derived from the
// reward, the program's value mapping, a TAKEN code accepted only when its title is ours), in a
// job (claim-code.job.server.ts, which also starts it), never inside the shopper's request. Its
// idempotency key is the referral's friend discount-code key: one friend code per referral.
//
// The referral carries the code from the claim on (Referral.friendCode: attribution, rate
// limits, the friend's emails and reminders read it) and becomes claimed (claimedAt,
// friendCodeExpiresAt and the referral.claimed event) once the code exists in Shopify:
// settleClaimCode, run by the job and by a claim request that sees the code issued first.
import { withSqliteBusyRetry, type Db, type DbClient, type Prisma } from "../db.server";
import { recordReferralEvent } from "../integrations/record-event.server";
import { rewardDiscountCode } from "./reward-code";
import { rewardIdempotencyKey, type RewardStatus } from "./reward-ledger.server";

/**
 * A claim's code among a shop's rewards: a friend reward of a referral that carries a code since
 * its claim (after-order codes belong to referrals without one). Not paid for by an order: the
 * monthly budget, refunds and reconsidering leave it alone, as they did before it was a reward.
 */
export const CLAIM_CODE_REWARD = { recipient: "friend", referral: { is: { friendCode: { not: null } } } } satisfies Prisma.RewardWhereInput;

/** The same test on a referral's own rewards. */
export function isClaimCodeOf(reward: { recipient: string }, referral: { friendCode: string | null }): boolean {
  return reward.recipient === "friend" && referral.friendCode != null;
}

export interface ClaimCode {
  rewardId: string;
  code: string;
  status: RewardStatus;
}

/** The ledger key of a referral's friend code: the claim's and the after-order one are the same. */
export function claimKey(shopId: string, referralId: string): string {
  return rewardIdempotencyKey(shopId, referralId, "friend", "discount_code");
}

const CLAIM_CODE_FIELDS = { id: true, idempotencyKey: true, recipient: true, discountCode: true, status: true } as const;

/** The code a reward row is (or will be) issued as. */
export function claimCodeOf(reward: { id: string; idempotencyKey: string; recipient: string; discountCode: string | null; status: string }): ClaimCode {
  return { rewardId: reward.id, code: reward.discountCode ?? rewardDiscountCode(reward), status: reward.status as RewardStatus };
}

/** The referral's claim code as the ledger has it, or null when it has none. */
export async function findClaimCode(db: DbClient, shopId: string, referralId: string): Promise<ClaimCode | null> {
  const reward = await db.reward.findUnique({ where: { idempotencyKey: claimKey(shopId, referralId) }, select: CLAIM_CODE_FIELDS });
  return reward ? claimCodeOf(reward) : null;
}

/** Issued, or never going to be without staff: nothing to wait for. */
function settled(status: RewardStatus): boolean {
  return status !== "pending" && status !== "issuing" && status !== "held";
}

/**
 * Polls the reward row until its job has settled it or `waitMs` has passed; returns what it last
 * read (still pending or issuing when the job was not done in time).
 */
export async function waitForClaimCode(db: DbClient, claim: ClaimCode, waitMs: number, pollMs = 50): Promise<ClaimCode> {
  const deadline = Date.now() + waitMs;
  let current = claim;
  while (!settled(current.status) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(0, deadline - Date.now()))));
    const row = await db.reward.findUnique({ where: { id: claim.rewardId }, select: { status: true, discountCode: true } });
    if (!row) break;
    current = { ...current, status: row.status as RewardStatus, code: row.discountCode ?? current.code };
  }
  return current;
}

/**
 * Once the claim's code is issued, the referral is claimed: dated when the code was made, with
 * the code's end in Shopify (the reminder is due before it), and the referral.claimed event.
 * Once only (guarded on claimedAt); a no-op for any other reward. True when this call did it.
 */
export async function settleClaimCode(db: Db, rewardId: string): Promise<boolean> {
  const reward = await db.reward.findUnique({
    where: { id: rewardId },
    select: { shopId: true, recipient: true, status: true, discountCode: true, issuedAt: true, expiresAt: true, referral: { select: { id: true, friendCode: true, claimedAt: true } } },
  });
  const referral = reward?.referral;
  if (!reward || !referral || reward.recipient !== "friend" || reward.status !== "issued" || referral.claimedAt || !reward.discountCode || referral.friendCode !== reward.discountCode) return false;
  return withSqliteBusyRetry(db, () =>
    db.$transaction(async (tx) => {
      const { count } = await tx.referral.updateMany({
        where: { id: referral.id, claimedAt: null, friendCode: reward.discountCode },
        data: { claimedAt: reward.issuedAt ?? new Date(), friendCodeExpiresAt: reward.expiresAt },
      });
      if (count !== 1) return false;
      await recordReferralEvent(tx, reward.shopId, referral.id, [], "claimed");
      return true;
    }),
  );
}
