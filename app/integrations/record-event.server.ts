// The outbox. A referral event is written where it happens, in the caller's transaction: one
// OutgoingEvent row (the exact body every endpoint gets) and, per enabled endpoint, one
// OutgoingDelivery with its send job. Either the change and its event commit together or
// neither does. A shop without an endpoint pays one indexed read and writes nothing.
//
// The body names customers by Shopify id and carries amounts and codes, never an email or a
// name (docs/WEBHOOKS.md): the merchant's tool looks the customer up in Shopify if it needs more.
import type { DbClient } from "../db.server";
import { enqueue } from "../jobs/queue.server";
import { deliverWebhookJob, deliveryJobKey } from "./deliver-webhook.job.server";
import { referralEventType, rewardEventType, type OutgoingEventType } from "./event-types";
import { newEventId } from "./signature";

export interface OutgoingEventInput {
  shopId: string;
  type: OutgoingEventType;
  data: Record<string, unknown>;
  /** Customer gids the data names, for customers/redact. */
  customerGids?: (string | null | undefined)[];
  /** Only these endpoints, enabled or not (a test event); default every enabled endpoint. */
  endpointIds?: string[];
  now?: Date;
}

/** Writes the event and its deliveries; returns the event id, or null when no endpoint wants it. */
export async function recordOutgoingEvent(db: DbClient, input: OutgoingEventInput): Promise<string | null> {
  const endpoints = await db.outgoingEndpoint.findMany({
    where: input.endpointIds ? { shopId: input.shopId, id: { in: input.endpointIds } } : { shopId: input.shopId, enabled: true },
    select: { id: true },
  });
  if (endpoints.length === 0) return null;
  const id = newEventId();
  const createdAt = input.now ?? new Date();
  const body = JSON.stringify({ id, type: input.type, createdAt: createdAt.toISOString(), shop: input.shopId, data: input.data });
  const customerGids = [...new Set(input.customerGids?.filter((g): g is string => !!g) ?? [])].join(" ");
  await db.outgoingEvent.create({ data: { id, shopId: input.shopId, type: input.type, body, customerGids, createdAt } });
  for (const endpoint of endpoints) {
    const delivery = await db.outgoingDelivery.create({ data: { shopId: input.shopId, eventId: id, endpointId: endpoint.id, nextAttemptAt: createdAt } });
    await enqueue(db, deliverWebhookJob, { deliveryId: delivery.id, shopId: input.shopId }, { uniqueKey: deliveryJobKey(delivery.id, 0), shopId: input.shopId });
  }
  return id;
}

async function hasEndpoints(db: DbClient, shopId: string): Promise<boolean> {
  return (await db.outgoingEndpoint.count({ where: { shopId, enabled: true } })) > 0;
}

const minor = (v: bigint | null | undefined) => (v == null ? null : Number(v));

/** A referral moved to `to` (app/referrals/referral-status.ts): its event, if it is one. */
export async function recordReferralEvent(db: DbClient, shopId: string, referralId: string, from: readonly string[], to: string): Promise<void> {
  const type = to === "claimed" ? "referral.claimed" : referralEventType(to);
  if (!type || !(await hasEndpoints(db, shopId))) return;
  const r = await db.referral.findFirst({ where: { id: referralId, shopId }, include: { advocate: { select: { id: true, customerGid: true, code: true } } } });
  if (!r) return;
  await recordOutgoingEvent(db, {
    shopId,
    type,
    customerGids: [r.advocate.customerGid, r.friendCustomerGid],
    data: {
      referral: {
        id: r.id,
        status: r.status,
        previousStatus: from.length === 1 ? from[0] : null,
        // held → qualified and held → rejected are staff decisions.
        decidedByStaff: from.length === 1 && from[0] === "held" && (to === "qualified" || to === "rejected"),
        reason: r.rejectionReason ?? null,
        fraudScore: r.fraudScore ?? null,
        createdAt: r.createdAt.toISOString(),
      },
      advocate: { id: r.advocate.id, customerId: r.advocate.customerGid, code: r.advocate.code },
      friend: { customerId: r.friendCustomerGid ?? null, discountCode: r.friendCode ?? null },
      order: r.orderGid ? { id: r.orderGid, totalMinor: minor(r.orderTotalMinor), subtotalMinor: minor(r.orderSubtotalMinor), refundedMinor: minor(r.refundedMinor), currency: r.orderCurrency } : null,
    },
  });
}

/** A reward moved (app/rewards/reward-ledger.server.ts): issued, or reversed in whole or in part. */
export async function recordRewardEvent(db: DbClient, shopId: string, rewardId: string, from: readonly string[], to: string): Promise<void> {
  const type = rewardEventType(from, to);
  if (!type || !(await hasEndpoints(db, shopId))) return;
  const r = await db.reward.findFirst({ where: { id: rewardId, shopId }, include: { referral: { select: { friendCode: true } } } });
  // A claim's instant code (a friend reward of a referral carrying a code) is announced by the
  // referral's own "claimed" event, with the code, as it always was.
  if (!r || (r.recipient === "friend" && r.referral?.friendCode)) return;
  await recordOutgoingEvent(db, {
    shopId,
    type,
    customerGids: [r.customerGid],
    data: {
      reward: {
        id: r.id,
        referralId: r.referralId,
        advocateId: r.advocateId,
        recipient: r.recipient,
        kind: r.kind,
        status: r.status,
        amountMinor: minor(r.amountMinor),
        currency: r.currency,
        customerId: r.customerGid,
        discountCode: r.discountCode,
        issuedAt: r.issuedAt?.toISOString() ?? null,
        expiresAt: r.expiresAt?.toISOString() ?? null,
        reversedMinor: minor(r.reversedMinor),
        owedMinor: minor(r.owedMinor),
        partial: type === "reward.reversed" && r.status === "issued",
      },
    },
  });
}
