// Unsubscribe links: a token naming one shop and one address, signed with a key derived from
// the app secret (HMAC-SHA256), so the public unsubscribe route can trust it without a session
// and a changed shop, address or signature is refused. Tokens do not expire: an unsubscribe
// link must keep working for as long as the email sits in an inbox (RFC 8058).
import { readPair, signPair, type PairTokenKind } from "../lib/signed-pair-token";
import { normalizeEmail } from "../lib/normalize-email";

const UNSUBSCRIBE_TOKEN: PairTokenKind = { purpose: "unsubscribe-token", version: "v1", maxLength: 1_024 };

export interface UnsubscribeSubject {
  shop: string;
  email: string;
}

export function createUnsubscribeToken(appSecret: string, subject: UnsubscribeSubject): string {
  if (!appSecret) throw new Error("an app secret is needed to sign unsubscribe links");
  return signPair(appSecret, UNSUBSCRIBE_TOKEN, [subject.shop, subject.email.trim().toLowerCase()]);
}

/** The shop and address a token was made for, or null when it is malformed, tampered with or signed with another key. */
export function verifyUnsubscribeToken(appSecret: string, token: string): UnsubscribeSubject | null {
  const pair = readPair(appSecret, UNSUBSCRIBE_TOKEN, token);
  if (!pair || !pair[0] || !normalizeEmail(pair[1])) return null;
  return { shop: pair[0], email: pair[1] };
}

/** Where the app serves unsubscribe links: a public route of the app itself (docs/decisions/0009-unsubscribe-links.md). */
export function unsubscribeUrl(appUrl: string, appSecret: string, subject: UnsubscribeSubject): string {
  return `${appUrl.replace(/\/+$/, "")}/unsubscribe/${createUnsubscribeToken(appSecret, subject)}`;
}
