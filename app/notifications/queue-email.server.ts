// Producers of notification emails. Each call writes one SentEmail row keyed by a unique
// dedupeKey (INSERT .. ON CONFLICT DO NOTHING, safe inside a PostgreSQL transaction) and a send
// job with the same key, so calling twice, or from a retried job, queues the email once.
// Call these inside the transaction that makes the email true (reward issued, code created).
import crypto from "node:crypto";
import { dialectSql, withSqliteBusyRetry, type DbClient } from "../db.server";
import { enqueue } from "../jobs/queue.server";
import type { EmailKind } from "./email-templates";
import { sendEmailJob } from "./send-email.job.server";


export interface QueueEmailArgs {
  shopId: string;
  kind: EmailKind;
  dedupeKey: string;
  rewardId?: string | null;
  referralId?: string | null;
  advocateId?: string | null;
  /** Non-personal placeholder facts (counts, amounts); recipients are looked up when sending. */
  data?: Record<string, unknown>;
  runAt?: Date;
}

/** Queues one email; returns false when an email with this dedupeKey already exists. */
export async function queueEmail(db: DbClient, args: QueueEmailArgs): Promise<boolean> {
  const now = new Date();
  const sql = `INSERT INTO "SentEmail" ("id", "shopId", "dedupeKey", "kind", "status", "rewardId", "referralId", "advocateId", "data", "attempts", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7, $8, 0, $9, $9)
     ON CONFLICT ("dedupeKey") DO NOTHING`;
  const inserted = await withSqliteBusyRetry(db, () =>
    db.$executeRawUnsafe(
      dialectSql(db, sql),
      `e${crypto.randomBytes(12).toString("base64url")}`,
      args.shopId,
      args.dedupeKey,
      args.kind,
      args.rewardId ?? null,
      args.referralId ?? null,
      args.advocateId ?? null,
      JSON.stringify(args.data ?? {}),
      now,
    ),
  );
  await enqueue(db, sendEmailJob, { dedupeKey: args.dedupeKey }, { uniqueKey: `email:${args.dedupeKey}`, shopId: args.shopId, runAt: args.runAt, maxAttempts: 8 });
  return inserted === 1;
}

export interface RewardRef {
  id: string;
  shopId: string;
  referralId: string;
  recipient: string;
  kind: string;
}

/**
 * Call when a reward reaches `issued` (same transaction as the transition if you can):
 * the friend's discount code email, or the advocate's "you earned" email.
 */
export async function queueRewardIssuedEmail(db: DbClient, reward: RewardRef): Promise<boolean> {
  if (reward.recipient === "friend") return queueFriendCodeEmail(db, { shopId: reward.shopId, referralId: reward.referralId, rewardId: reward.id });
  return queueEmail(db, { shopId: reward.shopId, kind: "reward_earned", dedupeKey: `reward_earned:${reward.id}`, rewardId: reward.id, referralId: reward.referralId });
}

/**
 * The friend's code: call when a friend claims in instant mode (the referral's friendCode) or
 * when the friend's discount-code reward is issued. One email per referral whichever comes first.
 */
export async function queueFriendCodeEmail(db: DbClient, args: { shopId: string; referralId: string; rewardId?: string | null }): Promise<boolean> {
  return queueEmail(db, { shopId: args.shopId, kind: "friend_code", dedupeKey: `friend_code:${args.referralId}`, referralId: args.referralId, rewardId: args.rewardId });
}

/** Call when an advocate reaches a milestone of the program (config.milestones[].referrals). */
export async function queueMilestoneEmail(
  db: DbClient,
  args: { shopId: string; advocateId: string; referrals: number; bonusMinor?: bigint | number | null; currency?: string | null; rewardId?: string | null },
): Promise<boolean> {
  return queueEmail(db, {
    shopId: args.shopId,
    kind: "milestone",
    dedupeKey: `milestone:${args.advocateId}:${args.referrals}`,
    advocateId: args.advocateId,
    // The bonus reward: the email says whether it came as store credit or as a code, and which.
    rewardId: args.rewardId,
    data: { referrals: args.referrals, bonusMinor: args.bonusMinor == null ? null : String(args.bonusMinor), currency: args.currency ?? null },
  });
}

/** An imported customer's invitation to refer friends: once per advocate, whatever imports name them again. */
export async function queueInviteEmail(db: DbClient, args: { shopId: string; advocateId: string; importId: string }): Promise<boolean> {
  return queueEmail(db, { shopId: args.shopId, kind: "advocate_invite", dedupeKey: `advocate_invite:${args.advocateId}`, advocateId: args.advocateId, data: { importId: args.importId } });
}

/** The customer asked to stop: no email is sent to this address by this shop again. */
export async function optOutEmail(db: DbClient, shopId: string, email: string, source = "staff"): Promise<void> {
  const normalized = email.trim().toLowerCase();
  await db.emailOptOut.upsert({ where: { shopId_email: { shopId, email: normalized } }, create: { shopId, email: normalized, source }, update: {} });
}
