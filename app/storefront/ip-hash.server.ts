// Shoppers' IPs are never stored: a salted SHA-256 is enough to count clicks once and to
// rate-limit, and cannot be reversed without the salt.
import { createHash } from "node:crypto";

/** The client IP as the app sees it behind Shopify's proxy (first X-Forwarded-For hop). */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || null;
}

export function hashIp(ip: string | null, salt: string | undefined, shop: string): string | null {
  if (!ip) return null;
  // Without IP_HASH_SALT (dev, tests) the shop domain still salts it; production sets the env.
  return createHash("sha256").update(`${salt ?? "twofold-dev-salt"}:${shop}:${ip}`).digest("hex");
}
