// Shoppers' IPs are never stored: an HMAC-SHA256 under a secret of this installation is enough
// to count clicks once and to rate-limit, and cannot be reversed or recomputed without the key
// (a bare or publicly salted hash of an IPv4 address is reversed by trying all 2^32).
import { createHmac } from "node:crypto";
import { settingIfSet } from "../env.server";

/**
 * The key for hashed identifiers (IPs, order fingerprints): IP_HASH_SALT when set, otherwise
 * derived from the app's client secret (secret per installation either way). Only unit tests,
 * with neither, fall back to a fixed development key.
 */
export function hashKey(salt: string | undefined, appSecret: string | undefined = settingIfSet("SHOPIFY_API_SECRET")): string {
  if (salt) return salt;
  if (appSecret) return createHmac("sha256", appSecret).update("twofold:identifier-hash").digest("hex");
  return "twofold-dev-salt";
}

/**
 * The client IP as Shopify's app proxy saw it. Shopify's proxy adds X-Forwarded-For with the
 * IP of the client that called the shop (shopify.dev, "Authenticate app proxies"); whatever the
 * client sent in its own X-Forwarded-For sits to the left of that hop and is client-controlled,
 * so it is never read. Each of our own proxies behind Shopify (`trustedHops`, env
 * TRUSTED_PROXY_HOPS) appends one more hop on the right, which is skipped.
 */
export function clientIp(headers: Headers, trustedHops = 0): string | null {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  if (hops.length === 0) return null;
  // Fewer hops than our own proxies add means the header did not come through them: no identity.
  const index = hops.length - 1 - trustedHops;
  return index >= 0 ? hops[index] : null;
}

export function hashIp(ip: string | null, salt: string | undefined, shop: string): string | null {
  if (!ip) return null;
  return createHmac("sha256", hashKey(salt)).update(`${shop}:${ip}`).digest("hex");
}
