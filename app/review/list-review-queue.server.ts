// The review queue: held referrals (or already reviewed ones) of one shop, filtered and
// sorted, one keyset page at a time so page 500 costs what page 1 costs.
import type { DbClient, Prisma } from "../db.server";
import { explainSignal } from "../fraud/score-fraud";
import { decodeCursor, encodeCursor } from "./review-cursor";

import type { QueueSort, QueueView } from "./queue-options";

export interface QueueQuery {
  view: QueueView;
  sort: QueueSort;
  direction: "asc" | "desc";
  minScore: number | null;
  /** Advocate code or friend email, contains. */
  search: string | null;
  cursor: string | null;
  limit: number;
}

export interface QueueRow {
  id: string;
  status: string;
  fraudScore: number | null;
  signals: { rule: string; words: string }[];
  holdReason: string | null;
  advocateCode: string;
  advocateEmail: string | null;
  friendEmail: string | null;
  orderGid: string | null;
  orderSubtotalMinor: string | null;
  orderCurrency: string | null;
  orderedAt: string | null;
  rewardAtStakeMinor: string;
  reviewedBy: string | null;
}

export function readSignals(json: unknown): { rule: string; words: string }[] {
  const signals = (json as { fraud?: { signals?: { rule: string; weight: number; detail: Record<string, never>; words?: string }[] } } | null)?.fraud?.signals ?? [];
  return signals.map((s) => ({ rule: s.rule, words: explainSignal(s) }));
}

function viewWhere(view: QueueView): Prisma.ReferralWhereInput {
  if (view === "held") return { status: "held" };
  if (view === "approved") return { reviewedAt: { not: null }, status: { not: "rejected" } };
  return { reviewedAt: { not: null }, status: "rejected" };
}

export async function listReviewQueue(db: DbClient, shop: string, q: QueueQuery): Promise<{ rows: QueueRow[]; nextCursor: string | null }> {
  const cursor = decodeCursor(q.cursor);
  const dir = q.direction;
  const cmp = dir === "desc" ? "lt" : "gt";
  const field = q.sort === "score" ? "fraudScore" : "orderedAt";
  const and: Prisma.ReferralWhereInput[] = [{ shopId: shop }, viewWhere(q.view)];
  if (q.minScore != null) and.push({ fraudScore: { gte: q.minScore } });
  if (q.search) and.push({ OR: [{ advocate: { code: { contains: q.search } } }, { friendEmail: { contains: q.search } }] });
  if (cursor) {
    const v = field === "orderedAt" && typeof cursor.v === "string" ? new Date(cursor.v) : cursor.v;
    // Nulls sort last in both directions; a null cursor value means we are in the null tail.
    if (v === null) and.push({ [field]: null, id: { [cmp]: cursor.id } });
    else and.push({ OR: [{ [field]: { [cmp]: v } }, { [field]: v, id: { [cmp]: cursor.id } }, { [field]: null }] });
  }
  const rows = await db.referral.findMany({
    where: { AND: and },
    orderBy: [{ [field]: { sort: dir, nulls: "last" } }, { id: dir }],
    take: q.limit + 1,
    include: { advocate: { select: { code: true, email: true } }, rewards: { select: { amountMinor: true, status: true } } },
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > q.limit && last ? encodeCursor({ v: field === "fraudScore" ? last.fraudScore : (last.orderedAt?.toISOString() ?? null), id: last.id }) : null;
  return {
    nextCursor,
    rows: page.map((r) => ({
      id: r.id,
      status: r.status,
      fraudScore: r.fraudScore,
      signals: readSignals(r.fraudSignals),
      holdReason: r.rejectionReason,
      advocateCode: r.advocate.code,
      advocateEmail: r.advocate.email,
      friendEmail: r.friendEmail,
      orderGid: r.orderGid,
      orderSubtotalMinor: r.orderSubtotalMinor?.toString() ?? null,
      orderCurrency: r.orderCurrency,
      orderedAt: r.orderedAt?.toISOString() ?? null,
      rewardAtStakeMinor: r.rewards.filter((w) => w.status === "held" || w.status === "pending").reduce((s, w) => s + w.amountMinor, 0n).toString(),
      reviewedBy: r.reviewedBy,
    })),
  };
}
