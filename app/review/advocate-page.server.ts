// One advocate as staff see them (/app/advocates/:id): who the app thinks they are, their link
// and code, referrals with status and reason, rewards with amounts, what they owe, the emails
// sent to them, and their store credit balance as a job last read it from Shopify (the page's
// loader never waits on Shopify; a button queues a fresh read).
import { advocateLinkUrl, storefrontAddress } from "../shops/storefront-address.server";
import { z } from "zod";
import type { Db, DbClient } from "../db.server";
import type { AdvocateBalance } from "../generated/prisma/index.js";
import { defineJob } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { owedByAdvocate } from "../rewards/recover-owed.server";
import { orderNames } from "./order-names.server";
import { adminClientForShop } from "../shopify/admin-client.server";
import { ShopifyApiError } from "../shopify/errors";
import { readCustomerCredit } from "../shopify/store-credit.server";

/** The app proxy's path on the storefront (shopify.app.toml [app_proxy]: apps/twofold). */


/** Why a referral earns nothing (or waits), in staff's words. */
const REASONS: Record<string, string> = {
  not_first_order: "The friend had ordered before",
  self_referral: "The advocate's own order",
  below_minimum: "Order below the program's minimum",
  monthly_limit: "The program's monthly limit was reached",
  staff_rejected: "Reconsidered, then rejected in review",
};

function referralReason(r: { status: string; rejectionReason: string | null; reviewNote: string | null; rewards: { status: string; holdUntil: Date | null }[] }): string | null {
  if (r.status === "rejected") return REASONS[r.rejectionReason ?? ""] ?? (r.rejectionReason ? r.rejectionReason.replace(/_/g, " ") : "Rejected") + (r.reviewNote ? `: ${r.reviewNote}` : "");
  if (r.status === "cancelled") return "The order was refunded or cancelled";
  if (r.status === "held") return "In review (fraud checks)";
  if (r.rewards.length > 0 && r.rewards.every((w) => w.status === "reversed" || w.status === "cancelled")) return "Refunded after the reward: taken back or owed";
  const held = r.rewards.find((w) => w.status === "held" && w.holdUntil);
  if (held) return `On hold until ${held.holdUntil!.toISOString().slice(0, 10)}`;
  return null;
}

/**
 * A reward's state in staff's words. Only an issued reward paid anything (a reversed one was
 * paid, then its order refunded: taken back, or owed where the advocate had spent it); the
 * others say why they have not paid (yet).
 */
function rewardState(r: { status: string; holdUntil: Date | null; reversedMinor: bigint; owedMinor: bigint; owedRecoveredMinor: bigint; owedForgivenMinor: bigint }): string {
  switch (r.status) {
    case "issued":
      return r.reversedMinor > 0n || r.owedMinor > 0n ? "Paid, part taken back" : "Paid";
    case "reversed": {
      if (r.owedMinor === 0n) return "Taken back";
      const owed = r.reversedMinor === 0n ? "Owed back (already spent)" : "Part taken back, part owed";
      // Recovered from later rewards or forgiven (the note says which).
      return r.owedRecoveredMinor + r.owedForgivenMinor >= r.owedMinor ? `${owed}, settled` : owed;
    }
    case "held":
      return r.holdUntil ? `Held until ${r.holdUntil.toISOString().slice(0, 10)}` : "Held for review";
    case "pending":
      return "Waiting to be paid";
    case "issuing":
      return "Being paid";
    case "failed":
      return "Failed, not paid";
    case "cancelled":
      return "Cancelled, never paid";
    default:
      return r.status;
  }
}

const money = (minor: bigint) => minor.toString();

export type AdvocatePage = NonNullable<Awaited<ReturnType<typeof loadAdvocatePage>>>;

/** The page's data, or null when the shop has no such advocate; a merged row answers the row it joined. */
export async function loadAdvocatePage(db: DbClient, shop: string, advocateId: string) {
  const advocate = await db.advocate.findFirst({ where: { id: advocateId, shopId: shop }, include: { balance: true } });
  if (!advocate) return null;
  if (advocate.status === "merged" && advocate.mergedIntoId) return { mergedInto: advocate.mergedIntoId } as const;
  const merged = await db.advocate.findMany({ where: { shopId: shop, mergedIntoId: advocate.id }, orderBy: { createdAt: "asc" }, select: { id: true, code: true, createdAt: true } });
  const [referrals, rewards, owed] = await Promise.all([
    db.referral.findMany({
      where: { shopId: shop, advocateId: advocate.id },
      orderBy: { createdAt: "desc" },
      take: 100,
      include: { rewards: { where: { recipient: "advocate" }, select: { status: true, holdUntil: true } } },
    }),
    // Referral rewards, milestones, and goodwill rewards, which name their advocate: this one, or a
    // row merged into it (a merge made by the identity job leaves them there; they pay this row's customer).
    db.reward.findMany({
      where: { shopId: shop, recipient: "advocate", OR: [{ referral: { advocateId: advocate.id } }, { advocateId: { in: [advocate.id, ...merged.map((m) => m.id)] } }] },
      orderBy: { createdAt: "desc" },
      take: 100,
    }),
    owedByAdvocate(db, shop, [advocate.id]),
  ]);
  const names = await orderNames(db, shop, referrals.flatMap((r) => (r.orderGid ? [r.orderGid] : [])));
  const emails = await db.sentEmail.findMany({
    where: { shopId: shop, kind: { notIn: ["friend_code", "friend_reminder"] }, OR: [{ advocateId: advocate.id }, { rewardId: { in: rewards.map((r) => r.id) } }] },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, kind: true, status: true, subject: true, toEmail: true, sentAt: true, createdAt: true, lastError: true },
  });
  const store = await storefrontAddress(db, shop);
  return {
    advocate: {
      id: advocate.id,
      code: advocate.code,
      email: advocate.email,
      customerGid: advocate.customerGid,
      status: advocate.status,
      createdAt: advocate.createdAt.toISOString(),
      // As the storefront block gives it (proxy-answers.ts): on the shop's primary domain once known.
      link: advocateLinkUrl(store, advocate.code),
    },
    merged: merged.map((m) => ({ id: m.id, code: m.code, createdAt: m.createdAt.toISOString() })),
    referrals: referrals.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      friendEmail: r.friendEmail,
      // The order's name as the merchant knows it (#1049); its id only when no delivery named it.
      order: r.orderGid ? (names.get(r.orderGid) ?? r.orderGid.replace("gid://shopify/Order/", "")) : null,
      // The subtotal, as Review shows it: the program's rewards and minimum are computed on it.
      orderSubtotal: r.orderSubtotalMinor == null || !r.orderCurrency ? null : { minor: money(r.orderSubtotalMinor), currency: r.orderCurrency },
      status: r.status,
      reason: referralReason(r),
    })),
    rewards: rewards.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      kind: r.kind,
      status: r.status,
      currency: r.currency,
      amountMinor: money(r.amountMinor),
      // What reached the advocate: nothing until it is issued.
      paidMinor: r.status === "issued" || r.status === "reversed" ? money(r.amountMinor) : null,
      state: rewardState(r),
      reversedMinor: money(r.reversedMinor),
      owedMinor: money(r.owedMinor),
      deductedMinor: money(r.deductedMinor),
      owedRecoveredMinor: money(r.owedRecoveredMinor),
      owedForgivenMinor: money(r.owedForgivenMinor),
      exchangeRate: r.exchangeRate,
      discountCode: r.discountCode,
      failureReason: r.failureReason,
    })),
    owed: (owed.get(advocate.id) ?? []).map((o) => ({ currency: o.currency, minor: money(o.minor) })),
    emails: emails.map((e) => ({ ...e, sentAt: e.sentAt?.toISOString() ?? null, createdAt: e.createdAt.toISOString() })),
    balance: await balanceState(db, shop, advocate.id, advocate.balance),
  };
}

/** The read-balance job's key: one read a minute per advocate. */
function balanceReadKey(advocateId: string, now: Date): string {
  return `${readAdvocateBalanceJob.name}:${advocateId}:${Math.floor(now.getTime() / 60_000)}`;
}

/** Whether a read of the advocate's balance is queued or running: the page waits only on one. */
async function balanceReadUnderWay(db: DbClient, shop: string, advocateId: string): Promise<boolean> {
  const live = await db.job.count({
    where: { shopId: shop, name: readAdvocateBalanceJob.name, status: { in: ["queued", "running"] }, uniqueKey: { startsWith: `${readAdvocateBalanceJob.name}:${advocateId}:` } },
  });
  return live > 0;
}

/**
 * What the page shows of the last read: waiting while a read asked for after the last answer is
 * queued or running; a read asked for that no job will make (its job died before answering)
 * is said, not waited on.
 */
async function balanceState(db: DbClient, shop: string, advocateId: string, balance: AdvocateBalance | null) {
  const unanswered = balance?.requestedAt != null && (balance.readAt == null || balance.readAt < balance.requestedAt);
  const reading = unanswered && (await balanceReadUnderWay(db, shop, advocateId));
  return {
    customerName: balance?.customerName ?? null,
    balances: balance ? (JSON.parse(balance.balances) as { currency: string; minor: string }[]) : [],
    readAt: balance?.readAt?.toISOString() ?? null,
    requestedAt: balance?.requestedAt?.toISOString() ?? null,
    reading,
    problem: unanswered && !reading ? "The last read did not finish. Try again." : (balance?.problem ?? null),
  };
}

/**
 * Queues reading the advocate's name and store credit from Shopify, at most one read a minute
 * per advocate (the job's key carries the minute). `queued`: a read will answer after now
 * (requestedAt moves, and the page waits for it); `running`: the read under way answers;
 * `recent`: this minute's read has answered already and asking again changes nothing (moving
 * requestedAt past an answer no job will replace would make the page wait forever). Null when
 * the shop has no such advocate.
 */
export async function requestAdvocateBalance(db: Db, shop: string, advocateId: string, now = new Date()): Promise<"queued" | "running" | "recent" | null> {
  const advocate = await db.advocate.findFirst({ where: { id: advocateId, shopId: shop, status: { not: "merged" } }, select: { id: true } });
  if (!advocate) return null;
  return db.$transaction(async (tx) => {
    const job = await enqueue(tx, readAdvocateBalanceJob, { advocateId }, { shopId: shop, uniqueKey: balanceReadKey(advocateId, now), maxAttempts: 5 });
    if (job.status === "running") return "running";
    if (job.status !== "queued") return "recent";
    // Not claimed yet: whatever it records, it records after now.
    await tx.advocateBalance.upsert({ where: { advocateId }, create: { advocateId, shopId: shop, requestedAt: now }, update: { requestedAt: now } });
    return "queued";
  });
}

export const readAdvocateBalanceJob = defineJob({
  name: "advocates.read-balance",
  payload: z.object({ advocateId: z.string().min(1) }),
  maxAttempts: 5,
  handler: async ({ advocateId }, { db, attempt, job }) => {
    const advocate = await db.advocate.findUnique({ where: { id: advocateId }, select: { shopId: true, customerGid: true } });
    if (!advocate) return;
    const record = (data: { balances?: string; customerName?: string | null; problem: string | null }) =>
      db.advocateBalance.upsert({ where: { advocateId }, create: { advocateId, shopId: advocate.shopId, readAt: new Date(), ...data }, update: { readAt: new Date(), ...data } });
    if (!advocate.customerGid) return void (await record({ balances: "[]", problem: "No Shopify customer yet (a guest advocate is tied to one when first paid)." }));
    let read;
    try {
      read = await readCustomerCredit(await adminClientForShop(db, advocate.shopId), advocate.customerGid);
    } catch (error) {
      if (error instanceof ShopifyApiError && !error.retryable) return void (await record({ problem: `Shopify could not be read (${error.kind}).` }));
      // The last try: staff get the failure as the answer (the job still dies, for Background jobs).
      if (attempt >= job.maxAttempts) await record({ problem: "Shopify did not answer. Try again in a few minutes." });
      throw error;
    }
    if (!read) return void (await record({ balances: "[]", problem: "Shopify has no such customer (deleted?)." }));
    await record({ balances: JSON.stringify(read.balances.map((b) => ({ currency: b.currencyCode, minor: String(b.minorUnits) }))), customerName: read.name, problem: null });
  },
});
