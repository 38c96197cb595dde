// Shoppers' IPs are never stored: a salted SHA-256 is enough to count clicks once and to
// rate-limit, and cannot be reversed without the salt.
import { createHash } from "node:crypto";

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
  // Without IP_HASH_SALT (dev, tests) the shop domain still salts it; production sets the env.
  return createHash("sha256").update(`${salt ?? "twofold-dev-salt"}:${shop}:${ip}`).digest("hex");
}
