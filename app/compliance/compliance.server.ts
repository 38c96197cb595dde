// Shopify's mandatory privacy webhooks. Each function is idempotent: running it twice
// leaves the same result, so job retries and webhook replays are harmless.
import { z } from "zod";
import type { DbClient, Prisma } from "../db.server";
import { parseJsonKeepingBigIds } from "../lib/json-ids";
import { redactReward } from "../rewards/reward-ledger.server";
import { matchCustomer, type CustomerKeys } from "./match-customer.server";

const idSchema = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);

export const customerPayloadSchema = z.object({
  shop_domain: z.string(),
  customer: z.object({ id: idSchema, email: z.string().nullish(), phone: z.string().nullish() }),
  orders_to_redact: z.array(idSchema).optional(),
  orders_requested: z.array(idSchema).optional(),
  data_request: z.object({ id: idSchema }).optional(),
});
export type CustomerPayload = z.infer<typeof customerPayloadSchema>;

export function parseCustomerPayload(rawBody: string): CustomerPayload {
  return customerPayloadSchema.parse(parseJsonKeepingBigIds(rawBody));
}

const REDACTED = "redacted";
/** What a blanked raw payload (inbox row or finished job) holds instead. */
export const REDACTED_PAYLOAD = JSON.stringify({ redacted: true });

function keysOf(payload: CustomerPayload, orderIds: string[] | undefined): CustomerKeys {
  return { customerId: payload.customer.id, email: payload.customer.email, phone: payload.customer.phone, orderIds };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Replaces each needle (case-insensitive) in free text staff or the app wrote. */
export function scrub(text: string | null, needles: string[]): string | null {
  if (text == null) return text;
  let out = text;
  // Longest first: "ana+x@gmail.com" goes before "ana@gmail.com" could split it.
  for (const needle of [...needles].sort((a, b) => b.length - a.length)) out = out.replace(new RegExp(escapeRegExp(needle), "gi"), "[redacted]");
  return out;
}

/** fraudSignals without the order's fingerprints (hashed address, card and IP). */
function withoutFingerprints(json: unknown): Prisma.InputJsonValue | null {
  if (json == null || typeof json !== "object") return null;
  const value = json as { fraud?: { fingerprints?: Record<string, unknown> } };
  if (!value.fraud?.fingerprints) return json as Prisma.InputJsonValue;
  const { fingerprints: _gone, ...fraud } = value.fraud;
  return { ...value, fraud: { ...fraud, fingerprintsRedacted: true } } as Prisma.InputJsonValue;
}

/** Dates as ISO text, BigInt as decimal text, raw JSON payloads parsed: a file a person can read. */
function plain<T>(rows: T[]): Record<string, unknown>[] {
  return JSON.parse(JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? v.toString() : v))) as Record<string, unknown>[];
}

function parsedPayload(text: string): unknown {
  try {
    return parseJsonKeepingBigIds(text);
  } catch {
    return text;
  }
}

export const EXPORT_FORMAT = "twofold.customer-data.v1";

export interface CustomerExport {
  format: typeof EXPORT_FORMAT;
  shop: string;
  customer: { id: string; email: string | null; phone: string | null };
  /** Every row the matcher found, by table (Prisma model name), with its id. */
  tables: Record<string, Record<string, unknown>[]>;
}

/**
 * Everything Twofold holds about one customer of a shop, for customers/data_request: every row
 * the identity matcher ties to them, whole. Referrals they made as an advocate are about other
 * people too, so those come without the friend's contact details and fingerprints.
 */
export async function collectCustomerData(db: DbClient, shop: string, payload: CustomerPayload): Promise<CustomerExport> {
  const m = await matchCustomer(db, shop, keysOf(payload, payload.orders_requested));
  const byId = <T>(ids: string[], load: (ids: string[]) => Promise<T[]>) => (ids.length ? load(ids) : Promise.resolve([] as T[]));
  const where = (ids: string[]) => ({ where: { shopId: shop, id: { in: ids } }, orderBy: { id: "asc" as const } });
  const friendReferrals = await byId(m.friendReferralIds, (ids) => db.referral.findMany(where(ids)));
  const advocateReferrals = await byId(m.advocateReferralIds, (ids) =>
    db.referral.findMany({
      ...where(ids),
      select: { id: true, advocateId: true, status: true, orderGid: true, orderCurrency: true, orderTotalMinor: true, createdAt: true, orderedAt: true, reviewNote: true },
    }),
  );
  const tables: CustomerExport["tables"] = {
    Advocate: plain(await byId(m.advocateIds, (ids) => db.advocate.findMany(where(ids)))),
    Referral: plain([
      ...friendReferrals.map((r) => ({ ...r, role: "friend" })),
      ...advocateReferrals.map((r) => ({ ...r, role: "advocate" })),
      ...(await byId(m.mentions.Referral.filter((id) => !m.advocateReferralIds.includes(id)), (ids) => db.referral.findMany({ ...where(ids), select: { id: true, reviewNote: true } }))).map((r) => ({
        ...r,
        role: "mentioned",
      })),
    ]),
    Reward: plain([
      ...(await byId(m.rewardIds, (ids) => db.reward.findMany(where(ids)))),
      ...(await byId(m.mentions.Reward, (ids) => db.reward.findMany({ ...where(ids), select: { id: true, failureReason: true } }))),
    ]),
    RewardTransition: plain(await byId(m.rewardTransitionIds, (ids) => db.rewardTransition.findMany(where(ids)))),
    StoreCreditLock: plain(await byId(m.storeCreditLockIds, (ids) => db.storeCreditLock.findMany(where(ids)))),
    ReferralClick: plain(await byId(m.clickIds, (ids) => db.referralClick.findMany(where(ids)))),
    SentEmail: plain([
      ...(await byId(m.sentEmailIds, (ids) => db.sentEmail.findMany(where(ids)))),
      // Another person's email that quotes the customer: the quoting text, not the recipient.
      ...(await byId(m.mentions.SentEmail, (ids) => db.sentEmail.findMany({ ...where(ids), select: { id: true, kind: true, subject: true, data: true, lastError: true } }))),
    ]),
    EmailOptOut: plain(await byId(m.optOutIds, (ids) => db.emailOptOut.findMany(where(ids)))),
    // Lines of staff imports that named the customer.
    AdvocateImportRow: plain(
      await db.advocateImportRow.findMany({
        where: { shopId: shop, OR: [{ customerGid: m.gid }, ...(m.emailForms.length ? [{ email: { in: m.emailForms } }] : [])] },
        orderBy: { id: "asc" },
        select: { id: true, importId: true, line: true, email: true, customerGid: true, name: true, status: true, reason: true },
      }),
    ),
    AuditLog: plain(await byId(m.auditLogIds, (ids) => db.auditLog.findMany(where(ids)))),
    Job: plain(
      (await byId(m.jobIds, (ids) => db.job.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" }, select: { id: true, name: true, payload: true, status: true, lastError: true, createdAt: true, finishedAt: true } }))).map(
        (j) => ({ ...j, payload: parsedPayload(j.payload) }),
      ),
    ),
    WebhookEvent: plain(
      (await byId(m.webhookEventIds, (ids) => db.webhookEvent.findMany({ ...where(ids), select: { id: true, topic: true, webhookId: true, receivedAt: true, payload: true } }))).map((e) => ({
        ...e,
        payload: parsedPayload(e.payload),
      })),
    ),
  };
  return { format: EXPORT_FORMAT, shop, customer: { id: m.gid, email: payload.customer.email ?? null, phone: payload.customer.phone ?? null }, tables };
}

/**
 * customers/redact: removes the customer's personal data from every row the identity matcher
 * ties to them (emails in every spelling, customer ids, phone, hashed IPs and fingerprints, raw
 * payloads, earlier exports) and keeps every ledger row and amount, so totals do not move.
 */
export async function redactCustomer(db: DbClient, shop: string, payload: CustomerPayload): Promise<{ rows: number }> {
  const m = await matchCustomer(db, shop, keysOf(payload, payload.orders_to_redact));
  const needles = m.textNeedles;
  let rows = 0;

  // Every write below is skipped when there is nothing left to remove, so a replay changes nothing.
  if (m.advocateIds.length) {
    rows += (
      await db.advocate.updateMany({
        where: {
          shopId: shop,
          id: { in: m.advocateIds },
          OR: [{ email: { not: null } }, { customerGid: { not: null } }, { firstName: { not: null } }, { locale: { not: null } }, { status: { not: REDACTED } }],
        },
        data: { email: null, customerGid: null, firstName: null, locale: null, status: REDACTED },
      })
    ).count;
    rows += (await db.advocateBalance.deleteMany({ where: { advocateId: { in: m.advocateIds } } })).count;
  }
  // As the friend: contact details, claim key, hashed IP, and the order fingerprints kept in
  // fraudSignals. The fraud outcome (score, decision, signals) stays for the ledger.
  for (const referral of await db.referral.findMany({
    where: { shopId: shop, id: { in: m.friendReferralIds } },
    select: { id: true, friendEmail: true, friendCustomerGid: true, claimKey: true, ipHash: true, fraudSignals: true, reviewNote: true },
  })) {
    const signals = withoutFingerprints(referral.fraudSignals);
    const reviewNote = scrub(referral.reviewNote, needles);
    const changed = referral.friendEmail || referral.friendCustomerGid || referral.claimKey || referral.ipHash || reviewNote !== referral.reviewNote || JSON.stringify(signals) !== JSON.stringify(referral.fraudSignals ?? null);
    if (!changed) continue;
    await db.referral.update({
      where: { id: referral.id },
      data: { friendEmail: null, friendCustomerGid: null, claimKey: null, ipHash: null, ...(signals ? { fraudSignals: signals } : {}), reviewNote },
    });
    rows++;
  }
  // As the advocate (or anywhere else), a staff note may quote them.
  for (const referral of await db.referral.findMany({ where: { shopId: shop, id: { in: [...m.advocateReferralIds, ...m.mentions.Referral] }, reviewNote: { not: null } }, select: { id: true, reviewNote: true } })) {
    const note = scrub(referral.reviewNote, needles);
    if (note !== referral.reviewNote) rows += (await db.referral.update({ where: { id: referral.id }, data: { reviewNote: note } }), 1);
  }
  if (m.clickIds.length) {
    rows += (await db.referralClick.updateMany({ where: { shopId: shop, id: { in: m.clickIds }, OR: [{ ipHash: { not: null } }, { userAgent: { not: null } }] }, data: { ipHash: null, userAgent: null } })).count;
  }
  for (const entry of await db.auditLog.findMany({ where: { shopId: shop, id: { in: m.auditLogIds } }, select: { id: true, data: true } })) {
    const text = entry.data == null ? null : JSON.stringify(entry.data);
    const scrubbed = scrub(text, needles);
    if (text && scrubbed !== text) {
      await db.auditLog.update({ where: { id: entry.id }, data: { data: JSON.parse(scrubbed!) } });
      rows++;
    }
  }
  for (const transition of await db.rewardTransition.findMany({ where: { shopId: shop, id: { in: m.rewardTransitionIds } }, select: { id: true, reason: true } })) {
    const scrubbed = scrub(transition.reason, needles);
    if (scrubbed !== transition.reason) rows += (await db.rewardTransition.update({ where: { id: transition.id }, data: { reason: scrubbed } }), 1);
  }
  // A store credit in flight to them keeps its lock (it guards against paying twice) under a
  // key that no longer names them.
  for (const lock of await db.storeCreditLock.findMany({ where: { shopId: shop, id: { in: m.storeCreditLockIds } }, select: { id: true, rewardId: true } })) {
    await db.storeCreditLock.update({ where: { id: lock.id }, data: { customerGid: `redacted:${lock.rewardId}` } });
    rows++;
  }
  for (const reward of await db.reward.findMany({ where: { shopId: shop, id: { in: [...m.rewardIds, ...m.mentions.Reward] } }, select: { id: true, customerGid: true, failureReason: true } })) {
    const failureReason = scrub(reward.failureReason, needles);
    if (reward.customerGid === m.gid || failureReason !== reward.failureReason) {
      await redactReward(db, { rewardId: reward.id, customerGid: reward.customerGid === m.gid ? null : reward.customerGid, failureReason });
      rows++;
    }
  }
  // Raw payloads kept for replay name the customer: blank them rather than keep PII.
  if (m.webhookEventIds.length) {
    rows += (await db.webhookEvent.updateMany({ where: { shopId: shop, id: { in: m.webhookEventIds }, payload: { not: REDACTED_PAYLOAD } }, data: { payload: REDACTED_PAYLOAD, customerGid: null } })).count;
  }
  for (const job of await db.job.findMany({ where: { id: { in: m.jobIds }, status: { not: "running" } }, select: { id: true, status: true, payload: true, lastError: true } })) {
    // A finished job's payload is history; a waiting one keeps its shape with the values blanked.
    const payloadText = job.status === "queued" ? scrub(job.payload, needles)! : REDACTED_PAYLOAD;
    if (payloadText === job.payload && scrub(job.lastError, needles) === job.lastError) continue;
    await db.job.update({ where: { id: job.id }, data: { payload: payloadText, lastError: scrub(job.lastError, needles) } });
    rows++;
  }
  for (const mail of await db.sentEmail.findMany({ where: { shopId: shop, id: { in: m.sentEmailIds } }, select: { id: true, toEmail: true, subject: true, data: true, lastError: true } })) {
    if (mail.toEmail == null && mail.subject == null && scrub(mail.data, needles) === mail.data && scrub(mail.lastError, needles) === mail.lastError) continue;
    await db.sentEmail.update({ where: { id: mail.id }, data: { toEmail: null, subject: null, data: scrub(mail.data, needles) ?? "{}", lastError: scrub(mail.lastError, needles) } });
    rows++;
  }
  for (const mail of await db.sentEmail.findMany({ where: { shopId: shop, id: { in: m.mentions.SentEmail } }, select: { id: true, subject: true, data: true, lastError: true } })) {
    if (scrub(mail.subject, needles) === mail.subject && scrub(mail.data, needles) === mail.data && scrub(mail.lastError, needles) === mail.lastError) continue;
    await db.sentEmail.update({ where: { id: mail.id }, data: { subject: scrub(mail.subject, needles), data: scrub(mail.data, needles) ?? "{}", lastError: scrub(mail.lastError, needles) } });
    rows++;
  }
  // Outgoing webhook bodies name customers by id only (never an email): blank the id in every
  // event about them, sent or waiting, so a resend or a pending retry no longer carries it.
  for (const event of await db.outgoingEvent.findMany({ where: { shopId: shop, customerGids: { contains: m.gid } }, select: { id: true, body: true } })) {
    await db.outgoingEvent.update({ where: { id: event.id }, data: { body: scrub(event.body, [m.gid, ...needles])!, customerGids: "" } });
    rows++;
  }
  // Nothing can be sent to a customer whose address is gone; the opt-out row itself names them.
  if (m.optOutIds.length) rows += (await db.emailOptOut.deleteMany({ where: { shopId: shop, id: { in: m.optOutIds } } })).count;
  // Lines of staff imports that named them (email, customer id, name as typed in the file).
  rows += (
    await db.advocateImportRow.updateMany({
      where: { shopId: shop, OR: [{ customerGid: m.gid }, { email: { in: m.emailForms } }] },
      data: { email: null, customerGid: null, name: null },
    })
  ).count;
  // Earlier data-request exports of this customer are personal data too.
  rows += (await db.privacyRequest.deleteMany({ where: { shopId: shop, customerGid: m.gid } })).count;
  return { rows };
}

/** shop/redact (48 h after uninstall): erases everything Twofold holds for the shop. */
export async function redactShop(db: DbClient, shop: string): Promise<void> {
  await db.fraudSettings.deleteMany({ where: { shopId: shop } });
  await db.outgoingDelivery.deleteMany({ where: { shopId: shop } });
  await db.outgoingEvent.deleteMany({ where: { shopId: shop } });
  await db.outgoingEndpoint.deleteMany({ where: { shopId: shop } });
  await db.sentEmail.deleteMany({ where: { shopId: shop } });
  await db.emailTemplate.deleteMany({ where: { shopId: shop } });
  await db.emailOptOut.deleteMany({ where: { shopId: shop } });
  await db.dailyStat.deleteMany({ where: { shopId: shop } });
  await db.paidOrder.deleteMany({ where: { shopId: shop } });
  await db.advocateDailyStat.deleteMany({ where: { shopId: shop } });
  await db.topAdvocateStat.deleteMany({ where: { shopId: shop } });
  await db.rollupState.deleteMany({ where: { shopId: shop } });
  await db.referralClick.deleteMany({ where: { shopId: shop } });
  await db.rewardTransition.deleteMany({ where: { shopId: shop } });
  await db.storeCreditLock.deleteMany({ where: { shopId: shop } });
  await db.adminApiBudget.deleteMany({ where: { shopId: shop } });
  await db.adminOperationCost.deleteMany({ where: { shopId: shop } });
  await db.jobShopTurn.deleteMany({ where: { shopId: shop } });
  await db.reward.deleteMany({ where: { shopId: shop } });
  await db.referral.deleteMany({ where: { shopId: shop } });
  await db.advocateBalance.deleteMany({ where: { shopId: shop } });
  await db.advocate.deleteMany({ where: { shopId: shop } });
  await db.program.deleteMany({ where: { shopId: shop } });
  await db.programVersion.deleteMany({ where: { shopId: shop } });
  await db.advocateImportRow.deleteMany({ where: { shopId: shop } });
  await db.advocateImport.deleteMany({ where: { shopId: shop } });
  await db.auditLog.deleteMany({ where: { shopId: shop } });
  await db.privacyRequest.deleteMany({ where: { shopId: shop } });
  await db.session.deleteMany({ where: { shop } });
  await db.job.deleteMany({ where: { shopId: shop, status: { not: "running" } } });
  await db.webhookEvent.deleteMany({ where: { shopId: shop } });
  await db.shop.deleteMany({ where: { id: shop } });
}
