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

// Sealed tokens: the same pair encrypted and authenticated (AES-256-GCM) instead of signed, so
// the link reveals nothing (an address in a URL ends up in server and proxy logs):
// "<version>.<base64url(iv ‖ ciphertext ‖ tag)>".
function sealKey(appSecret: string, kind: PairTokenKind): Buffer {
  return crypto.createHmac("sha256", appSecret).update(`twofold:${kind.purpose}:sealed`).digest();
}

export function sealPair(appSecret: string, kind: PairTokenKind, pair: readonly [string, string]): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", sealKey(appSecret, kind), iv);
  cipher.setAAD(Buffer.from(kind.version));
  const body = Buffer.concat([cipher.update(JSON.stringify(pair), "utf8"), cipher.final()]);
  return `${kind.version}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url")}`;
}

/** The pair a sealed token holds, or null when it is malformed, tampered with or of another kind or key. */
export function openPair(appSecret: string, kind: PairTokenKind, token: string): [string, string] | null {
  if (!appSecret || typeof token !== "string" || token.length > kind.maxLength) return null;
  const parts = token.split(".");
  if (parts.length !== 2 || parts[0] !== kind.version || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return null;
  const raw = Buffer.from(parts[1], "base64url");
  if (raw.length < 12 + 16 + 2) return null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", sealKey(appSecret, kind), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(kind.version));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const text = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString("utf8");
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== "string" || typeof value[1] !== "string") return null;
    return [value[0], value[1]];
  } catch {
    return null;
  }
}
