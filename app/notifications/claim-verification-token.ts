// The link in the friend's claim email that proves the claimed address is theirs. Only a
// verified claim (or one whose own code or link the order used) may attribute an order by
// email (docs/decisions/0005-attribution.md). The token names one shop and one referral and is
// signed with a key derived from the app secret, like unsubscribe links.
import { readPair, signPair, type PairTokenKind } from "../lib/signed-pair-token";

const CLAIM_TOKEN: PairTokenKind = { purpose: "claim-verification-token", version: "c1", maxLength: 512 };

export function createClaimVerificationToken(appSecret: string, subject: { shop: string; referralId: string }): string {
  if (!appSecret) throw new Error("an app secret is needed to sign claim verification links");
  return signPair(appSecret, CLAIM_TOKEN, [subject.shop, subject.referralId]);
}

export function verifyClaimVerificationToken(appSecret: string, token: string): { shop: string; referralId: string } | null {
  const pair = readPair(appSecret, CLAIM_TOKEN, token);
  if (!pair || !pair[0] || !pair[1]) return null;
  return { shop: pair[0], referralId: pair[1] };
}

export function claimVerificationUrl(appUrl: string, appSecret: string, subject: { shop: string; referralId: string }): string {
  return `${appUrl.replace(/\/+$/, "")}/verify-claim/${createClaimVerificationToken(appSecret, subject)}`;
}
