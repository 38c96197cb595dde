// One referral as staff review it: the facts, the signals in words, and a timeline of click,
// claim, order, rewards with every ledger transition, refunds and staff actions, each entry a
// sentence in the merchant's words (timeline-words.ts) with its time as the admin writes it.
import type { DbClient } from "../db.server";
import { actorName } from "../lib/actor-words";
import { dateTimeText } from "../lib/date-text";
import { readSignals } from "./list-review-queue.server";
import { orderNames } from "./order-names.server";
import { auditEntryText, reasonWords, rewardLabel, rewardStatusWords, rewardStepText } from "./timeline-words";

export interface TimelineEvent {
  /** ISO time, for ordering. */
  at: string;
  /** The time as the admin shows it ("Dec 7, 2026, 9:50 AM UTC"). */
  when: string;
  kind: "click" | "claim" | "order" | "reward" | "refund" | "audit";
  text: string;
}

const REFUND_TOPICS = ["refunds/create", "REFUNDS_CREATE"];

export async function getReferralReview(db: DbClient, shop: string, referralId: string) {
  const referral = await db.referral.findFirst({
    where: { id: referralId, shopId: shop },
    include: { advocate: true, rewards: { include: { transitions: { orderBy: { createdAt: "asc" } } }, orderBy: { createdAt: "asc" } } },
  });
  if (!referral) return null;
  const [clicks, refunds, audits] = await Promise.all([
    // Only clicks from the claim's own network: without it, the advocate's clicks are other
    // shoppers' and say nothing about this referral.
    referral.ipHash
      ? db.referralClick.findMany({
          where: { shopId: shop, advocateId: referral.advocateId, createdAt: { lte: referral.orderedAt ?? new Date() }, ipHash: referral.ipHash },
          orderBy: { createdAt: "desc" },
          take: 3,
        })
      : Promise.resolve([]),
    // The order's refunds, as Shopify sent them.
    referral.orderGid ? db.webhookEvent.findMany({ where: { shopId: shop, subjectGid: referral.orderGid, topic: { in: REFUND_TOPICS } }, orderBy: { receivedAt: "asc" }, select: { receivedAt: true } }) : Promise.resolve([]),
    db.auditLog.findMany({
      where: { shopId: shop, OR: [{ subjectType: "Referral", subjectId: referral.id }, { subjectType: "Reward", subjectId: { in: referral.rewards.map((r) => r.id) } }] },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  const byHand = audits.find((a) => a.action === "referral.attributed_by_hand");
  const named = referral.orderGid ? (await orderNames(db, shop, [referral.orderGid])).get(referral.orderGid) : undefined;
  const orderName = named ?? ((byHand?.data as { orderName?: string } | null)?.orderName ?? null);
  const currencyOf = (rewardId: string) => referral.rewards.find((r) => r.id === rewardId)?.currency ?? null;
  const events: Omit<TimelineEvent, "when">[] = [];
  for (const c of clicks.reverse()) events.push({ at: c.createdAt.toISOString(), kind: "click", text: `Referral link of ${referral.advocate.code} clicked from the same network as the claim` });
  if (referral.claimedAt) events.push({ at: referral.claimedAt.toISOString(), kind: "claim", text: "Friend claimed the offer" });
  if (referral.orderedAt) events.push({ at: referral.orderedAt.toISOString(), kind: "order", text: orderName ? `Order ${orderName} placed` : "Order placed" });
  for (const reward of referral.rewards) {
    for (const t of reward.transitions) events.push({ at: t.createdAt.toISOString(), kind: "reward", text: rewardStepText(reward, t) });
  }
  for (const r of refunds) events.push({ at: r.receivedAt.toISOString(), kind: "refund", text: "Refund received from Shopify" });
  for (const a of audits) events.push({ at: a.createdAt.toISOString(), kind: "audit", text: auditEntryText(a, currencyOf, a.subjectId) });
  events.sort((a, b) => a.at.localeCompare(b.at));
  return {
    id: referral.id,
    status: referral.status,
    fraudScore: referral.fraudScore,
    signals: readSignals(referral.fraudSignals),
    holdReason: reasonWords(referral.rejectionReason),
    reviewedBy: referral.reviewedBy ? (actorName(referral.reviewedBy) ?? "Twofold") : null,
    reviewedAt: referral.reviewedAt?.toISOString() ?? null,
    reviewNote: referral.reviewNote,
    advocate: { id: referral.advocate.id, code: referral.advocate.code, email: referral.advocate.email, status: referral.advocate.status },
    friendEmail: referral.friendEmail,
    orderName,
    orderSubtotalMinor: referral.orderSubtotalMinor?.toString() ?? null,
    orderCurrency: referral.orderCurrency,
    refundedMinor: referral.refundedMinor.toString(),
    rewards: referral.rewards.map((r) => ({ id: r.id, label: rewardLabel(r), recipient: r.recipient, kind: r.kind, status: r.status, statusWords: rewardStatusWords(r.status), amountMinor: r.amountMinor.toString(), currency: r.currency })),
    timeline: events.map((e) => ({ ...e, when: dateTimeText(e.at) })),
  };
}
