/**
 * Session tokens as Shopify's admin issues them to embedded apps: HS256 JWTs signed with the
 * app's client secret, one-minute life, claims iss/dest/aud/sub/exp/nbf/iat/jti/sid.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export interface SessionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
  sig?: string;
}

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString("base64url");
}

export function signJwtHs256(payload: object, secret: string): string {
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = base64url(JSON.stringify(payload));
  const signature = createHmac("sha256", secret).update(`${header}.${body}`).digest("base64url");
  return `${header}.${body}.${signature}`;
}

/** Verifies signature and alg only (no clock checks); returns the payload or throws. */
export function verifyJwtHs256<T = Record<string, unknown>>(token: string, secret: string): T {
  const parts = token.split(".");
  if (parts.length !== 3) throw new Error("malformed JWT");
  const [header, body, signature] = parts;
  const { alg } = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: string };
  if (alg !== "HS256") throw new Error(`unexpected alg ${String(alg)}`);
  const expected = createHmac("sha256", secret).update(`${header}.${body}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error("bad JWT signature");
  return JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as T;
}

export interface SessionTokenInput {
  shop: string;
  apiKey: string;
  apiSecret: string;
  /** Staff user id (sub); default "1". */
  userId?: string;
  /** Admin session id (sid); default random. */
  sessionId?: string;
  /** Seconds since epoch; default now. */
  now?: number;
  /** Lifetime in seconds; Shopify uses 60. */
  ttlSeconds?: number;
}

export function createSessionToken(input: SessionTokenInput): { token: string; claims: SessionTokenClaims } {
  const shop = input.shop.includes(".") ? input.shop : `${input.shop}.myshopify.com`;
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const claims: SessionTokenClaims = {
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: input.apiKey,
    sub: input.userId ?? "1",
    exp: now + (input.ttlSeconds ?? 60),
    nbf: now,
    iat: now,
    jti: randomUUID(),
    sid: input.sessionId ?? randomUUID().replace(/-/g, ""),
  };
  return { token: signJwtHs256(claims, input.apiSecret), claims };
}

/** The `host` parameter Shopify's admin passes to embedded apps: base64 of admin.shopify.com/store/<name>. */
export function adminHostParam(shop: string): string {
  const name = shop.replace(/\.myshopify\.com$/, "");
  return Buffer.from(`admin.shopify.com/store/${name}`).toString("base64").replace(/=+$/, "");
}
