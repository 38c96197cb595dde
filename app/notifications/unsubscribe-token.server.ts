// Unsubscribe links: a token naming one shop and one address, signed with a key derived from
// the app secret (HMAC-SHA256), so the public unsubscribe route can trust it without a session
// and a changed shop, address or signature is refused. Tokens do not expire: an unsubscribe
// link must keep working for as long as the email sits in an inbox (RFC 8058).
import crypto from "node:crypto";
import { normalizeEmail } from "../lib/normalize-email";

const VERSION = "v1";
const MAX_TOKEN_LENGTH = 1_024;

export interface UnsubscribeSubject {
  shop: string;
  email: string;
}

/** A key used only for these tokens, so a token's MAC can never be replayed as another HMAC of the app. */
function tokenKey(appSecret: string): Buffer {
  return crypto.createHmac("sha256", appSecret).update("twofold:unsubscribe-token").digest();
}

function mac(appSecret: string, body: string): Buffer {
  return crypto.createHmac("sha256", tokenKey(appSecret)).update(`${VERSION}.${body}`).digest();
}

export function createUnsubscribeToken(appSecret: string, subject: UnsubscribeSubject): string {
  if (!appSecret) throw new Error("an app secret is needed to sign unsubscribe links");
  const body = Buffer.from(JSON.stringify([subject.shop, subject.email.trim().toLowerCase()])).toString("base64url");
  return `${VERSION}.${body}.${mac(appSecret, body).toString("base64url")}`;
}

/** The shop and address a token was made for, or null when it is malformed, tampered with or signed with another key. */
export function verifyUnsubscribeToken(appSecret: string, token: string): UnsubscribeSubject | null {
  if (!appSecret || typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return null;
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION || !/^[A-Za-z0-9_-]+$/.test(parts[1]) || !/^[A-Za-z0-9_-]+$/.test(parts[2])) return null;
  const given = Buffer.from(parts[2], "base64url");
  const expected = mac(appSecret, parts[1]);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== "string" || typeof value[1] !== "string") return null;
    const email = normalizeEmail(value[1]);
    if (!value[0] || !email) return null;
    return { shop: value[0], email: value[1] };
  } catch {
    return null;
  }
}

/** Where the app serves unsubscribe links: a public route of the app itself (docs/decisions/0009-unsubscribe-links.md). */
export function unsubscribeUrl(appUrl: string, appSecret: string, subject: UnsubscribeSubject): string {
  return `${appUrl.replace(/\/+$/, "")}/unsubscribe/${createUnsubscribeToken(appSecret, subject)}`;
}
