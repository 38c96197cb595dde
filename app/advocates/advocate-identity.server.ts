// Who an advocate is. The storefront knows a logged-in advocate by customer id only (the app
// proxy never sends an email) and a guest by the email they typed, so one person can have two
// rows and each row misses half of what the app needs: an email to tell them, a Shopify
// customer to pay. This module completes a row from Shopify (in jobs, never in a shopper's
// request) and joins the rows of one person. docs/decisions/0011-advocate-identity.md.
import { z } from "zod";
import type { Db, DbClient } from "../db.server";
import { defineJob } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { normalizeEmail } from "../lib/normalize-email";
import { adminClientForShop } from "../shopify/admin-client.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { findCustomerByExactEmail, findCustomerById, findOrCreateCustomerByEmail } from "../shopify/customers.server";
import { enqueueCustomerCode } from "./advocate-codes.job.server";
import { recordAudit } from "../lib/audit-log.server";

interface AdvocateRow {
  id: string;
  shopId: string;
  customerGid: string | null;
  email: string | null;
  firstName?: string | null;
  code: string;
  status: string;
  mergedIntoId: string | null;
  createdAt: Date;
}

/** Queues completing a new advocate row from Shopify (its email, or its customer). */
export async function enqueueAdvocateIdentity(db: DbClient, args: { shop: string; advocateId: string }): Promise<void> {
  await enqueue(db, advocateIdentityJob, { advocateId: args.advocateId }, { uniqueKey: `${advocateIdentityJob.name}:${args.advocateId}`, shopId: args.shop, maxAttempts: 10 });
}

/** The row that stands for this advocate now: itself, or the row it was merged into. */
export async function liveAdvocate<T extends { status: string; mergedIntoId: string | null }>(db: Db, advocate: T): Promise<T> {
  if (advocate.status !== "merged" || !advocate.mergedIntoId) return advocate;
  return ((await db.advocate.findUnique({ where: { id: advocate.mergedIntoId } })) as T | null) ?? advocate;
}

/**
 * Fills what Shopify knows and the row lacks, joining rows of the same person on the way:
 * a customer's email (for the reward emails), a guest's existing customer (to be paid). With
 * `createCustomer`, a guest with no customer gets one made with their email (the program's
 * setting; the terms say so). Answers the row that stands for the advocate afterwards.
 */
export async function completeAdvocate(db: Db, client: AdminGraphql, advocateId: string, options: { createCustomer?: boolean } = {}): Promise<AdvocateRow | null> {
  const row = await db.advocate.findUnique({ where: { id: advocateId } });
  if (!row) return null;
  let advocate: AdvocateRow = await liveAdvocate(db, row);
  if (advocate.customerGid && (!advocate.email || !advocate.firstName)) {
    const customer = await findCustomerById(client, advocate.customerGid);
    const firstName = cleanFirstName(customer?.firstName);
    if (firstName && !advocate.firstName) advocate = await db.advocate.update({ where: { id: advocate.id }, data: { firstName } });
    const email = advocate.email ? null : normalizeEmail(customer?.email);
    if (email) {
      advocate = await db.advocate.update({ where: { id: advocate.id }, data: { email } });
      // A guest row of the same person (an email, no customer yet) joins this one.
      const guests = await db.advocate.findMany({ where: { shopId: advocate.shopId, email, customerGid: null, status: { not: "merged" }, id: { not: advocate.id } } });
      for (const guest of guests) advocate = await mergeAdvocates(db, advocate, guest, "same email as the logged-in customer");
    }
  }
  if (!advocate.customerGid && advocate.email) {
    const found = await findCustomerByExactEmail(client, advocate.email);
    const customer = found ?? (options.createCustomer ? await findOrCreateCustomerByEmail(client, advocate.email, ["twofold-advocate"]) : null);
    if (customer) advocate = await attachCustomer(db, advocate, customer.id, found ? "found by email" : "created for the guest advocate");
    const firstName = cleanFirstName(customer?.firstName);
    if (firstName && !advocate.firstName) advocate = await db.advocate.update({ where: { id: advocate.id }, data: { firstName } });
  }
  return advocate;
}

/** A first name to show a friend: trimmed, at most 40 characters, nothing that looks like an email. */
export function cleanFirstName(name: string | null | undefined): string | null {
  const trimmed = (name ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
  return trimmed && !trimmed.includes("@") ? trimmed : null;
}

/** Gives a guest row its customer; when another row already has that customer, the two join. */
async function attachCustomer(db: Db, advocate: AdvocateRow, customerGid: string, how: string): Promise<AdvocateRow> {
  const holder = await db.advocate.findFirst({ where: { shopId: advocate.shopId, customerGid } });
  if (holder && holder.id !== advocate.id) return mergeAdvocates(db, holder, advocate, `same customer (${how})`);
  const { count } = await db.advocate.updateMany({ where: { id: advocate.id, customerGid: null }, data: { customerGid } });
  const row = (await db.advocate.findUniqueOrThrow({ where: { id: advocate.id } })) as AdvocateRow;
  if (count) {
    await recordAudit(db, { shop: advocate.shopId, actor: "system", action: "advocate.customer_attached", subject: "Advocate", subjectId: advocate.id, data: { customerGid, how } });
    await enqueueCustomerCode(db, { shop: advocate.shopId, advocateId: advocate.id, code: advocate.code });
  }
  return row;
}

/**
 * Joins two rows of one person. The older row stands (its code has been shared longest); the
 * other's referrals, clicks and emails move to it, it takes the other's customer or email if it
 * lacks them, and the other row stays only as "merged" so its code keeps working. One
 * transaction; a second merge of the same pair finds nothing to do. Audited.
 */
export async function mergeAdvocates(db: Db, a: AdvocateRow, b: AdvocateRow, reason: string, actor = "system"): Promise<AdvocateRow> {
  const [into, from] = a.createdAt <= b.createdAt ? [a, b] : [b, a];
  return (await mergeAdvocateInto(db, into, from, { reason, actor })).row;
}

/** What a merge moved, for the rewards that name the merged row or pay its customer (in the merge's transaction). */
export interface MergedRows {
  shopId: string;
  intoId: string;
  fromId: string;
  fromCode: string;
  intoCode: string;
  /** The standing row's customer after the merge: the one its unpaid rewards pay from now on. */
  customerGid: string | null;
  referralIds: string[];
}

/**
 * The merge itself, with the standing row chosen by the caller (staff merge one advocate into
 * another they picked). `moveRewards` runs in the merge's transaction once the rows are joined:
 * the rewards layer hands the merged row's rewards to the standing one through its ledger (this
 * layer sits below it). `joined` is false when there was nothing to do (merged already).
 */
export async function mergeAdvocateInto(
  db: Db,
  into: AdvocateRow,
  from: AdvocateRow,
  by: { reason: string; actor?: string; moveRewards?: (tx: DbClient, merged: MergedRows) => Promise<unknown> },
): Promise<{ row: AdvocateRow; joined: boolean }> {
  const { reason, actor = "system" } = by;
  if (into.id === from.id || into.shopId !== from.shopId) throw new Error(`advocate ${from.id} cannot be merged into ${into.id}`);
  const merged = await db.$transaction(async (tx) => {
    const current = await tx.advocate.findUnique({ where: { id: from.id } });
    const standing = async () => ({ row: (await tx.advocate.findUniqueOrThrow({ where: { id: into.id } })) as AdvocateRow, joined: false });
    if (!current || current.status === "merged") return standing();
    // Exactly once under concurrency: only the merge whose conditional update marks the row
    // goes on (a concurrent one waits on the row's lock, then matches nothing).
    const claimed = await tx.advocate.updateMany({ where: { id: from.id, status: { not: "merged" } }, data: { status: "merged", mergedIntoId: into.id } });
    if (claimed.count === 0) return standing();
    const referralIds = (await tx.referral.findMany({ where: { advocateId: from.id }, select: { id: true } })).map((r) => r.id);
    const moved = referralIds.length;
    await tx.referral.updateMany({ where: { advocateId: from.id }, data: { advocateId: into.id } });
    await tx.referralClick.updateMany({ where: { advocateId: from.id }, data: { advocateId: into.id } });
    await tx.sentEmail.updateMany({ where: { advocateId: from.id }, data: { advocateId: into.id } });
    await tx.advocateDailyStat.deleteMany({ where: { advocateId: from.id } });
    await tx.topAdvocateStat.deleteMany({ where: { advocateId: from.id } });
    await tx.advocate.updateMany({ where: { mergedIntoId: from.id }, data: { mergedIntoId: into.id } });
    await tx.advocate.update({ where: { id: from.id }, data: { status: "merged", mergedIntoId: into.id, customerGid: null, email: null } });
    const row = await tx.advocate.update({
      where: { id: into.id },
      data: { customerGid: into.customerGid ?? current.customerGid, email: into.email ?? current.email, ...(current.status === "blocked" ? { status: "blocked" } : {}) },
    });
    await by.moveRewards?.(tx, { shopId: into.shopId, intoId: into.id, fromId: from.id, fromCode: from.code, intoCode: into.code, customerGid: row.customerGid, referralIds });
    await recordAudit(tx, { shop: into.shopId, actor, action: "advocate.merged", subject: "Advocate", subjectId: into.id, data: { mergedId: from.id, mergedCode: from.code, referralsMoved: moved, reason } });
    return { row: row as AdvocateRow, joined: true };
  });
  if (merged.joined) {
    // The dashboard's per-advocate days are rebuilt by the next rollup: moving the referrals
    // touched their rows, and the rollup recomputes every day a changed row falls on.
    if (merged.row.customerGid) await enqueueCustomerCode(db, { shop: merged.row.shopId, advocateId: merged.row.id, code: merged.row.code });
  }
  return merged;
}

export const advocateIdentityJob = defineJob({
  name: "advocates.identity",
  payload: z.object({ advocateId: z.string().min(1) }),
  maxAttempts: 10,
  handler: async ({ advocateId }, { db }) => {
    const advocate = await db.advocate.findUnique({ where: { id: advocateId }, select: { shopId: true, status: true } });
    if (!advocate || advocate.status === "merged") return;
    const client = await adminClientForShop(db, advocate.shopId);
    await completeAdvocate(db, client, advocateId);
  },
});

/**
 * For a row found by its code: the row that stands for that advocate, still carrying the code
 * that was used (so code matching works), or the row itself.
 */
export async function liveAdvocateByCode<T extends { code: string; status: string; mergedIntoId: string | null }>(db: Db, advocate: T): Promise<T> {
  const live = await liveAdvocate(db, advocate);
  return live === advocate ? advocate : { ...live, code: advocate.code };
}
