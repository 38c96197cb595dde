// A public link's token naming two strings (a shop and an address, a shop and a referral):
// "<version>.<base64url JSON pair>.<HMAC-SHA256>", signed with a key derived from the app
// secret for one purpose only, so a token's MAC can never be replayed as another HMAC of the app.
import crypto from "node:crypto";

export interface PairTokenKind {
  /** Names the key: a token of one kind never verifies as another. */
  purpose: string;
  version: string;
  maxLength: number;
}

function mac(appSecret: string, kind: PairTokenKind, body: string): Buffer {
  const key = crypto.createHmac("sha256", appSecret).update(`twofold:${kind.purpose}`).digest();
  return crypto.createHmac("sha256", key).update(`${kind.version}.${body}`).digest();
}

export function signPair(appSecret: string, kind: PairTokenKind, pair: readonly [string, string]): string {
  const body = Buffer.from(JSON.stringify(pair)).toString("base64url");
  return `${kind.version}.${body}.${mac(appSecret, kind, body).toString("base64url")}`;
}

/** The pair a token was signed with, or null when it is malformed, tampered with or of another kind or key. */
export function readPair(appSecret: string, kind: PairTokenKind, token: string): [string, string] | null {
  if (!appSecret || typeof token !== "string" || token.length > kind.maxLength) return null;
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== kind.version || !/^[A-Za-z0-9_-]+$/.test(parts[1]) || !/^[A-Za-z0-9_-]+$/.test(parts[2])) return null;
  const given = Buffer.from(parts[2], "base64url");
  const expected = mac(appSecret, kind, parts[1]);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== "string" || typeof value[1] !== "string") return null;
    return [value[0], value[1]];
  } catch {
    return null;
  }
}
