// CSV exports of referrals and rewards for a period, streamed: a pull-based ReadableStream reads
// one keyset page (createdAt, id) at a time when the consumer asks for more, so memory stays
// flat however many rows the period holds, and a slow download slows the queries down.
import type { DbClient } from "../db.server";
import { minorUnitsToDecimal } from "../lib/money";
import type { Period } from "./dashboard";
import { describeRewardKind } from "../program/reward-kinds";
import { outstandingOwed } from "../rewards/recover-owed.server";

export const EXPORT_KINDS = ["referrals", "rewards"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

type Cell = string | number | bigint | Date | null | undefined;

/** RFC 4180 quoting, and a leading ' on text a spreadsheet would run as a formula. */
export function csvCell(value: Cell): string {
  if (value == null) return "";
  if (value instanceof Date) return value.toISOString();
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

interface Cursor {
  createdAt: Date;
  id: string;
}

interface ExportSpec<Row extends Cursor> {
  header: string[];
  /** One page of rows: `findMany` with the keyset page's where, order and take, and the spec's select. */
  page: (db: DbClient, page: KeysetPage) => Promise<Row[]>;
  cells: (row: Row) => Cell[];
}

const money = (minor: bigint | null, currency: string | null) => (minor == null || !currency ? null : minorUnitsToDecimal(minor, currency));

function keyset(shop: string, period: Period, after: Cursor | null) {
  return {
    shopId: shop,
    createdAt: { gte: period.from, lt: period.to },
    ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
  };
}

type KeysetPage = ReturnType<typeof keysetPage>;

/** The rows of the period after `after`, oldest first (createdAt, then id), `take` of them. */
function keysetPage(shop: string, period: Period, after: Cursor | null, take: number) {
  return { where: keyset(shop, period, after), orderBy: [{ createdAt: "asc" as const }, { id: "asc" as const }], take };
}

const referralsSpec: ExportSpec<Cursor & Record<string, unknown>> = {
  header: ["referral_id", "created_at", "status", "advocate_code", "friend_email", "claimed_at", "ordered_at", "order_id", "order_total", "order_subtotal", "currency", "refunded", "fraud_score"],
  page: (db, page) =>
    db.referral.findMany({
      ...page,
      select: {
        id: true, createdAt: true, status: true, friendEmail: true, claimedAt: true, orderedAt: true, orderGid: true, orderTotalMinor: true,
        orderSubtotalMinor: true, orderCurrency: true, refundedMinor: true, fraudScore: true, advocate: { select: { code: true } },
      },
    }),
  cells: (r) => {
    const row = r as unknown as {
      id: string; createdAt: Date; status: string; friendEmail: string | null; claimedAt: Date | null; orderedAt: Date | null; orderGid: string | null;
      orderTotalMinor: bigint | null; orderSubtotalMinor: bigint | null; orderCurrency: string | null; refundedMinor: bigint; fraudScore: number | null; advocate: { code: string };
    };
    return [
      row.id, row.createdAt, row.status, row.advocate.code, row.friendEmail, row.claimedAt, row.orderedAt, row.orderGid,
      money(row.orderTotalMinor, row.orderCurrency), money(row.orderSubtotalMinor, row.orderCurrency), row.orderCurrency,
      row.orderCurrency ? money(row.refundedMinor, row.orderCurrency) : null, row.fraudScore,
    ];
  },
};

const rewardsSpec: ExportSpec<Cursor & Record<string, unknown>> = {
  header: ["reward_id", "created_at", "referral_id", "recipient", "kind", "status", "amount", "currency", "reversed", "discount_code", "issued_at", "expires_at", "failure_reason", "kind_description",
    // Owed: what a reversal could not take back; recovered from later rewards or forgiven by staff.
    "owed", "owed_recovered", "owed_forgiven", "owed_outstanding", "deducted_for_owed"],
  page: (db, page) =>
    db.reward.findMany({
      ...page,
      select: {
        id: true, createdAt: true, referralId: true, recipient: true, kind: true, status: true, amountMinor: true, currency: true,
        reversedMinor: true, discountCode: true, issuedAt: true, expiresAt: true, failureReason: true,
        owedMinor: true, owedRecoveredMinor: true, owedForgivenMinor: true, deductedMinor: true,
      },
    }),
  cells: (r) => {
    const row = r as unknown as {
      id: string; createdAt: Date; referralId: string | null; recipient: string; kind: string; status: string; amountMinor: bigint; currency: string;
      reversedMinor: bigint; discountCode: string | null; issuedAt: Date | null; expiresAt: Date | null; failureReason: string | null;
      owedMinor: bigint; owedRecoveredMinor: bigint; owedForgivenMinor: bigint; deductedMinor: bigint;
    };
    return [
      row.id, row.createdAt, row.referralId, row.recipient, row.kind, row.status, money(row.amountMinor, row.currency), row.currency,
      money(row.reversedMinor, row.currency), row.discountCode, row.issuedAt, row.expiresAt, row.failureReason, describeRewardKind(row.kind),
      money(row.owedMinor, row.currency), money(row.owedRecoveredMinor, row.currency), money(row.owedForgivenMinor, row.currency),
      money(outstandingOwed(row), row.currency), money(row.deductedMinor, row.currency),
    ];
  },
};

const SPECS: Record<ExportKind, ExportSpec<Cursor & Record<string, unknown>>> = { referrals: referralsSpec, rewards: rewardsSpec };

/** The whole export as a byte stream; each pull reads and encodes one page of `batchSize` rows. */
export function streamCsvExport(db: DbClient, shop: string, kind: ExportKind, period: Period, options: { batchSize?: number } = {}): ReadableStream<Uint8Array> {
  const spec = SPECS[kind];
  const take = options.batchSize ?? 1_000;
  const encoder = new TextEncoder();
  let cursor: Cursor | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          // A BOM so spreadsheet apps read the UTF-8 (names, emails) correctly.
          controller.enqueue(encoder.encode(`\uFEFF${csvLine(spec.header)}`));
          return;
        }
        const rows = await spec.page(db, keysetPage(shop, period, cursor, take));
        if (rows.length > 0) {
          controller.enqueue(encoder.encode(rows.map((row) => csvLine(spec.cells(row))).join("")));
          const last = rows[rows.length - 1];
          cursor = { createdAt: last.createdAt, id: last.id };
        }
        if (rows.length < take) controller.close();
      },
    },
    // Ask for one page at a time: nothing is read ahead of the consumer.
    { highWaterMark: 0 },
  );
}

/** How many rows an export will have, for the progress bar. */
export async function countExportRows(db: DbClient, shop: string, kind: ExportKind, period: Period): Promise<number> {
  const where = { shopId: shop, createdAt: { gte: period.from, lt: period.to } };
  return kind === "referrals" ? db.referral.count({ where }) : db.reward.count({ where });
}
