// The link a pending claim answer carries to ask again (GET claim-status/:token): it names the
// shop and the claim, sealed (encrypted and authenticated) with a key of its own derived from
// the app secret, so only the claimer's answer knows it, it shows no row id, and no other token
// of the app opens as one.
import { openPair, sealPair, type PairTokenKind } from "../lib/signed-pair-token";

const CLAIM_STATUS: PairTokenKind = { purpose: "claim-status-token", version: "s1", maxLength: 512 };

export function claimStatusToken(appSecret: string, shop: string, referralId: string): string {
  return sealPair(appSecret, CLAIM_STATUS, [shop, referralId]);
}

/** The claim (referral id) a token names for this shop, or null: malformed, tampered with, or another shop's. */
export function claimOfStatusToken(appSecret: string, shop: string, token: string): string | null {
  const pair = openPair(appSecret, CLAIM_STATUS, token);
  return pair && pair[0] === shop && pair[1] ? pair[1] : null;
}
