// Rate limits for the public app-proxy endpoints. Two layers:
// - attempts: a fixed-window counter per key in this process's memory (cheap first line
//   against bursts; with N app instances an attacker gets at most N times the limit);
// - outcomes: database counts of what was actually created (claims per IP hash and per
//   email, guest advocates per shop), which hold across every instance.
// A shared store (a RateLimit table or Redis) would make the first layer global too; the
// schema has none yet, so the DB layer carries the guarantee that matters (codes minted).
import type { DbClient } from "../db.server";

export interface Window {
  limit: number;
  windowMs: number;
}

export const LIMITS = {
  attemptsPerIp: { limit: 30, windowMs: 60_000 },
  attemptsPerEmail: { limit: 10, windowMs: 60_000 },
  claimsPerIpPerHour: { limit: 10, windowMs: 3_600_000 },
  guestAdvocatesPerShopPerHour: { limit: 500, windowMs: 3_600_000 },
} satisfies Record<string, Window>;

export class AttemptCounter {
  private readonly hits = new Map<string, { start: number; count: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one attempt; false when the key is over its limit in the current window. */
  take(key: string, window: Window): boolean {
    const now = this.now();
    const entry = this.hits.get(key);
    if (!entry || now - entry.start >= window.windowMs) {
      if (this.hits.size > 50_000) this.prune(now, window.windowMs);
      this.hits.set(key, { start: now, count: 1 });
      return true;
    }
    entry.count += 1;
    return entry.count <= window.limit;
  }

  private prune(now: number, windowMs: number) {
    for (const [key, entry] of this.hits) if (now - entry.start >= windowMs) this.hits.delete(key);
  }
}

export const attempts = new AttemptCounter();

/** Friend claims created from this IP hash in the last hour, across all instances. */
export async function claimsFromIpInWindow(db: DbClient, shop: string, ipHash: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - LIMITS.claimsPerIpPerHour.windowMs);
  return db.referral.count({ where: { shopId: shop, ipHash, createdAt: { gte: since } } });
}

/** Guest advocates created in the shop in the last hour (a spam backstop for the email form). */
export async function guestAdvocatesInWindow(db: DbClient, shop: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - LIMITS.guestAdvocatesPerShopPerHour.windowMs);
  return db.advocate.count({ where: { shopId: shop, customerGid: null, createdAt: { gte: since } } });
}
