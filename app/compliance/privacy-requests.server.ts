// customers/data_request, answerable: each request becomes a row the merchant sees on the
// "Privacy requests" page, with the customer's data to download (JSON, CSV per table), kept for
// the 30 days Shopify gives the merchant to answer, then deleted by the retention job.
import type { DbClient, Prisma } from "../db.server";
import { customerGid } from "../lib/json-ids";
import { collectCustomerData, customerPayloadSchema, type CustomerExport, type CustomerPayload } from "./compliance.server";
import { parseJsonKeepingBigIds } from "../lib/json-ids";

export const PRIVACY_REQUEST_KEEP_DAYS = 30;
const DAY_MS = 24 * 60 * 60_000;

/** Called in the webhook's transaction: the request shows on the page as "received" at once. */
export async function recordDataRequest(db: DbClient, args: { shop: string; webhookEventId: string; rawBody: string; now?: Date }): Promise<void> {
  const parsed = customerPayloadSchema.safeParse(safeJson(args.rawBody));
  // A payload we cannot read still lands in the inbox; the job records why it failed.
  if (!parsed.success) return;
  await db.privacyRequest.upsert({
    where: { webhookEventId: args.webhookEventId },
    create: requestRow(args.shop, args.webhookEventId, parsed.data, args.now ?? new Date()),
    update: {},
  });
}

/** A request row as received: who asked, about whom, and until when it is kept. */
function requestRow(shop: string, webhookEventId: string, payload: CustomerPayload, receivedAt: Date) {
  return {
    shopId: shop,
    webhookEventId,
    dataRequestId: payload.data_request?.id ?? null,
    customerGid: customerGid(payload.customer.id),
    customerEmail: payload.customer.email ?? null,
    receivedAt,
    expiresAt: new Date(receivedAt.getTime() + PRIVACY_REQUEST_KEEP_DAYS * DAY_MS),
  };
}

function safeJson(text: string): unknown {
  try {
    return parseJsonKeepingBigIds(text);
  } catch {
    return null;
  }
}

/** The job's work: the export, stored on the request row (made here if the webhook's was not). */
export async function exportCustomerData(db: DbClient, args: { shop: string; webhookEventId: string; receivedAt: Date; payload: CustomerPayload; now: Date }): Promise<void> {
  const data = await collectCustomerData(db, args.shop, args.payload);
  const exported = JSON.parse(JSON.stringify(data)) as Prisma.InputJsonValue;
  await db.privacyRequest.upsert({
    where: { webhookEventId: args.webhookEventId },
    create: { ...requestRow(args.shop, args.webhookEventId, args.payload, args.receivedAt), status: "ready", export: exported, readyAt: args.now },
    update: { status: "ready", export: exported, readyAt: args.now },
  });
}

export interface PrivacyRequestRow {
  id: string;
  receivedAt: string;
  customer: string;
  status: "received" | "ready";
  expiresAt: string;
  downloadedAt: string | null;
  rowCount: number | null;
}

export async function listPrivacyRequests(db: DbClient, shop: string): Promise<PrivacyRequestRow[]> {
  const rows = await db.privacyRequest.findMany({ where: { shopId: shop }, orderBy: { receivedAt: "desc" }, take: 200 });
  return rows.map((r) => ({
    id: r.id,
    receivedAt: r.receivedAt.toISOString(),
    customer: r.customerEmail ? `${r.customerEmail} (${r.customerGid.split("/").pop()})` : r.customerGid,
    status: r.status === "ready" ? "ready" : "received",
    expiresAt: r.expiresAt.toISOString(),
    downloadedAt: r.downloadedAt?.toISOString() ?? null,
    rowCount: r.export ? Object.values((r.export as unknown as CustomerExport).tables ?? {}).reduce((n, rows) => n + rows.length, 0) : null,
  }));
}

/** Requests whose data is ready and nobody has downloaded yet: the dashboard's banner. */
export async function countUnansweredPrivacyRequests(db: DbClient, shop: string): Promise<number> {
  return db.privacyRequest.count({ where: { shopId: shop, downloadedAt: null } });
}

/** The stored export of one ready request of this shop (null when absent, of another shop or not ready), marked downloaded. */
export async function downloadPrivacyExport(db: DbClient, shop: string, id: string, now = new Date()): Promise<{ export: CustomerExport; customerGid: string } | null> {
  const row = await db.privacyRequest.findFirst({ where: { id, shopId: shop, status: "ready" } });
  if (!row?.export) return null;
  if (!row.downloadedAt) await db.privacyRequest.update({ where: { id: row.id }, data: { downloadedAt: now } });
  return { export: row.export as unknown as CustomerExport, customerGid: row.customerGid };
}

/** Tables a person reads as a spreadsheet; the JSON holds everything, raw payloads included. */
export const CSV_TABLES = ["Advocate", "Referral", "Reward", "SentEmail", "ReferralClick"] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

function csvCell(value: unknown): string {
  const text = value == null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function exportTableCsv(data: CustomerExport, table: CsvTable): string {
  const rows = data.tables[table] ?? [];
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [columns.map(csvCell).join(","), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(","))].join("\r\n") + "\r\n";
}

/** Deletes requests (and their exports) past their keep date. */
export async function pruneExpiredPrivacyRequests(db: DbClient, now: Date): Promise<number> {
  return (await db.privacyRequest.deleteMany({ where: { expiresAt: { lt: now } } })).count;
}
