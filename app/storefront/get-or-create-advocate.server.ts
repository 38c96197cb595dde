// "Get my link": the logged-in customer (by customer GID) or a guest (by email) gets their
// Advocate row, created on first ask with a short readable code that is unique in the shop.
import { isUniqueViolation, type DbClient } from "../db.server";
import { newReferralCode } from "./codes";
import { StorefrontError } from "./errors";
import { normalizeEmail } from "../lib/normalize-email";
import { guestAdvocatesInWindow, LIMITS } from "./rate-limit.server";
import { loadStorefrontProgram, type StorefrontProgram } from "../program/storefront-program.server";
import { enqueueAdvocateDiscountCode, enqueueCustomerCode } from "../advocates/advocate-codes.job.server";
import { enqueueAdvocateIdentity } from "../advocates/advocate-identity.server";

export type AdvocateIdentity = { customerId: string } | { email: string };

export interface AdvocateLink {
  advocateId: string;
  code: string;
  created: boolean;
  program: StorefrontProgram;
}

export function customerGid(customerId: string): string {
  return customerId.startsWith("gid://") ? customerId : `gid://shopify/Customer/${customerId}`;
}


/**
 * `by: "staff"` (an import of existing customers) skips the per-shop limit on new guest rows,
 * which guards the storefront against a flood of typed emails, not staff against themselves;
 * `program` is the program as the caller just read it (an import reads it once per batch).
 */
export async function getOrCreateAdvocate(
  db: DbClient,
  args: { shop: string; who: AdvocateIdentity; nameHint?: string | null; locale?: string | null; by?: "shopper" | "staff"; program?: StorefrontProgram },
): Promise<AdvocateLink> {
  const link = await findOrCreateAdvocate(db, args);
  // The language they last used on the storefront or at checkout: their emails speak it.
  if (args.locale) await db.advocate.updateMany({ where: { id: link.advocateId, OR: [{ locale: null }, { locale: { not: args.locale } }] }, data: { locale: args.locale } });
  // A logged-in customer's code goes to their $app:twofold.code metafield, so the advocate
  // block shows it server-rendered next time (the job's unique key makes repeats no-ops).
  if ("customerId" in args.who) await enqueueCustomerCode(db, { shop: args.shop, advocateId: link.advocateId, code: link.code });
  // The same code works when typed at checkout (a Shopify discount code giving the friend offer).
  await enqueueAdvocateDiscountCode(db, { shop: args.shop, advocateId: link.advocateId, code: link.code });
  // A new row knows half of the person: the customer's email (to tell them) or the guest's
  // customer (to pay them) is read from Shopify by a job, joining rows of the same person.
  if (link.created) await enqueueAdvocateIdentity(db, { shop: args.shop, advocateId: link.advocateId });
  return link;
}

async function findOrCreateAdvocate(
  db: DbClient,
  args: { shop: string; who: AdvocateIdentity; nameHint?: string | null; by?: "shopper" | "staff"; program?: StorefrontProgram },
): Promise<AdvocateLink> {
  const program = args.program ?? (await loadStorefrontProgram(db, args.shop));
  if (!program || program.status !== "active") throw new StorefrontError("program_unavailable");

  const gid = "customerId" in args.who ? customerGid(args.who.customerId) : null;
  const email = "email" in args.who ? normalizeEmail(args.who.email) : null;
  if (!gid && !email) throw new StorefrontError("invalid_email");
  // A guest is found by email whether or not their row has been tied to a customer since.
  const where = gid ? { shopId: args.shop, customerGid: gid } : { shopId: args.shop, email, status: { not: "merged" } };

  const existing = await db.advocate.findFirst({ where, orderBy: { createdAt: "asc" } });
  if (existing) {
    if (existing.status !== "active") throw new StorefrontError("program_unavailable");
    return { advocateId: existing.id, code: existing.code, created: false, program };
  }
  if (!gid && args.by !== "staff" && (await guestAdvocatesInWindow(db, args.shop)) >= LIMITS.guestAdvocatesPerShopPerHour.limit) {
    const error = new StorefrontError("rate_limited");
    error.limit = "guest_advocates_per_shop";
    throw error;
  }

  // A code collision (or a concurrent first ask by the same customer) hits a unique key:
  // re-read, then try a fresh code.
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      const created = await db.advocate.create({
        data: { shopId: args.shop, customerGid: gid, email, code: newReferralCode(args.nameHint) },
      });
      return { advocateId: created.id, code: created.code, created: true, program };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const raced = await db.advocate.findFirst({ where, orderBy: { createdAt: "asc" } });
      if (raced) return { advocateId: raced.id, code: raced.code, created: false, program };
    }
  }
  throw new Error(`could not find a free referral code in ${args.shop} after 8 attempts`);
}
