// The link in the friend's claim email that proves the claimed address is theirs. Only a
// verified claim (or one whose own code or link the order used) may attribute an order by
// email (docs/decisions/0005-attribution.md). The token names one shop and one referral and is
// signed with a key derived from the app secret, like unsubscribe links.
import crypto from "node:crypto";
import type { DbClient } from "../db.server";

const VERSION = "c1";
const MAX_TOKEN_LENGTH = 512;

function tokenKey(appSecret: string): Buffer {
  return crypto.createHmac("sha256", appSecret).update("twofold:claim-verification-token").digest();
}

function mac(appSecret: string, body: string): Buffer {
  return crypto.createHmac("sha256", tokenKey(appSecret)).update(`${VERSION}.${body}`).digest();
}

export function createClaimVerificationToken(appSecret: string, subject: { shop: string; referralId: string }): string {
  if (!appSecret) throw new Error("an app secret is needed to sign claim verification links");
  const body = Buffer.from(JSON.stringify([subject.shop, subject.referralId])).toString("base64url");
  return `${VERSION}.${body}.${mac(appSecret, body).toString("base64url")}`;
}

export function verifyClaimVerificationToken(appSecret: string, token: string): { shop: string; referralId: string } | null {
  if (!appSecret || typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return null;
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION || !/^[A-Za-z0-9_-]+$/.test(parts[1]) || !/^[A-Za-z0-9_-]+$/.test(parts[2])) return null;
  const given = Buffer.from(parts[2], "base64url");
  const expected = mac(appSecret, parts[1]);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== "string" || typeof value[1] !== "string" || !value[0] || !value[1]) return null;
    return { shop: value[0], referralId: value[1] };
  } catch {
    return null;
  }
}

export function claimVerificationUrl(appUrl: string, appSecret: string, subject: { shop: string; referralId: string }): string {
  return `${appUrl.replace(/\/+$/, "")}/verify-claim/${createClaimVerificationToken(appSecret, subject)}`;
}

/** Marks the claim's email verified (first time only); false when the token names no claim. */
export async function verifyClaimEmail(db: DbClient, subject: { shop: string; referralId: string }, now = new Date()): Promise<boolean> {
  const referral = await db.referral.findFirst({ where: { id: subject.referralId, shopId: subject.shop }, select: { id: true, friendEmailVerifiedAt: true } });
  if (!referral) return false;
  if (!referral.friendEmailVerifiedAt) await db.referral.updateMany({ where: { id: referral.id, friendEmailVerifiedAt: null }, data: { friendEmailVerifiedAt: now } });
  return true;
}
