// Notification jobs: send one email (retried with backoff), and the recurring pass that queues
// "your reward expires soon" (advocates) and "your code expires soon" (friends) reminders and
// re-queues emails whose send job was lost.
import { z } from "zod";
import type { DbClient } from "../db.server";
import { defineJob } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { DEFAULT_EXPIRY_REMINDER_DAYS, DEFAULT_FRIEND_REMINDER_DAYS } from "./email-templates";
import { smtpMailer, type Mailer } from "./mailer.server";
import { queueEmail, SEND_EMAIL_JOB, sendEmailPayload } from "./queue-email.server";
import { sendQueuedEmail } from "./send-email.server";

let mailerOverride: Mailer | undefined;
/** Tests and scripts may swap the transport; production uses SMTP_URL. */
export function useMailer(mailer: Mailer | undefined): void {
  mailerOverride = mailer;
}

export const sendEmailJob = defineJob({
  name: SEND_EMAIL_JOB,
  payload: sendEmailPayload,
  maxAttempts: 8,
  backoff: { baseMs: 30_000, capMs: 3_600_000 },
  handler: async ({ dedupeKey }, { db }) => {
    await sendQueuedEmail(db, dedupeKey, mailerOverride ?? smtpMailer());
  },
});

/**
 * Queues a reminder for every issued advocate reward that expires within the shop's configured
 * number of days: store credit and discount codes alike (a referral reward or a milestone
 * bonus). The dedupe key is per reward, so running this every hour sends each reminder once;
 * the send job checks again right before it sends (still issued, not taken back, a code not
 * used yet). Pages through the due rewards, skipping those already queued with one lookup per
 * page, so reminders already queued never crowd out new ones.
 */
export async function queueCreditExpiryReminders(db: DbClient, now: Date = new Date(), pageSize = 1_000): Promise<number> {
  const settings = await db.emailTemplate.findMany({ where: { kind: "credit_expiring" }, select: { shopId: true, enabled: true, daysBefore: true } });
  const byShop = new Map(settings.map((s) => [s.shopId, s]));
  const maxDays = Math.max(DEFAULT_EXPIRY_REMINDER_DAYS, ...settings.map((s) => s.daysBefore ?? DEFAULT_EXPIRY_REMINDER_DAYS));
  let queued = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await db.reward.findMany({
      where: {
        recipient: "advocate",
        kind: { in: ["store_credit", "milestone_credit", "discount_code", "milestone_code"] },
        status: "issued",
        expiresAt: { gt: now, lte: new Date(now.getTime() + maxDays * 86_400_000) },
      },
      select: { id: true, shopId: true, referralId: true, expiresAt: true },
      orderBy: { id: "asc" },
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (page.length === 0) break;
    cursor = page[page.length - 1].id;
    const keys = page.map((r) => `credit_expiring:${r.id}`);
    const already = new Set((await db.sentEmail.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } })).map((e) => e.dedupeKey));
    for (const reward of page) {
      const dedupeKey = `credit_expiring:${reward.id}`;
      if (already.has(dedupeKey)) continue;
      const setting = byShop.get(reward.shopId);
      if (setting && !setting.enabled) continue;
      const days = setting?.daysBefore ?? DEFAULT_EXPIRY_REMINDER_DAYS;
      if (reward.expiresAt!.getTime() - now.getTime() > days * 86_400_000) continue;
      if (await queueEmail(db, { shopId: reward.shopId, kind: "credit_expiring", dedupeKey, rewardId: reward.id, referralId: reward.referralId })) queued++;
    }
    if (page.length < pageSize) break;
  }
  return queued;
}

/** A friend who claimed a code moments ago got it by email just now: no reminder in the first day. */
const FRIEND_REMINDER_MIN_AGE_MS = 86_400_000;

/**
 * Queues the one reminder for every friend whose instant code expires within the shop's
 * configured number of days and who has not ordered. The dedupe key is per referral, so hourly
 * runs, a retried run and two workers running it at once all queue it once; the send job checks
 * again (ordered, opted out, redacted, expired) right before it sends. Pages through the due
 * referrals, skipping those already queued with one lookup per page, so reminders already queued
 * never crowd out new ones.
 */
export async function queueFriendCodeReminders(db: DbClient, now: Date = new Date(), pageSize = 1_000): Promise<number> {
  const settings = await db.emailTemplate.findMany({ where: { kind: "friend_reminder" }, select: { shopId: true, enabled: true, daysBefore: true } });
  const byShop = new Map(settings.map((s) => [s.shopId, s]));
  const maxDays = Math.max(DEFAULT_FRIEND_REMINDER_DAYS, ...settings.map((s) => s.daysBefore ?? DEFAULT_FRIEND_REMINDER_DAYS));
  let queued = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await db.referral.findMany({
      where: {
        friendCodeExpiresAt: { gt: now, lte: new Date(now.getTime() + maxDays * 86_400_000) },
        status: "claimed",
        orderGid: null,
        orderedAt: null,
        friendEmail: { not: null },
        claimedAt: { lte: new Date(now.getTime() - FRIEND_REMINDER_MIN_AGE_MS) },
      },
      select: { id: true, shopId: true, friendCodeExpiresAt: true },
      orderBy: { id: "asc" },
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (page.length === 0) break;
    cursor = page[page.length - 1].id;
    const keys = page.map((r) => `friend_reminder:${r.id}`);
    const already = new Set((await db.sentEmail.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } })).map((e) => e.dedupeKey));
    for (const referral of page) {
      const dedupeKey = `friend_reminder:${referral.id}`;
      if (already.has(dedupeKey)) continue;
      const setting = byShop.get(referral.shopId);
      if (setting && !setting.enabled) continue;
      const days = setting?.daysBefore ?? DEFAULT_FRIEND_REMINDER_DAYS;
      if (referral.friendCodeExpiresAt!.getTime() - now.getTime() > days * 86_400_000) continue;
      if (await queueEmail(db, { shopId: referral.shopId, kind: "friend_reminder", dedupeKey, referralId: referral.id })) queued++;
    }
    if (page.length < pageSize) break;
  }
  return queued;
}

/** Emails still queued long after they were written lost their job (e.g. queued outside a transaction): queue it again. */
export async function requeueStrandedEmails(db: DbClient, now: Date = new Date(), olderThanMs = 15 * 60_000): Promise<number> {
  const stranded = await db.sentEmail.findMany({ where: { status: "queued", createdAt: { lt: new Date(now.getTime() - olderThanMs) } }, select: { dedupeKey: true, shopId: true }, take: 500 });
  const slot = Math.floor(now.getTime() / olderThanMs);
  for (const email of stranded) {
    await enqueue(db, SEND_EMAIL_JOB, { dedupeKey: email.dedupeKey }, { uniqueKey: `email:${email.dedupeKey}:sweep-${slot}`, shopId: email.shopId });
  }
  return stranded.length;
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

export const notificationJobs = [sendEmailJob, emailRemindersJob];
