// The advocates page: each advocate with their referrals and rewards, and blocking. A blocked
// advocate's code stops earning: attribution skips blocked advocates and qualification rejects
// their referrals (ADR 0005); rewards already earned stay as they are.
import { isMilestoneKind } from "../program/reward-kinds";
import type { DbClient } from "../db.server";
import { owedByAdvocate } from "../rewards/recover-owed.server";
import { decodeCursor, encodeCursor } from "./review-cursor";
import { recordAudit } from "../lib/audit-log.server";

export interface AdvocateRow {
  id: string;
  code: string;
  email: string | null;
  status: string;
  createdAt: string;
  referrals: number;
  rewarded: number;
  held: number;
  rewardsIssuedMinor: string;
  /** What reversals could not take back and is not yet recovered or forgiven, per currency. */
  owed: { currency: string; minor: string }[];
}

export async function listAdvocates(
  db: DbClient,
  shop: string,
  q: { status: "all" | "active" | "blocked"; search: string | null; cursor: string | null; limit: number },
): Promise<{ rows: AdvocateRow[]; nextCursor: string | null }> {
  const cursor = decodeCursor(q.cursor);
  const advocates = await db.advocate.findMany({
    where: {
      shopId: shop,
      // A merged row is the same person as the row it joined: listed once, under that row.
      status: q.status === "all" ? { not: "merged" } : q.status,
      AND: [
        ...(q.search ? [{ OR: [{ code: { contains: q.search } }, { email: { contains: q.search } }] }] : []),
        ...(cursor && typeof cursor.v === "string" ? [{ OR: [{ createdAt: { lt: new Date(cursor.v) } }, { createdAt: new Date(cursor.v), id: { lt: cursor.id } }] }] : []),
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const page = advocates.slice(0, q.limit);
  const ids = page.map((a) => a.id);
  const [byStatus, issued, owed] = await Promise.all([
    ids.length ? db.referral.groupBy({ by: ["advocateId", "status"], where: { shopId: shop, advocateId: { in: ids } }, _count: { _all: true } }) : Promise.resolve([]),
    ids.length
      ? db.reward.findMany({ where: { shopId: shop, recipient: "advocate", status: "issued", referral: { advocateId: { in: ids } } }, select: { kind: true, referralId: true, amountMinor: true, reversedMinor: true, referral: { select: { advocateId: true } } } })
      : Promise.resolve([]),
    owedByAdvocate(db, shop, ids),
  ]);
  const last = page[page.length - 1];
  return {
    nextCursor: advocates.length > q.limit && last ? encodeCursor({ v: last.createdAt.toISOString(), id: last.id }) : null,
    rows: page.map((a) => {
      const counts = byStatus.filter((g) => g.advocateId === a.id);
      const count = (s?: string) => counts.filter((g) => !s || g.status === s).reduce((n, g) => n + g._count._all, 0);
      const mine = issued.filter((r) => r.referral?.advocateId === a.id);
      const sum = mine.reduce((n, r) => n + r.amountMinor - r.reversedMinor, 0n);
      // Rewarded: referrals whose reward reached the advocate (not one that failed or waits).
      const rewarded = new Set(mine.filter((r) => !isMilestoneKind(r.kind)).map((r) => r.referralId)).size;
      return { id: a.id, code: a.code, email: a.email, status: a.status, createdAt: a.createdAt.toISOString(), referrals: count(), rewarded, held: count("held"), rewardsIssuedMinor: sum.toString(),
        owed: (owed.get(a.id) ?? []).map((o) => ({ currency: o.currency, minor: o.minor.toString() })) };
    }),
  };
}

/** Blocks or unblocks one advocate of the shop; audited. False when not found in this shop. */
export async function setAdvocateStatus(db: DbClient, shop: string, advocateId: string, status: "active" | "blocked", by: { actor: string; reason: string }): Promise<boolean> {
  const { count } = await db.advocate.updateMany({ where: { id: advocateId, shopId: shop }, data: { status } });
  if (count !== 1) return false;
  await recordAudit(db, { shop, actor: by.actor, action: status === "blocked" ? "advocate.blocked" : "advocate.unblocked", subject: "Advocate", subjectId: advocateId, data: { reason: by.reason } });
  return true;
}
