// Shopify's mandatory privacy webhooks. Each function is idempotent: running it twice
// leaves the same result, so job retries and webhook replays are harmless.
import { z } from "zod";
import type { DbClient, Prisma } from "../db.server";
import { customerGid, parseJsonKeepingBigIds } from "../lib/json-ids";

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

/** Replaces each needle (case-insensitive) in free text staff or the app wrote. */
function scrub(text: string | null, needles: string[]): string | null {
  if (text == null) return text;
  let out = text;
  for (const needle of needles) out = out.replace(new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), "[redacted]");
  return out;
}

/** fraudSignals without the order's fingerprints (collected into ipHashes for the clicks). */
function withoutFingerprints(json: unknown, ipHashes: Set<string>): Prisma.InputJsonValue | null {
  if (json == null || typeof json !== "object") return null;
  const value = json as { fraud?: { fingerprints?: Record<string, unknown> } };
  if (!value.fraud?.fingerprints) return json as Prisma.InputJsonValue;
  const { fingerprints, ...fraud } = value.fraud;
  if (typeof fingerprints.ipHash === "string") ipHashes.add(fingerprints.ipHash);
  return { ...value, fraud: { ...fraud, fingerprintsRedacted: true } } as Prisma.InputJsonValue;
}

/** Everything Twofold holds about one customer of a shop, for customers/data_request. */
export async function collectCustomerData(db: DbClient, shop: string, payload: CustomerPayload) {
  const gid = customerGid(payload.customer.id);
  const email = payload.customer.email?.toLowerCase() ?? undefined;
  const advocates = await db.advocate.findMany({
    where: { shopId: shop, OR: [{ customerGid: gid }, ...(email ? [{ email }] : [])] },
    select: { id: true, code: true, email: true, customerGid: true, status: true, createdAt: true },
  });
  const referrals = await db.referral.findMany({
    where: {
      shopId: shop,
      OR: [{ friendCustomerGid: gid }, ...(email ? [{ friendEmail: email }] : []), { advocateId: { in: advocates.map((a) => a.id) } }],
    },
    select: { id: true, advocateId: true, friendEmail: true, friendCustomerGid: true, orderGid: true, status: true, createdAt: true },
  });
  const rewards = await db.reward.findMany({
    where: { shopId: shop, OR: [{ customerGid: gid }, { referralId: { in: referrals.map((r) => r.id) } }] },
    select: { id: true, recipient: true, kind: true, status: true, amountMinor: true, currency: true, discountCode: true, createdAt: true },
  });
  return {
    customer: { id: gid, email: payload.customer.email ?? null },
    advocates,
    referrals,
    rewards: rewards.map((r) => ({ ...r, amountMinor: r.amountMinor.toString() })),
  };
}

/**
 * customers/redact: removes the customer's personal data (emails, customer ids, raw webhook
 * payloads that mention them) and keeps every ledger row and amount, so totals do not move.
 */
export async function redactCustomer(db: DbClient, shop: string, payload: CustomerPayload): Promise<{ rows: number }> {
  const gid = customerGid(payload.customer.id);
  const email = payload.customer.email?.toLowerCase() ?? undefined;
  const mentions = [gid, `"id":${payload.customer.id}`, `"id": ${payload.customer.id}`, ...(email ? [email] : [])];
  const textNeedles = [gid, ...(email ? [email] : []), ...(payload.customer.phone ? [payload.customer.phone] : [])];
  let rows = 0;

  const advocates = await db.advocate.findMany({
    where: { shopId: shop, OR: [{ customerGid: gid }, ...(email ? [{ email }] : [])] },
    select: { id: true },
  });
  for (const advocate of advocates) {
    await db.advocateBalance.deleteMany({ where: { advocateId: advocate.id } });
    await db.advocate.update({
      where: { id: advocate.id },
      data: { email: null, customerGid: null, status: REDACTED },
    });
    rows++;
  }
  // The referrals where they are the friend (or whose order Shopify names): contact details,
  // the hashed IP, and the order fingerprints kept in fraudSignals (hashed address, card and
  // IP: still personal data). The fraud outcome (score, decision, signals) stays for the ledger.
  const orderGids = (payload.orders_to_redact ?? []).map((id) => `gid://shopify/Order/${id}`);
  const referrals = await db.referral.findMany({
    where: { shopId: shop, OR: [{ friendCustomerGid: gid }, ...(email ? [{ friendEmail: email }] : []), ...(orderGids.length ? [{ orderGid: { in: orderGids } }] : [])] },
    select: { id: true, ipHash: true, fraudSignals: true, reviewNote: true },
  });
  const ipHashes = new Set<string>();
  for (const referral of referrals) {
    const signals = withoutFingerprints(referral.fraudSignals, ipHashes);
    if (referral.ipHash) ipHashes.add(referral.ipHash);
    await db.referral.update({
      where: { id: referral.id },
      data: { friendEmail: null, friendCustomerGid: null, ipHash: null, ...(signals ? { fraudSignals: signals } : {}), reviewNote: scrub(referral.reviewNote, textNeedles) },
    });
    rows++;
  }
  // Their clicks on the advocate's link carry the same hashed IP, and their browser.
  if (ipHashes.size) rows += (await db.referralClick.updateMany({ where: { shopId: shop, ipHash: { in: [...ipHashes] } }, data: { ipHash: null, userAgent: null } })).count;
  // Staff notes and audit entries about these referrals and rewards may quote the email.
  const rewardIds = (await db.reward.findMany({ where: { shopId: shop, OR: [{ customerGid: gid }, { referralId: { in: referrals.map((r) => r.id) } }] }, select: { id: true } })).map((r) => r.id);
  const subjects = [...referrals.map((r) => r.id), ...rewardIds, ...advocates.map((a) => a.id)];
  for (const entry of await db.auditLog.findMany({ where: { shopId: shop, subjectId: { in: subjects } }, select: { id: true, data: true } })) {
    const text = entry.data == null ? null : JSON.stringify(entry.data);
    const scrubbed = scrub(text, textNeedles);
    if (text && scrubbed !== text) {
      await db.auditLog.update({ where: { id: entry.id }, data: { data: JSON.parse(scrubbed!) } });
      rows++;
    }
  }
  for (const transition of await db.rewardTransition.findMany({ where: { shopId: shop, rewardId: { in: rewardIds } }, select: { id: true, reason: true } })) {
    const scrubbed = scrub(transition.reason, textNeedles);
    if (scrubbed !== transition.reason) {
      await db.rewardTransition.update({ where: { id: transition.id }, data: { reason: scrubbed } });
      rows++;
    }
  }
  // A store credit in flight to them keeps its lock (it guards against paying twice) under a
  // key that no longer names them.
  for (const lock of await db.storeCreditLock.findMany({ where: { shopId: shop, customerGid: gid }, select: { id: true, rewardId: true } })) {
    await db.storeCreditLock.update({ where: { id: lock.id }, data: { customerGid: `redacted:${lock.rewardId}` } });
    rows++;
  }
  rows += (await db.reward.updateMany({ where: { shopId: shop, customerGid: gid }, data: { customerGid: null } })).count;

  // Raw payloads kept for replay may name the customer: blank them rather than keep PII.
  for (const needle of mentions) {
    rows += (
      await db.webhookEvent.updateMany({
        where: { shopId: shop, payload: { contains: needle } },
        data: { payload: JSON.stringify({ redacted: true }) },
      })
    ).count;
  }
  if (email) {
    rows += (await db.sentEmail.updateMany({ where: { shopId: shop, toEmail: email }, data: { toEmail: null, subject: null } })).count;
    // Nothing can be sent to a customer whose address is gone; the opt-out row itself names them.
    rows += (await db.emailOptOut.deleteMany({ where: { shopId: shop, email } })).count;
  }
  // Earlier data-request exports of this customer are personal data too.
  rows += (await db.auditLog.deleteMany({ where: { shopId: shop, action: DATA_EXPORT_ACTION, subjectId: gid } })).count;
  return { rows };
}

export const DATA_EXPORT_ACTION = "customer.data_exported";

/** customers/data_request: stores the export in the audit log, where the merchant fetches it. */
export async function exportCustomerData(db: DbClient, shop: string, payload: CustomerPayload): Promise<void> {
  const data = await collectCustomerData(db, shop, payload);
  await db.auditLog.create({
    data: {
      shopId: shop,
      actor: "shopify:customers/data_request",
      action: DATA_EXPORT_ACTION,
      subjectType: "Customer",
      subjectId: customerGid(payload.customer.id),
      data: JSON.parse(JSON.stringify({ dataRequestId: payload.data_request?.id ?? null, ...data })),
    },
  });
}

/** shop/redact (48 h after uninstall): erases everything Twofold holds for the shop. */
export async function redactShop(db: DbClient, shop: string): Promise<void> {
  await db.fraudSettings.deleteMany({ where: { shopId: shop } });
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
  await db.reward.deleteMany({ where: { shopId: shop } });
  await db.referral.deleteMany({ where: { shopId: shop } });
  await db.advocateBalance.deleteMany({ where: { shopId: shop } });
  await db.advocate.deleteMany({ where: { shopId: shop } });
  await db.program.deleteMany({ where: { shopId: shop } });
  await db.programVersion.deleteMany({ where: { shopId: shop } });
  await db.auditLog.deleteMany({ where: { shopId: shop } });
  await db.session.deleteMany({ where: { shop } });
  await db.job.deleteMany({ where: { shopId: shop, status: { not: "running" } } });
  await db.webhookEvent.deleteMany({ where: { shopId: shop } });
  await db.shop.deleteMany({ where: { id: shop } });
}
