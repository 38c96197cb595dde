// Staff move an advocate's referrals and the rewards not yet paid to another Shopify customer
// ("please move my reward to my new account"). The customer is looked up through the Admin API
// by id or email; when they are not an advocate yet their row is made here (code, metafield and
// discount code by the usual jobs). Referrals whose advocate reward was paid stay, with it: a
// reward in Shopify stays with the customer it went to. Each unpaid reward moves through the
// ledger (rewards/move-rewards.server.ts). The advocate's own code keeps pointing to them; to send
// their code's future orders elsewhere, staff merge instead (docs/OPERATIONS.md, "Move and merge").
// One audit entry per submitted form: its row's id is made from the form's key, so a replayed
// submission meets it (unique id) and changes nothing.
import { isUniqueViolation, withSqliteBusyRetry, type Db } from "../db.server";
import { enqueueAdvocateDiscountCode, enqueueCustomerCode } from "../advocates/advocate-codes.job.server";
import { enqueueAdvocateIdentity } from "../advocates/advocate-identity.server";
import { moveAdvocateRewards } from "../rewards/move-rewards.server";
import { UNPAID_STATUSES, type RewardStatus } from "../rewards/reward-ledger.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { findCustomerByExactEmail, findCustomerById, type ShopifyCustomer } from "../shopify/customers.server";
import { ShopifyApiError } from "../shopify/errors";
import { newReferralCode } from "../storefront/codes";
import type { ReviewActor } from "./review-referral.server";
import { Refusal } from "../lib/refusal";
import { recordAudit } from "../lib/audit-log.server";

export class AdvocateMoveError extends Refusal {}

export interface MoveDone {
  changed: boolean;
  target: { id: string; code: string; customerGid: string };
  referralsMoved: number;
  rewardsMoved: number;
  /** Referrals left with this advocate because their reward was paid to them. */
  referralsKept: number;
}

/** A customer as staff type one: its id (digits or gid) or an email address. */
export function parseCustomerReference(input: string): { id: string } | { email: string } | null {
  const text = input.trim();
  const id = /^(?:gid:\/\/shopify\/Customer\/)?(\d{1,20})$/.exec(text);
  if (id) return { id: `gid://shopify/Customer/${id[1]}` };
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) && text.length <= 254) return { email: text };
  return null;
}

/** The audit row of one submitted move form (its key makes a replay meet it). */
export function moveAuditId(advocateId: string, formKey: string): string {
  return `advocate.moved:${advocateId}:${formKey}`;
}

export async function moveAdvocateToCustomer(
  db: Db,
  admin: AdminGraphql,
  shop: string,
  args: { advocateId: string; customer: string; formKey: string },
  by: ReviewActor,
): Promise<MoveDone> {
  // Another shop's advocate is not found under this shop.
  const source = await db.advocate.findFirst({ where: { id: args.advocateId, shopId: shop } });
  if (!source) throw new AdvocateMoveError("Advocate not found", 404);
  const auditId = moveAuditId(source.id, args.formKey);
  const replay = await replayed(db, auditId);
  if (replay) return replay;
  if (source.status === "merged") throw new AdvocateMoveError("This advocate was merged into another one: move from that one.", 409);
  const ref = parseCustomerReference(args.customer);
  if (!ref) throw new AdvocateMoveError("Enter the customer's id (digits) or their email address.", 422);
  const customer = await lookUpCustomer(admin, ref);
  if (!customer) throw new AdvocateMoveError(`Shopify has no customer ${"id" in ref ? ref.id.replace("gid://shopify/Customer/", "") : ref.email} in this store.`, 404);
  if (customer.id === source.customerGid) throw new AdvocateMoveError("That is this advocate's own customer: choose another one.", 422);
  const target = await advocateForCustomer(db, shop, customer);
  if (target.status !== "active") throw new AdvocateMoveError(`The advocate of that customer (${target.code}) is ${target.status}.`, 409);

  try {
    return await withSqliteBusyRetry(db, () =>
      db.$transaction(async (tx) => {
        // First write: two submissions of one form meet on this row's id (the later one waits
        // for the first to commit, then fails on the unique id and reads the first one's result).
        await recordAudit(tx, { id: auditId, shop, actor: by.actor, action: "advocate.moved", subject: "Advocate", subjectId: source.id, data: { reason: by.reason } });
        const referrals = await tx.referral.findMany({
          where: { shopId: shop, advocateId: source.id },
          select: { id: true, friendCustomerGid: true, rewards: { where: { recipient: "advocate" }, select: { status: true } } },
        });
        if (referrals.some((r) => r.rewards.some((w) => w.status === "issuing"))) {
          throw new AdvocateMoveError("One of this advocate's rewards is being issued right now. Try again in a minute.", 409);
        }
        const movable = referrals.filter((r) => r.rewards.every((w) => UNPAID_STATUSES.includes(w.status as RewardStatus)));
        // The self-referral rule: a friend cannot become the advocate of their own order.
        if (movable.some((r) => r.friendCustomerGid === customer.id)) throw new AdvocateMoveError("That customer is the friend of one of these referrals: they cannot be its advocate.", 409);
        const moving = movable.map((r) => r.id);
        await tx.referral.updateMany({ where: { id: { in: moving }, advocateId: source.id }, data: { advocateId: target.id } });
        const rewardsMoved = await moveAdvocateRewards(tx, {
          shopId: shop,
          fromAdvocateId: source.id,
          toAdvocateId: target.id,
          customerGid: customer.id,
          referralIds: moving,
          paidGoodwillToo: false,
          reason: `moved from advocate ${source.code} to ${target.code} by staff: ${by.reason}`,
          actor: by.actor,
        });
        if (moving.length === 0 && rewardsMoved === 0) throw new AdvocateMoveError("This advocate has no referrals or unpaid rewards to move (paid rewards stay where they were paid).", 409);
        const done: MoveDone = {
          changed: true,
          target: { id: target.id, code: target.code, customerGid: customer.id },
          referralsMoved: moving.length,
          rewardsMoved,
          referralsKept: referrals.length - moving.length,
        };
        await tx.auditLog.update({ where: { id: auditId }, data: { data: auditData(by.reason, done) } });
        return done;
      }),
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const first = await replayed(db, auditId);
    if (first) return first;
    throw error;
  }
}

function auditData(reason: string, done: MoveDone) {
  return { reason, toAdvocateId: done.target.id, toCode: done.target.code, toCustomerGid: done.target.customerGid, referralsMoved: done.referralsMoved, rewardsMoved: done.rewardsMoved, referralsKept: done.referralsKept };
}

/** The first submission's outcome, when this form was submitted before. */
async function replayed(db: Db, auditId: string): Promise<MoveDone | null> {
  const audit = await db.auditLog.findUnique({ where: { id: auditId } });
  if (!audit) return null;
  const data = (audit.data ?? {}) as { toAdvocateId?: string; toCode?: string; toCustomerGid?: string };
  return { changed: false, target: { id: data.toAdvocateId ?? "", code: data.toCode ?? "", customerGid: data.toCustomerGid ?? "" }, referralsMoved: 0, rewardsMoved: 0, referralsKept: 0 };
}

async function lookUpCustomer(admin: AdminGraphql, ref: { id: string } | { email: string }): Promise<ShopifyCustomer | null> {
  try {
    return "id" in ref ? await findCustomerById(admin, ref.id) : await findCustomerByExactEmail(admin, ref.email);
  } catch (error) {
    if (error instanceof ShopifyApiError && !error.retryable) throw new AdvocateMoveError(`Shopify refused the look-up (${error.kind}).`, 409);
    throw error;
  }
}

/**
 * The customer's advocate row, made when they have none, as the storefront makes one for a
 * logged-in customer: a fresh code, then the jobs that write it to Shopify (metafield, discount
 * code) and read the customer's email (which joins a guest row of the same person).
 */
async function advocateForCustomer(db: Db, shop: string, customer: ShopifyCustomer) {
  const where = { shopId: shop, customerGid: customer.id };
  const existing = await db.advocate.findFirst({ where });
  if (existing) return existing;
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      const created = await db.advocate.create({ data: { shopId: shop, customerGid: customer.id, code: newReferralCode(customer.firstName) } });
      await enqueueCustomerCode(db, { shop, advocateId: created.id, code: created.code });
      await enqueueAdvocateDiscountCode(db, { shop, advocateId: created.id, code: created.code });
      await enqueueAdvocateIdentity(db, { shop, advocateId: created.id });
      return created;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const raced = await db.advocate.findFirst({ where });
      if (raced) return raced;
    }
  }
  throw new Error(`could not find a free referral code in ${shop} after 8 attempts`);
}
