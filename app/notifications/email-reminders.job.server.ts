// The recurring notification pass: queues "your reward expires soon" (advocates) and "your code
// expires soon" (friends) reminders, and re-queues emails whose send job was lost.
import { z } from "zod";
import type { DbClient } from "../db.server";
import { defineJob } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { DEFAULT_EXPIRY_REMINDER_DAYS, DEFAULT_FRIEND_REMINDER_DAYS } from "./email-templates";
import { queueEmail } from "./queue-email.server";
import { sendEmailJob } from "./send-email.job.server";

/** One page of rows by id (keyset paging: a row deleted meanwhile does not end the pass). */
interface Keyset {
  where: { id?: { gt: string } };
  orderBy: { id: "asc" };
  take: number;
}

interface ReminderPass<Row extends { id: string; shopId: string }> {
  defaultDays: number;
  /** The candidates whose end falls in (now, until], one keyset page at a time. */
  page: (db: DbClient, window: { now: Date; until: Date }, keyset: Keyset) => Promise<Row[]>;
  endsAt: (row: Row) => Date;
  email: (row: Row) => { rewardId?: string; referralId?: string };
}

/** A friend who claimed a code moments ago got it by email just now: no reminder in the first day. */
const FRIEND_REMINDER_MIN_AGE_MS = 86_400_000;

/**
 * The reminders, one entry a kind. Each send job checks again right before it sends (still
 * issued and not taken back, a code not used yet; a friend not ordered, opted out or redacted).
 */
const REMINDERS = {
  /** Every issued advocate reward that expires soon: store credit and codes, referral or milestone. */
  credit_expiring: {
    defaultDays: DEFAULT_EXPIRY_REMINDER_DAYS,
    page: (db, { now, until }, keyset) =>
      db.reward.findMany({
        ...keyset,
        where: { ...keyset.where, recipient: "advocate", kind: { in: ["store_credit", "milestone_credit", "discount_code", "milestone_code"] }, status: "issued", expiresAt: { gt: now, lte: until } },
        select: { id: true, shopId: true, referralId: true, expiresAt: true },
      }),
    endsAt: (reward) => reward.expiresAt!,
    email: (reward) => ({ rewardId: reward.id, referralId: reward.referralId ?? undefined }),
  } satisfies ReminderPass<{ id: string; shopId: string; referralId: string | null; expiresAt: Date | null }>,
  /** Once, every friend whose instant code expires soon and who has not ordered. */
  friend_reminder: {
    defaultDays: DEFAULT_FRIEND_REMINDER_DAYS,
    page: (db, { now, until }, keyset) =>
      db.referral.findMany({
        ...keyset,
        where: {
          ...keyset.where,
          friendCodeExpiresAt: { gt: now, lte: until },
          status: "claimed",
          orderGid: null,
          orderedAt: null,
          friendEmail: { not: null },
          claimedAt: { lte: new Date(now.getTime() - FRIEND_REMINDER_MIN_AGE_MS) },
        },
        select: { id: true, shopId: true, friendCodeExpiresAt: true },
      }),
    endsAt: (referral) => referral.friendCodeExpiresAt!,
    email: (referral) => ({ referralId: referral.id }),
  } satisfies ReminderPass<{ id: string; shopId: string; friendCodeExpiresAt: Date | null }>,
};

/**
 * One reminder per row (dedupe key `${kind}:${row.id}`) whose end falls within the shop's
 * configured number of days (the merchant's `daysBefore`, or the default; none for a shop that
 * turned the email off). Pages through the candidates, skipping those already queued with one
 * lookup per page, so reminders already queued never crowd out new ones; hourly runs, a retried
 * run and two workers at once all queue each reminder once.
 */
async function queueReminders<Row extends { id: string; shopId: string }>(db: DbClient, kind: keyof typeof REMINDERS, pass: ReminderPass<Row>, now: Date, pageSize: number): Promise<number> {
  const settings = await db.emailTemplate.findMany({ where: { kind }, select: { shopId: true, enabled: true, daysBefore: true } });
  const byShop = new Map(settings.map((s) => [s.shopId, s]));
  const maxDays = Math.max(pass.defaultDays, ...settings.map((s) => s.daysBefore ?? pass.defaultDays));
  const until = new Date(now.getTime() + maxDays * 86_400_000);
  let queued = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await pass.page(db, { now, until }, { where: cursor ? { id: { gt: cursor } } : {}, orderBy: { id: "asc" }, take: pageSize });
    if (page.length === 0) break;
    cursor = page[page.length - 1].id;
    const keys = page.map((row) => `${kind}:${row.id}`);
    const already = new Set((await db.sentEmail.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } })).map((e) => e.dedupeKey));
    for (const row of page) {
      const dedupeKey = `${kind}:${row.id}`;
      if (already.has(dedupeKey)) continue;
      const setting = byShop.get(row.shopId);
      if (setting && !setting.enabled) continue;
      const days = setting?.daysBefore ?? pass.defaultDays;
      if (pass.endsAt(row).getTime() - now.getTime() > days * 86_400_000) continue;
      if (await queueEmail(db, { shopId: row.shopId, kind, dedupeKey, ...pass.email(row) })) queued++;
    }
    if (page.length < pageSize) break;
  }
  return queued;
}

export function queueCreditExpiryReminders(db: DbClient, now: Date = new Date(), pageSize = 1_000): Promise<number> {
  return queueReminders(db, "credit_expiring", REMINDERS.credit_expiring, now, pageSize);
}

export function queueFriendCodeReminders(db: DbClient, now: Date = new Date(), pageSize = 1_000): Promise<number> {
  return queueReminders(db, "friend_reminder", REMINDERS.friend_reminder, now, pageSize);
}

/**
 * Emails still queued long after they were written, with no send job waiting or running, lost
 * their job (e.g. queued outside a transaction, or the job died): queue one again.
 */
export async function requeueStrandedEmails(db: DbClient, now: Date = new Date(), olderThanMs = 15 * 60_000, pageSize = 500): Promise<number> {
  // An email whose send job still waits (backing off after a failure) is not stranded.
  const live = await db.job.findMany({ where: { name: sendEmailJob.name, status: { in: ["queued", "running"] } }, select: { payload: true } });
  const waiting = new Set(live.map((j) => (JSON.parse(j.payload) as { dedupeKey?: string }).dedupeKey));
  const slot = Math.floor(now.getTime() / olderThanMs);
  let requeued = 0;
  let after: string | undefined;
  for (let pages = 0; pages < 10; pages++) {
    const page = await db.sentEmail.findMany({
      where: { status: "queued", createdAt: { lt: new Date(now.getTime() - olderThanMs) }, ...(after ? { id: { gt: after } } : {}) },
      select: { id: true, dedupeKey: true, shopId: true },
      orderBy: { id: "asc" },
      take: pageSize,
    });
    if (page.length === 0) break;
    after = page[page.length - 1].id;
    for (const email of page) {
      if (waiting.has(email.dedupeKey)) continue;
      await enqueue(db, sendEmailJob, { dedupeKey: email.dedupeKey }, { uniqueKey: `email:${email.dedupeKey}:sweep-${slot}`, shopId: email.shopId });
      requeued++;
    }
    if (page.length < pageSize) break;
  }
  return requeued;
}

export const emailRemindersJob = defineJob({
  name: "notifications.reminders",
  payload: z.object({}).passthrough(),
  handler: async (_, { db }) => {
    await queueCreditExpiryReminders(db);
    await queueFriendCodeReminders(db);
    await requeueStrandedEmails(db);
  },
});

