// Retention: raw webhook bodies hold customers' names, emails and addresses, and finished jobs
// keep their payloads; neither is needed for long. After DATA_RETENTION_DAYS (default 30, see
// docs/OPERATIONS.md) an inbox body keeps only what the app still reads (ids, money, discount
// codes, statuses: a late refund still merges with its order) and a finished job's payload is
// blanked. Expired privacy-request exports are deleted on the same run, and so are outgoing
// webhook events (with their delivery log) once none of their deliveries is still being tried.
import type { DbClient } from "../db.server";
import { parseJsonKeepingBigIds } from "../lib/json-ids";
import { REDACTED_PAYLOAD } from "./compliance.server";
import { pruneExpiredPrivacyRequests } from "./privacy-requests.server";

export const DEFAULT_RETENTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60_000;
const BATCH = 200;
const PRUNED_MARK = '"_pruned":true';
export const PRUNED_JOB_PAYLOAD = JSON.stringify({ pruned: true });

/** Keys whose values describe a person (at any depth of an order, refund or shop payload). */
const PERSONAL_KEYS = new Set([
  "email",
  "contact_email",
  "customer_email",
  "phone",
  "first_name",
  "last_name",
  "billing_address",
  "shipping_address",
  "default_address",
  "addresses",
  "client_details",
  "browser_ip",
  "note",
  "payment_details",
  "customer_locale",
  "shop_owner",
  "address1",
  "address2",
  "latitude",
  "longitude",
  "zip",
  "city",
  "device_id",
  "user_id",
  "cart_token",
  "checkout_token",
  "token",
]);
/** Topics whose whole body is about a person and that nothing reads once handled. */
const WHOLE_BODY_TOPICS = new Set(["customers/data_request", "customers/redact", "customers_data_request", "customers_redact"]);

function stripPersonal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => stripPersonal(v));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (PERSONAL_KEYS.has(k)) continue;
      // The buyer stays as ids only (orders are keyed by admin_graphql_api_id, never by person).
      if (k === "customer" && v && typeof v === "object") {
        const c = v as { id?: unknown; admin_graphql_api_id?: unknown };
        out[k] = { id: c.id ?? null, admin_graphql_api_id: c.admin_graphql_api_id ?? null };
        continue;
      }
      out[k] = stripPersonal(v);
    }
    return out;
  }
  return value;
}

/** A raw body without what names a person, marked so the next run skips it. */
export function prunedWebhookBody(topic: string, payload: string): string {
  if (WHOLE_BODY_TOPICS.has(topic.toLowerCase())) return REDACTED_PAYLOAD;
  let parsed: unknown;
  try {
    parsed = parseJsonKeepingBigIds(payload);
  } catch {
    return REDACTED_PAYLOAD;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return REDACTED_PAYLOAD;
  // Big ids came back as strings (parseJsonKeepingBigIds): the order's gid is the key anyway.
  return JSON.stringify({ ...(stripPersonal(parsed) as Record<string, unknown>), _pruned: true });
}

export interface RetentionResult {
  webhookBodies: number;
  jobPayloads: number;
  privacyRequests: number;
  outgoingEvents: number;
}

export async function pruneOldData(db: DbClient, now: Date, keepDays = DEFAULT_RETENTION_DAYS): Promise<RetentionResult> {
  const cutoff = new Date(now.getTime() - keepDays * DAY_MS);
  let webhookBodies = 0;
  for (;;) {
    const events = await db.webhookEvent.findMany({
      where: { receivedAt: { lt: cutoff }, NOT: [{ payload: { contains: PRUNED_MARK } }, { payload: REDACTED_PAYLOAD }] },
      select: { id: true, topic: true, payload: true },
      orderBy: { receivedAt: "asc" },
      take: BATCH,
    });
    for (const event of events) {
      await db.webhookEvent.update({ where: { id: event.id }, data: { payload: prunedWebhookBody(event.topic, event.payload) } });
      webhookBodies++;
    }
    if (events.length < BATCH) break;
  }
  const jobPayloads = (
    await db.job.updateMany({
      where: { status: { in: ["succeeded", "dead"] }, finishedAt: { lt: cutoff }, payload: { not: PRUNED_JOB_PAYLOAD } },
      data: { payload: PRUNED_JOB_PAYLOAD, lastError: null },
    })
  ).count;
  const privacyRequests = await pruneExpiredPrivacyRequests(db, now);
  const outgoingEvents = (await db.outgoingEvent.deleteMany({ where: { createdAt: { lt: cutoff }, deliveries: { none: { status: "pending" } } } })).count;
  return { webhookBodies, jobPayloads, privacyRequests, outgoingEvents };
}
