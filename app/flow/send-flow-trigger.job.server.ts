// Sends one referral event to Shopify Flow (flowTriggerReceive), from a job so that the event's
// own transaction never waits on Shopify and the call is paced on the shop's Admin budget shared
// by every worker (adminClientForShop). Exactly once per event: the producer queues the job in
// the transaction that makes the event happen (a guarded status change), under a unique key
// naming the event, so duplicate deliveries and retried transactions add no second job. The
// payload is read when the job runs (the reward's code exists only once it is issued); a
// reversal carries its own amounts. A guest advocate is tied to their Shopify customer first,
// as the reward issuer does, since Flow's customer reference must name one. Shopify has no
// idempotency key for triggers: an answer lost after Shopify ran the mutation is retried (a
// duplicate workflow run is visible, a lost event is not); nothing else sends twice.
import { z } from "zod";
import type { Db, DbClient } from "../db.server";
import { completeAdvocate } from "../advocates/advocate-identity.server";
import { PermanentJobError, defineJob } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { isMilestoneKind, paidAsStoreCredit } from "../program/reward-kinds";
import { adminClientForShop } from "../shopify/admin-client.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { ShopifyApiError, ShopifyUserError } from "../shopify/errors";
import { sendFlowTrigger } from "../shopify/flow-trigger.server";
import { minorUnitsToDecimal } from "../lib/money";
import { FLOW_TRIGGERS, flowTriggerPayload, type FlowTriggerName } from "./flow-triggers";

const id = z.string().min(1);
const minor = z.string().regex(/^\d+$/);

export const flowEventSchema = z.discriminatedUnion("trigger", [
  z.object({ trigger: z.literal("referralQualified"), referralId: id, approvedByStaff: z.boolean() }),
  z.object({ trigger: z.literal("referralFlagged"), referralId: id, reviewReason: z.string() }),
  z.object({ trigger: z.literal("rewardIssued"), rewardId: id }),
  z.object({ trigger: z.literal("rewardReversed"), rewardId: id, takenBackMinor: minor, owedMinor: minor, fullyReversed: z.boolean() }),
]);
export type FlowEvent = z.infer<typeof flowEventSchema>;

export const sendFlowTriggerJob = defineJob({
  name: "flow.send-trigger",
  payload: z.object({ shop: z.string().min(1), event: flowEventSchema }),
  maxAttempts: 12,
  backoff: { baseMs: 2_000, capMs: 10 * 60_000 },
  handler: async ({ shop, event }, { db }) => {
    const installed = await db.shop.findUnique({ where: { id: shop }, select: { uninstalledAt: true } });
    if (!installed || installed.uninstalledAt) return; // no workflows to start on a shop without the app
    let client: AdminGraphql | undefined;
    const admin = async () => (client ??= await adminClientForShop(db, shop));
    const trigger = await flowTriggerFor(db, shop, event, admin);
    if (!trigger) return; // its referral or reward is gone (shop redacted)
    try {
      await sendFlowTrigger(await admin(), trigger.handle, trigger.payload);
    } catch (error) {
      if (error instanceof ShopifyUserError) throw new PermanentJobError(`Shopify Flow refused ${trigger.handle}: ${error.message}`);
      if (error instanceof ShopifyApiError && !error.retryable && !error.ambiguous) throw new PermanentJobError(error.message);
      throw error;
    }
  },
});

/** Queues the event's trigger; call it in the transaction of the status change that is the event. `key` names the event. */
export async function enqueueFlowTrigger(db: DbClient, shop: string, event: FlowEvent, key: string): Promise<void> {
  await enqueue(db, sendFlowTriggerJob, { shop, event }, { shopId: shop, uniqueKey: `flow:${FLOW_TRIGGERS[event.trigger].handle}:${key}`, priority: -1 });
}

const decimal = (amount: bigint | null | undefined, currency: string | null | undefined): number => (currency ? Number(minorUnitsToDecimal(amount ?? 0n, currency)) : 0);

function needCustomer(what: string, gid: string | null | undefined): string {
  // Flow's customer reference must name a customer: a guest the program may not make one for cannot be named.
  if (!gid) throw new PermanentJobError(`not sent to Shopify Flow: ${what} is a guest without a Shopify customer (the program does not create customers for guests)`);
  return gid;
}

/** The trigger's handle and payload for an event, read from the referral or reward now; null when that row is gone. */
export async function flowTriggerFor(db: Db, shop: string, event: FlowEvent, admin: () => Promise<AdminGraphql>): Promise<{ handle: string; payload: Record<string, string | number | boolean> } | null> {
  const build = <T extends FlowTriggerName>(trigger: T, payload: Record<string, string | number | boolean>) => ({ handle: FLOW_TRIGGERS[trigger].handle, payload });
  if (event.trigger === "referralQualified" || event.trigger === "referralFlagged") {
    const referral = await db.referral.findFirst({ where: { id: event.referralId, shopId: shop }, include: { advocate: true } });
    if (!referral?.orderGid) return null;
    let customerGid = referral.advocate.customerGid;
    if (!customerGid) {
      // A guest advocate: tied to their Shopify customer when Shopify has one with that email. Never made here: the
      // program makes a guest's customer only to pay a reward, after the hold (journey: guest advocate).
      customerGid = (await completeAdvocate(db, await admin(), referral.advocateId, { createCustomer: false }))?.customerGid ?? null;
    }
    if (!customerGid) {
      // Flow's customer reference must name a customer. The reward events that follow name the one made to pay the reward.
      console.info(`[twofold] flow: ${event.trigger} of referral ${referral.id} not sent: its guest advocate has no Shopify customer yet`);
      return null;
    }
    const customer = customerGid;
    const references = { customer, order: referral.orderGid };
    const common = {
      "Referral ID": referral.id,
      "Referral code": referral.advocate.code,
      "Order subtotal": decimal(referral.orderSubtotalMinor, referral.orderCurrency),
      "Currency code": referral.orderCurrency ?? "",
    };
    if (event.trigger === "referralQualified") {
      return build("referralQualified", flowTriggerPayload("referralQualified", references, { ...common, "Approved by staff": event.approvedByStaff }));
    }
    return build("referralFlagged", flowTriggerPayload("referralFlagged", references, { ...common, "Review reason": event.reviewReason, "Fraud score": referral.fraudScore ?? 0 }));
  }
  const reward = await db.reward.findFirst({ where: { id: event.rewardId, shopId: shop }, include: { referral: { select: { advocate: { select: { customerGid: true } } } } } });
  if (!reward) return null;
  const customer = needCustomer(`reward ${reward.id}`, reward.customerGid ?? reward.referral?.advocate.customerGid);
  const type = paidAsStoreCredit(reward.kind) ? "store_credit" : "discount_code";
  if (event.trigger === "rewardIssued") {
    return build(
      "rewardIssued",
      flowTriggerPayload("rewardIssued", { customer }, {
        "Reward ID": reward.id,
        "Referral ID": reward.referralId ?? "",
        "Reward source": reward.referralId ? "referral" : isMilestoneKind(reward.kind) ? "milestone" : "goodwill",
        "Reward type": type,
        "Reward amount": decimal(reward.amountMinor, reward.currency),
        "Currency code": reward.currency,
        "Discount code": type === "discount_code" ? (reward.discountCode ?? "") : "",
      }),
    );
  }
  return build(
    "rewardReversed",
    flowTriggerPayload("rewardReversed", { customer }, {
      "Reward ID": reward.id,
      "Referral ID": reward.referralId ?? "",
      "Reward type": type,
      "Amount taken back": decimal(BigInt(event.takenBackMinor), reward.currency),
      "Amount owed": decimal(BigInt(event.owedMinor), reward.currency),
      "Currency code": reward.currency,
      "Fully reversed": event.fullyReversed,
    }),
  );
}
