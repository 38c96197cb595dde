// The rewards ledger: one Reward row per (referral, recipient, kind) with a unique idempotency
// key, and a state machine whose every change is a guarded UPDATE plus a RewardTransition row
// written in the same transaction. A guarded update that matches nothing means another worker
// got there first; callers re-read instead of overwriting.
//
//   pending ──► issuing ──► issued ──► reversed
//     │  ▲         │           (partial reversals stay issued, with a transition each)
//     ▼  │         └──► failed ──► cancelled (staff replaced it, e.g. by a discount code)
//    held           (pending | held | issuing-without-effect) ──► cancelled
//     ▲
//     └── cancelled   (only when staff reconsider its referral: back into review, never paid before)
//
// Who a reward pays changes only through reassignReward (staff moved or merged an advocate): a
// reward not paid and not being paid takes the new customer, one already paid keeps the one it paid.
// (A guest's reward takes its first customer through bindRewardCustomer; redaction blanks it.)
// Issued and reversed (in whole or in part) write an outgoing webhook event in the same
// transaction (app/integrations/record-event.server.ts).
//
// Nothing outside this file writes a Reward row (ESLint's no-restricted-syntax in
// eslint.config.js keeps it so; only a shop's erasure, compliance's redactShop, deletes them).
// The operations:
//   createReward         a new reward, pending or held, with its first transition rows
//   transitionReward     a status change (the diagram above), guarded on the status read
//   adjustRewardAmount   a pending or held reward's amount (refund, owed deducted, shopping
//                        currency, staff in review), guarded on the amount read
//   settleOwed           what a reversed reward's advocate owed: recovered from a later reward or forgiven
//   recordIssueAttempt   one more send of an issuing reward (a run resuming issuance)
//   bindRewardCustomer   the Shopify customer a guest advocate's reward is paid on, set once
//   reassignReward       who a reward pays, when staff move or merge an advocate
//   noteRewardFailure    why Shopify refused something done to the reward (a reversal), status unchanged
//   redactReward         customers/redact: the customer and the names in the failure text
import type { DbClient, Prisma } from "../db.server";
import { recordRewardEvent } from "../integrations/record-event.server";

export type RewardStatus = "pending" | "held" | "issuing" | "issued" | "cancelled" | "reversed" | "failed";

const ALLOWED: Record<RewardStatus, readonly RewardStatus[]> = {
  pending: ["held", "issuing", "cancelled", "failed"],
  held: ["pending", "cancelled", "held"],
  issuing: ["issued", "failed", "pending", "cancelled"],
  issued: ["issued", "reversed"],
  failed: ["pending", "cancelled"],
  cancelled: ["held"],
  reversed: [],
};

export function canTransition(from: RewardStatus, to: RewardStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function rewardIdempotencyKey(shopId: string, referralId: string, recipient: string, kind: string): string {
  return `${shopId}:${referralId}:${recipient}:${kind}`;
}

export interface TransitionArgs {
  rewardId: string;
  shopId: string;
  from: RewardStatus | readonly RewardStatus[];
  to: RewardStatus;
  reason?: string | null;
  actor?: string;
  /** Extra columns to set with the status. */
  data?: Prisma.RewardUncheckedUpdateManyInput;
  /** Extra equality guards (e.g. the amount read before). */
  where?: Prisma.RewardWhereInput;
}

/**
 * Moves a reward from one of `from` to `to` if it is still there; writes the transition row.
 * Must run inside a transaction (pass the tx) so the status and its history commit together.
 * Returns false when the reward was not in `from` any more (nothing written).
 */
export async function transitionReward(tx: DbClient, args: TransitionArgs): Promise<boolean> {
  const from = typeof args.from === "string" ? [args.from] : [...args.from];
  for (const f of from) {
    if (!canTransition(f, args.to)) throw new Error(`reward ${args.rewardId}: ${f} → ${args.to} is not a ledger transition`);
  }
  const { count } = await tx.reward.updateMany({
    where: { id: args.rewardId, shopId: args.shopId, status: { in: from }, ...args.where },
    data: { ...args.data, status: args.to },
  });
  if (count !== 1) return false;
  await tx.rewardTransition.create({
    data: {
      shopId: args.shopId,
      rewardId: args.rewardId,
      // With several allowed sources the exact one is not known without a read: record them.
      fromStatus: from.length === 1 ? from[0] : from.join("|"),
      toStatus: args.to,
      reason: args.reason ?? null,
      actor: args.actor ?? "system",
    },
  });
  await recordRewardEvent(tx, args.shopId, args.rewardId, from, args.to);
  return true;
}

export interface AmountAdjustment {
  rewardId: string;
  shopId: string;
  /** The status it must still be in (it does not change). */
  status: RewardStatus;
  /** The amount read before: the change applies only if it is still this. */
  fromMinor: bigint;
  toMinor: bigint;
  reason: string;
  actor?: string;
  /** Extra columns to set with the amount (e.g. what was deducted). */
  data?: Omit<Prisma.RewardUncheckedUpdateManyInput, "status" | "amountMinor">;
  where?: Prisma.RewardWhereInput;
}

/**
 * Changes the amount of a reward not yet issued (a refund shrank it, owed money was deducted, it
 * was converted to the currency the advocate shops in, staff corrected it in review), guarded on
 * its status and the amount read before, with a transition row saying why. Must run inside a
 * transaction. Returns false when the reward changed meanwhile (nothing written).
 */
export async function adjustRewardAmount(tx: DbClient, args: AmountAdjustment): Promise<boolean> {
  if (args.status !== "pending" && args.status !== "held") throw new Error(`reward ${args.rewardId}: only a pending or held reward's amount can change (it is ${args.status})`);
  if (args.toMinor < 0n) throw new Error(`reward ${args.rewardId}: an amount cannot be negative`);
  const { count } = await tx.reward.updateMany({
    where: { ...args.where, id: args.rewardId, shopId: args.shopId, status: args.status, amountMinor: args.fromMinor },
    data: { ...args.data, amountMinor: args.toMinor },
  });
  if (count !== 1) return false;
  await tx.rewardTransition.create({
    data: { shopId: args.shopId, rewardId: args.rewardId, fromStatus: args.status, toStatus: args.status, reason: args.reason, actor: args.actor ?? "system" },
  });
  return true;
}

export interface OwedSettlement {
  rewardId: string;
  shopId: string;
  /** The status read before (it does not change; the transition row names it). */
  status: string;
  /** The owed columns read before: the change applies only if they are all still these. */
  read: { owedMinor: bigint; owedRecoveredMinor: bigint; owedForgivenMinor: bigint };
  /** Taken off a later reward of the advocate. */
  recoveredMinor?: bigint;
  /** Forgiven by staff. */
  forgivenMinor?: bigint;
  reason: string;
  actor?: string;
}

/**
 * Settles part of what a reversed reward's advocate owes (recover-owed.server.ts), guarded on
 * the owed amounts read before, with a transition row saying why (the status does not change).
 * Must run inside a transaction. Returns false when the owed amounts changed meanwhile.
 */
export async function settleOwed(tx: DbClient, args: OwedSettlement): Promise<boolean> {
  const { count } = await tx.reward.updateMany({
    where: { id: args.rewardId, shopId: args.shopId, owedMinor: args.read.owedMinor, owedRecoveredMinor: args.read.owedRecoveredMinor, owedForgivenMinor: args.read.owedForgivenMinor },
    data: {
      ...(args.recoveredMinor !== undefined ? { owedRecoveredMinor: { increment: args.recoveredMinor } } : {}),
      ...(args.forgivenMinor !== undefined ? { owedForgivenMinor: { increment: args.forgivenMinor } } : {}),
    },
  });
  if (count !== 1) return false;
  await tx.rewardTransition.create({
    data: { shopId: args.shopId, rewardId: args.rewardId, fromStatus: args.status, toStatus: args.status, reason: args.reason, actor: args.actor ?? "system" },
  });
  return true;
}

/**
 * One more attempt at sending a reward already issuing (a run resuming after a crash or an
 * ambiguous failure), with what the attempt sends (its discount code). Guarded on issuing: a run
 * that read "issuing" before another run finished must not send again. False when it is not.
 */
export async function recordIssueAttempt(tx: DbClient, args: { rewardId: string; shopId: string; data?: { discountCode?: string } }): Promise<boolean> {
  const { count } = await tx.reward.updateMany({ where: { id: args.rewardId, shopId: args.shopId, status: "issuing" }, data: { attempts: { increment: 1 }, ...args.data } });
  return count === 1;
}

/** A guest advocate's reward takes the Shopify customer it is paid on, once: only while it has none. */
export async function bindRewardCustomer(db: DbClient, args: { rewardId: string; shopId: string; customerGid: string }): Promise<boolean> {
  const { count } = await db.reward.updateMany({ where: { id: args.rewardId, shopId: args.shopId, customerGid: null }, data: { customerGid: args.customerGid } });
  return count === 1;
}

/** Why Shopify refused what was done to a reward (a reversal, say), for staff; the status does not change. */
export async function noteRewardFailure(db: DbClient, args: { rewardId: string; failureReason: string }): Promise<void> {
  await db.reward.update({ where: { id: args.rewardId }, data: { failureReason: args.failureReason } });
}

/** customers/redact: the reward no longer names the customer (its customer id and the failure text as scrubbed). */
export async function redactReward(db: DbClient, args: { rewardId: string; customerGid: string | null; failureReason: string | null }): Promise<void> {
  await db.reward.update({ where: { id: args.rewardId }, data: { customerGid: args.customerGid, failureReason: args.failureReason } });
}

/** A reward in one of these has not reached Shopify and is not on its way: it may change hands. */
export const UNPAID_STATUSES: readonly RewardStatus[] = ["pending", "held", "failed", "cancelled"];

export interface RewardReassignment {
  rewardId: string;
  shopId: string;
  /** The customer it pays from now on; only for a reward in UNPAID_STATUSES. */
  customerGid?: string | null;
  /** The advocate a goodwill reward names (referral rewards follow their referral). */
  advocateId?: string;
  reason: string;
  actor?: string;
}

/**
 * Gives a reward to another advocate or customer (staff moved an advocate's rewards, or merged two
 * advocates), guarded on the status and customer read before, with a transition row saying why
 * (the status does not change). A reward issued or being issued keeps the customer it was paid to:
 * asking to change that throws. Must run inside a transaction. False when nothing changed.
 */
export async function reassignReward(tx: DbClient, args: RewardReassignment): Promise<boolean> {
  const reward = await tx.reward.findFirst({ where: { id: args.rewardId, shopId: args.shopId }, select: { status: true, customerGid: true, advocateId: true } });
  if (!reward) return false;
  const status = reward.status as RewardStatus;
  const customerChanges = args.customerGid !== undefined && args.customerGid !== reward.customerGid;
  const advocateChanges = args.advocateId !== undefined && args.advocateId !== reward.advocateId;
  if (customerChanges && !UNPAID_STATUSES.includes(status)) throw new Error(`reward ${args.rewardId}: a ${status} reward keeps the customer it was paid to`);
  if (!customerChanges && !advocateChanges) return false;
  const { count } = await tx.reward.updateMany({
    where: { id: args.rewardId, shopId: args.shopId, status, customerGid: reward.customerGid },
    data: { ...(customerChanges ? { customerGid: args.customerGid } : {}), ...(advocateChanges ? { advocateId: args.advocateId } : {}) },
  });
  if (count !== 1) return false;
  await tx.rewardTransition.create({ data: { shopId: args.shopId, rewardId: args.rewardId, fromStatus: status, toStatus: status, reason: args.reason, actor: args.actor ?? "system" } });
  return true;
}

/** Creates a reward (status pending, or held) with its first transition rows. No-op if the key exists. */
export async function createReward(
  tx: DbClient,
  data: {
    shopId: string;
    /** Null for a goodwill reward, which names its advocate instead (and its own idempotencyKey). */
    referralId: string | null;
    advocateId?: string | null;
    recipient: "advocate" | "friend";
    /** milestone_*: a milestone bonus (milestones.ts), with its own idempotencyKey; goodwill_*: staff's gift. */
    kind: "store_credit" | "discount_code" | "milestone_credit" | "milestone_code" | "goodwill_credit" | "goodwill_code";
    amountMinor: bigint;
    currency: string;
    customerGid: string | null;
    holdUntil: Date | null;
    held: boolean;
    reason: string;
    /** Defaults to the (referral, recipient, kind) key. */
    idempotencyKey?: string;
  },
): Promise<string | null> {
  if (data.referralId === null && !(data.advocateId && data.idempotencyKey)) throw new Error("a reward outside a referral needs its advocate and its own idempotency key");
  const idempotencyKey = data.idempotencyKey ?? rewardIdempotencyKey(data.shopId, data.referralId!, data.recipient, data.kind);
  const existing = await tx.reward.findUnique({ where: { idempotencyKey }, select: { id: true } });
  if (existing) return null;
  const reward = await tx.reward.create({
    data: {
      shopId: data.shopId,
      referralId: data.referralId,
      advocateId: data.advocateId ?? null,
      idempotencyKey,
      recipient: data.recipient,
      kind: data.kind,
      status: data.held ? "held" : "pending",
      amountMinor: data.amountMinor,
      currency: data.currency,
      customerGid: data.customerGid,
      holdUntil: data.held ? data.holdUntil : null,
    },
  });
  await tx.rewardTransition.create({ data: { shopId: data.shopId, rewardId: reward.id, fromStatus: null, toStatus: "pending", reason: data.reason } });
  if (data.held) {
    await tx.rewardTransition.create({
      data: {
        shopId: data.shopId,
        rewardId: reward.id,
        fromStatus: "pending",
        toStatus: "held",
        reason: data.holdUntil ? `hold period until ${data.holdUntil.toISOString()}` : "held for staff review",
      },
    });
  }
  return reward.id;
}
