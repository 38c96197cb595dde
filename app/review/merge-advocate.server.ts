// Staff merge one advocate into another they pick by code or email (two rows of one person the
// identity job could not join, say two Shopify accounts). It is the identity merge
// (advocates/advocate-identity.server.ts, docs/decisions/0011) with the standing row chosen by
// staff: referrals, clicks and emails move, the merged row stays as "merged" so its code (a
// Shopify discount code and links already shared) keeps counting for the standing row, and every
// reward of the merged row moves through the ledger (unpaid ones to the standing row's customer;
// owed amounts travel with their referrals). One audit entry ("advocate.merged"); a replay finds
// the row merged already and changes nothing.
import { withSqliteBusyRetry, type Db } from "../db.server";
import { liveAdvocate, mergeAdvocateInto } from "../advocates/advocate-identity.server";
import { normalizeEmail } from "../lib/normalize-email";
import { moveAdvocateRewards } from "../rewards/move-rewards.server";
import { cleanReferralCode } from "../storefront/codes";
import type { ReviewActor } from "./review-referral.server";
import { Refusal } from "../lib/refusal";

export class AdvocateMergeError extends Refusal {}

export interface MergeDone {
  changed: boolean;
  into: { id: string; code: string };
}

/** The shop's advocate with this code or email (a merged row answers the row it joined), or null. */
async function findAdvocateByCodeOrEmail(db: Db, shop: string, input: string) {
  const text = input.trim();
  if (text.includes("@")) {
    const email = normalizeEmail(text);
    if (!email) return null;
    return db.advocate.findFirst({ where: { shopId: shop, email, status: { not: "merged" } }, orderBy: { createdAt: "asc" } });
  }
  const code = cleanReferralCode(text);
  if (!code) return null;
  const row = await db.advocate.findUnique({ where: { shopId_code: { shopId: shop, code } } });
  return row ? liveAdvocate(db, row) : null;
}

export async function mergeAdvocateByStaff(db: Db, shop: string, args: { advocateId: string; into: string }, by: ReviewActor): Promise<MergeDone> {
  // Another shop's advocate is not found under this shop; nor is another shop's target.
  const source = await db.advocate.findFirst({ where: { id: args.advocateId, shopId: shop } });
  if (!source) throw new AdvocateMergeError("Advocate not found", 404);
  if (!args.into.trim()) throw new AdvocateMergeError("Enter the code or email of the advocate to merge into.", 422);
  const target = await findAdvocateByCodeOrEmail(db, shop, args.into);
  if (!target) throw new AdvocateMergeError(`No advocate with the code or email ${args.into.trim()} in this store.`, 404);
  if (source.status === "merged") {
    // A replay of the merge that already happened: the standing row is the one asked for.
    const standing = await liveAdvocate(db, source);
    if (standing.id === target.id) return { changed: false, into: { id: target.id, code: target.code } };
    throw new AdvocateMergeError(`This advocate was already merged into ${standing.code}.`, 409);
  }
  if (target.id === source.id) throw new AdvocateMergeError("That is this advocate: choose another one to merge into.", 422);
  if (target.status !== "active") throw new AdvocateMergeError(`Advocate ${target.code} is ${target.status}: choose an active advocate to merge into.`, 409);
  const issuing = await db.reward.count({ where: { shopId: shop, recipient: "advocate", status: "issuing", OR: [{ referral: { advocateId: source.id } }, { advocateId: source.id }] } });
  if (issuing > 0) throw new AdvocateMergeError("One of this advocate's rewards is being issued right now. Try again in a minute.", 409);
  const reason = `merged by staff into ${target.code}: ${by.reason}`;
  const merged = await withSqliteBusyRetry(db, () =>
    mergeAdvocateInto(db, target, source, {
      reason: by.reason,
      actor: by.actor,
      moveRewards: (tx, rows) =>
        moveAdvocateRewards(tx, { shopId: shop, fromAdvocateId: rows.fromId, toAdvocateId: rows.intoId, customerGid: rows.customerGid, referralIds: rows.referralIds, paidGoodwillToo: true, reason, actor: by.actor }),
    }),
  );
  return { changed: merged.joined, into: { id: merged.row.id, code: merged.row.code } };
}
