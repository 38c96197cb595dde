// Unsubscribe links: a token naming one shop and one address, sealed (AES-256-GCM) with a key
// derived from the app secret, so the public unsubscribe route can trust it without a session,
// a changed token is refused, and the link shows nothing of the address (URLs land in logs).
// Tokens do not expire: an unsubscribe link must keep working for as long as the email sits in
// an inbox (RFC 8058), so the older signed "v1" links (readable base64) are still accepted.
import { openPair, readPair, sealPair, type PairTokenKind } from "../lib/signed-pair-token";
import { normalizeEmail } from "../lib/normalize-email";

const UNSUBSCRIBE_TOKEN: PairTokenKind = { purpose: "unsubscribe-token", version: "u2", maxLength: 1_024 };
/** Links sent before tokens were sealed: signed, the address readable. Verified, never made. */
const SIGNED_UNSUBSCRIBE_TOKEN: PairTokenKind = { purpose: "unsubscribe-token", version: "v1", maxLength: 1_024 };

export interface UnsubscribeSubject {
  shop: string;
  email: string;
}

export function createUnsubscribeToken(appSecret: string, subject: UnsubscribeSubject): string {
  if (!appSecret) throw new Error("an app secret is needed to sign unsubscribe links");
  return sealPair(appSecret, UNSUBSCRIBE_TOKEN, [subject.shop, subject.email.trim().toLowerCase()]);
}

/** The shop and address a token was made for, or null when it is malformed, tampered with or signed with another key. */
export function verifyUnsubscribeToken(appSecret: string, token: string): UnsubscribeSubject | null {
  const pair = openPair(appSecret, UNSUBSCRIBE_TOKEN, token) ?? readPair(appSecret, SIGNED_UNSUBSCRIBE_TOKEN, token);
  if (!pair || !pair[0] || !normalizeEmail(pair[1])) return null;
  return { shop: pair[0], email: pair[1] };
}

/** Where the app serves unsubscribe links: a public route of the app itself (docs/decisions/0009-unsubscribe-links.md). */
export function unsubscribeUrl(appUrl: string, appSecret: string, subject: UnsubscribeSubject): string {
  return `${appUrl.replace(/\/+$/, "")}/unsubscribe/${createUnsubscribeToken(appSecret, subject)}`;
}
