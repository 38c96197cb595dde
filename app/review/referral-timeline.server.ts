// One referral as staff review it: the facts, the signals in words, and a timeline of click,
// claim, order, rewards with every ledger transition, refunds and staff actions.
import type { DbClient } from "../db.server";
import { readSignals } from "./list-review-queue.server";

export interface TimelineEvent {
  at: string;
  kind: "click" | "claim" | "order" | "reward" | "refund" | "audit";
  text: string;
  actor?: string;
}

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
    referral.orderGid ? db.webhookEvent.findMany({ where: { shopId: shop, subjectGid: referral.orderGid, topic: { in: ["refunds/create", "REFUNDS_CREATE"] } }, orderBy: { receivedAt: "asc" } }) : Promise.resolve([]),
    db.auditLog.findMany({
      where: { shopId: shop, OR: [{ subjectType: "Referral", subjectId: referral.id }, { subjectType: "Reward", subjectId: { in: referral.rewards.map((r) => r.id) } }] },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  const events: TimelineEvent[] = [];
  for (const c of clicks.reverse()) events.push({ at: c.createdAt.toISOString(), kind: "click", text: `Referral link of ${referral.advocate.code} clicked from the same network as the claim` });
  if (referral.claimedAt) events.push({ at: referral.claimedAt.toISOString(), kind: "claim", text: "Friend claimed the offer" });
  if (referral.orderedAt) events.push({ at: referral.orderedAt.toISOString(), kind: "order", text: `Order placed (${referral.orderGid?.split("/").pop()})` });
  for (const reward of referral.rewards) {
    for (const t of reward.transitions) {
      events.push({
        at: t.createdAt.toISOString(),
        kind: "reward",
        text: `${reward.recipient} ${reward.kind.replace("_", " ")}: ${t.fromStatus ?? "new"} → ${t.toStatus}${t.reason ? ` (${t.reason})` : ""}`,
        actor: t.actor,
      });
    }
  }
  for (const r of refunds) events.push({ at: r.receivedAt.toISOString(), kind: "refund", text: "Refund received" });
  for (const a of audits) {
    const { reason, detail } = (a.data as { reason?: string; detail?: string } | null) ?? {};
    // The detail is the sentence staff read ("The friend had ordered before: ..."), after the code.
    events.push({ at: a.createdAt.toISOString(), kind: "audit", text: `${a.action}${reason ? `: ${reason}` : ""}${detail ? ` (${detail})` : ""}`, actor: a.actor });
  }
  events.sort((a, b) => a.at.localeCompare(b.at));
  return {
    id: referral.id,
    status: referral.status,
    fraudScore: referral.fraudScore,
    signals: readSignals(referral.fraudSignals),
    holdReason: referral.rejectionReason,
    reviewedBy: referral.reviewedBy,
    reviewedAt: referral.reviewedAt?.toISOString() ?? null,
    reviewNote: referral.reviewNote,
    advocate: { id: referral.advocate.id, code: referral.advocate.code, email: referral.advocate.email, status: referral.advocate.status },
    friendEmail: referral.friendEmail,
    orderGid: referral.orderGid,
    orderSubtotalMinor: referral.orderSubtotalMinor?.toString() ?? null,
    orderCurrency: referral.orderCurrency,
    refundedMinor: referral.refundedMinor.toString(),
    rewards: referral.rewards.map((r) => ({ id: r.id, recipient: r.recipient, kind: r.kind, status: r.status, amountMinor: r.amountMinor.toString(), currency: r.currency })),
    timeline: events,
  };
}
