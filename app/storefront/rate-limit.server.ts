// Rate limits for the public app-proxy endpoints. Two layers:
// - attempts: a fixed-window counter per key in this process's memory (cheap first line
//   against bursts; with N app instances an attacker gets at most N times the limit);
// - outcomes: database counts of what was actually created (claims per IP hash and per
//   email, guest advocates per shop), which hold across every instance.
// A shared store (a RateLimit table or Redis) would make the first layer global too; the
// schema has none yet, so the DB layer carries the guarantee that matters (codes minted).
import type { DbClient } from "../db.server";
import { StorefrontError } from "./errors";
import { recordAudit } from "../lib/audit-log.server";

export interface Window {
  limit: number;
  windowMs: number;
}

// Change a limit here (docs/OPERATIONS.md, "Rate and mint limits"). The per-shop, per-advocate
// and per-email limits do not depend on the IP at all, so rotating addresses does not help.
export const LIMITS = {
  attemptsPerIp: { limit: 30, windowMs: 60_000 },
  attemptsPerEmail: { limit: 10, windowMs: 60_000 },
  claimsPerIpPerHour: { limit: 10, windowMs: 3_600_000 },
  guestAdvocatesPerShopPerHour: { limit: 500, windowMs: 3_600_000 },
  /** Friend codes created in Shopify per shop per hour (storefront claims). */
  codesMintedPerShopPerHour: { limit: 100, windowMs: 3_600_000 },
  /** Claim emails sent to addresses nobody has verified, per shop per hour (one per storefront claim). */
  unverifiedEmailsPerShopPerHour: { limit: 150, windowMs: 3_600_000 },
  /** Storefront claims under one advocate's code per hour. */
  claimsPerAdvocatePerHour: { limit: 20, windowMs: 3_600_000 },
} satisfies Record<string, Window>;

/**
 * Fraud signals that do not refuse a claim but withhold its code from the page: the code goes
 * to the claimed mailbox only ("we emailed your code"), so mass minting needs mailboxes.
 */
export const EMAIL_ONLY_THRESHOLDS = {
  /** Earlier claims in the hour from the same IP hash (the 3rd claim from one machine on). */
  claimsFromIpPerHour: 2,
  /** Earlier claims in the hour under the same advocate code. */
  claimsForAdvocatePerHour: 5,
};

export type AbuseLimit =
  | "attempts_per_ip"
  | "attempts_per_email"
  | "claims_per_ip"
  | "guest_advocates_per_shop"
  | "codes_minted_per_shop"
  | "unverified_emails_per_shop"
  | "claims_per_advocate";

/** Audit action of a refusal by a limit; the dashboard counts these. */
export const LIMIT_REFUSED_ACTION = "abuse.limit_refused";

/**
 * Records one refusal for the dashboard. In-memory burst refusals are recorded once per key
 * and window (the first over the limit), so a flood cannot turn into a flood of writes.
 */
export async function recordLimitRefusal(db: DbClient, shop: string, limit: AbuseLimit): Promise<void> {
  await recordAudit(db, { shop, actor: "system", action: LIMIT_REFUSED_ACTION, subject: "Shop", subjectId: shop, data: { reason: limit } });
}

/** Refusals by the abuse limits in the shop since `since`, by limit. */
export async function limitRefusalsSince(db: DbClient, shop: string, since: Date): Promise<number> {
  return db.auditLog.count({ where: { shopId: shop, action: LIMIT_REFUSED_ACTION, createdAt: { gte: since } } });
}

const since = (now: Date, window: Window) => new Date(now.getTime() - window.windowMs);

/** Friend codes minted by storefront claims in the shop in the last hour (all instances). */
export async function codesMintedInWindow(db: DbClient, shop: string, now = new Date()): Promise<number> {
  return db.referral.count({ where: { shopId: shop, claimKey: { not: null }, friendCode: { not: null }, createdAt: { gte: since(now, LIMITS.codesMintedPerShopPerHour) } } });
}

/** Claim emails queued in the shop in the last hour for addresses not verified. */
export async function unverifiedEmailsInWindow(db: DbClient, shop: string, now = new Date()): Promise<number> {
  // Bounded on both sides: claims are dated by the event clock (the sandbox's, in the demo) and
  // emails by the real one, so an email "after now" is not in this hour's window.
  return db.sentEmail.count({ where: { shopId: shop, kind: "friend_code", createdAt: { gte: since(now, LIMITS.unverifiedEmailsPerShopPerHour), lte: now } } });
}

/** Storefront claims under one advocate in the last hour. */
export async function claimsForAdvocateInWindow(db: DbClient, shop: string, advocateId: string, now = new Date()): Promise<number> {
  return db.referral.count({ where: { shopId: shop, advocateId, claimKey: { not: null }, createdAt: { gte: since(now, LIMITS.claimsPerAdvocatePerHour) } } });
}

export class AttemptCounter {
  private readonly hits = new Map<string, { start: number; count: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one attempt; false when the key is over its limit in the current window. */
  take(key: string, window: Window): boolean {
    return this.check(key, window) !== "over";
  }

  /** Like take, telling the first refusal of the window ("first_over") apart from the rest. */
  check(key: string, window: Window): "ok" | "first_over" | "over" {
    const now = this.now();
    const entry = this.hits.get(key);
    if (!entry || now - entry.start >= window.windowMs) {
      if (this.hits.size > 50_000) this.prune(now, window.windowMs);
      this.hits.set(key, { start: now, count: 1 });
      return window.limit >= 1 ? "ok" : "first_over";
    }
    entry.count += 1;
    if (entry.count <= window.limit) return "ok";
    return entry.count === window.limit + 1 ? "first_over" : "over";
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

/**
 * One attempt against an in-memory burst limit (shared by every storefront endpoint for the
 * same key); throws the 429 refusal when over. Only the first refusal of a window is written
 * for the dashboard.
 */
export async function takeAttempt(db: DbClient, shop: string, key: string, limit: AbuseLimit, window: Window): Promise<void> {
  const verdict = attempts.check(`${shop}:${key}`, window);
  if (verdict === "ok") return;
  if (verdict === "first_over") await recordLimitRefusal(db, shop, limit);
  throw new StorefrontError("rate_limited");
}

