// Marking a friend's claimed email verified, when the link from their claim email
// (notifications/claim-verification-token.ts) is opened.
import type { DbClient } from "../db.server";

/** Marks the claim's email verified (first time only); false when the token names no claim. */
export async function verifyClaimEmail(db: DbClient, subject: { shop: string; referralId: string }, now = new Date()): Promise<boolean> {
  const referral = await db.referral.findFirst({ where: { id: subject.referralId, shopId: subject.shop }, select: { id: true, friendEmailVerifiedAt: true } });
  if (!referral) return false;
  if (!referral.friendEmailVerifiedAt) await db.referral.updateMany({ where: { id: referral.id, friendEmailVerifiedAt: null }, data: { friendEmailVerifiedAt: now } });
  return true;
}
