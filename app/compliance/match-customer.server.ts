// Who a privacy request is about, as rows: the one matcher customers/data_request (export) and
// customers/redact (erase) both use, so what is exported is what is erased. Shopify names the
// customer by id, email and phone; we store emails as given, lower-cased or normalised (Gmail
// dots and +tags dropped), so every spelling that normalises to the same mailbox matches.
import type { DbClient } from "../db.server";
import { customerGid } from "../lib/json-ids";
import { normalizeEmail } from "../lib/normalize-email";

export interface CustomerKeys {
  /** Shopify's numeric customer id (as a string: ids exceed 2^53). */
  customerId: string;
  email?: string | null;
  phone?: string | null;
  /** orders_to_redact / orders_requested: numeric order ids. */
  orderIds?: string[];
}

export interface CustomerMatch {
  gid: string;
  /** Every spelling of the customer's email found in a row, plus the ones Shopify gave. */
  emailForms: string[];
  /** Case-insensitive needles for free text (notes, audit data, payloads): emails, gid, phone. */
  textNeedles: string[];
  advocateIds: string[];
  /** Referrals where the customer is the friend (by customer, email, claim key or order). */
  friendReferralIds: string[];
  /** Referrals the customer's advocate rows made (other people are the friends there). */
  advocateReferralIds: string[];
  /** Rewards paid to the customer: as the advocate of their referrals or as the friend. */
  rewardIds: string[];
  /** Hashed IPs of the customer's own visits (their referrals as friend): their clicks share them. */
  ipHashes: string[];
  clickIds: string[];
  sentEmailIds: string[];
  optOutIds: string[];
  auditLogIds: string[];
  rewardTransitionIds: string[];
  storeCreditLockIds: string[];
  jobIds: string[];
  webhookEventIds: string[];
  /**
   * Other people's rows whose free text quotes the customer (a staff note, a transition reason,
   * an error, an email's data): exported as the quoting text only, scrubbed by a redaction.
   */
  mentions: { Referral: string[]; Reward: string[]; RewardTransition: string[]; SentEmail: string[] };
}

const uniq = <T>(values: Iterable<T>): T[] => [...new Set(values)];

/** The spellings of an address we may have written: as given, trimmed, lower-cased, normalised. */
export function emailSpellings(email: string | null | undefined): string[] {
  if (!email) return [];
  const normalized = normalizeEmail(email);
  return uniq([email, email.trim(), email.trim().toLowerCase(), ...(normalized ? [normalized] : [])].filter(Boolean));
}

/** Domains a stored spelling of the same mailbox can end with (Gmail has two). */
function domainsOf(normalized: string): string[] {
  const domain = normalized.slice(normalized.lastIndexOf("@") + 1);
  return domain === "gmail.com" ? ["gmail.com", "googlemail.com", "GMAIL.COM", "GOOGLEMAIL.COM"] : uniq([domain, domain.toUpperCase()]);
}

/**
 * The stored values of an email column that are the same mailbox: exact spellings, then any
 * value of the same domain whose normalised form is the customer's (a stored
 * "Ana.Friend+promo@gmail.com" is the same person as Shopify's "anafriend@gmail.com").
 */
async function sameMailbox(candidates: (string | null)[], normalized: string | null): Promise<string[]> {
  if (!normalized) return [];
  return uniq(candidates.filter((v): v is string => !!v && normalizeEmail(v) === normalized));
}

function emailWhere(column: string, spellings: string[], normalized: string | null): Record<string, unknown>[] {
  if (!normalized) return [];
  return [{ [column]: { in: spellings } }, ...domainsOf(normalized).map((d) => ({ [column]: { endsWith: `@${d}` } }))];
}

/** The shop's rows whose column, as text, contains any needle (case-insensitive). */
async function rowsWithText(db: DbClient, table: string, column: string, shop: string, needles: string[]): Promise<{ id: string; text: string }[]> {
  const found = new Map<string, string>();
  for (const needle of uniq(needles.map((n) => n.toLowerCase()).filter((n) => n.length >= 3))) {
    const rows = await db.$queryRawUnsafe<{ id: string; text: string | null }[]>(
      `SELECT "id" AS id, CAST("${column}" AS TEXT) AS text FROM "${table}" WHERE "shopId" = $1 AND LOWER(CAST("${column}" AS TEXT)) LIKE $2`,
      shop,
      `%${needle}%`,
    );
    // LIKE treats "_" as a wildcard: keep only real occurrences.
    for (const row of rows) if (row.text?.toLowerCase().includes(needle)) found.set(row.id, row.text);
  }
  return [...found].map(([id, text]) => ({ id, text }));
}

/** Ids of the shop's rows whose column, as text, contains any needle (case-insensitive). */
export async function idsWithText(db: DbClient, table: string, column: string, shop: string, needles: string[]): Promise<string[]> {
  return (await rowsWithText(db, table, column, shop, needles)).map((r) => r.id);
}

/**
 * Free text: where a spelling of an address can sit that no email column holds (a staff note
 * quoting it). Raw payloads are not searched by domain (every order of the shop would match);
 * the spellings in the customer's own payloads are read from those (spellingsIn).
 */
const FREE_TEXT: [table: string, column: string][] = [
  ["AuditLog", "data"],
  ["Referral", "reviewNote"],
  ["RewardTransition", "reason"],
  ["Reward", "failureReason"],
  ["SentEmail", "data"],
  ["SentEmail", "subject"],
  ["SentEmail", "lastError"],
  ["Job", "lastError"],
];
const EMAILISH = /[^\s"'<>,;:()[\]\\]+@[^\s"'<>,;:()[\]\\]+/g;

/**
 * Spellings of the mailbox written in free text: a staff note quoting "Ana.Q+promo@Gmail.com",
 * an order payload with the address as typed at checkout. Found by the domain, kept when they
 * normalise to the customer's address.
 */
async function spellingsInFreeText(db: DbClient, shop: string, normalized: string): Promise<string[]> {
  const texts: string[] = [];
  for (const [table, column] of FREE_TEXT) {
    for (const row of await rowsWithText(db, table, column, shop, domainsOf(normalized).filter((d) => d === d.toLowerCase()).map((d) => `@${d}`))) texts.push(row.text);
  }
  return spellingsIn(texts, normalized);
}

/** The email-like words of these texts that are the customer's mailbox. */
function spellingsIn(texts: string[], normalized: string): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    for (const candidate of text.match(EMAILISH) ?? []) {
      const cleaned = candidate.replace(/^[.\\]+|[.\\]+$/g, "");
      if (normalizeEmail(cleaned) === normalized) found.add(cleaned);
    }
  }
  return [...found];
}

export async function matchCustomer(db: DbClient, shop: string, keys: CustomerKeys): Promise<CustomerMatch> {
  const gid = customerGid(keys.customerId);
  const normalized = normalizeEmail(keys.email);
  const given = emailSpellings(keys.email);
  const orderGids = (keys.orderIds ?? []).map((id) => `gid://shopify/Order/${id}`);

  const advocates = await db.advocate.findMany({
    where: { shopId: shop, OR: [{ customerGid: gid }, ...emailWhere("email", given, normalized)] },
    select: { id: true, email: true, customerGid: true },
  });
  const ownAdvocates = advocates.filter((a) => a.customerGid === gid || (normalized && a.email && normalizeEmail(a.email) === normalized));
  // Rows merged into theirs are the same person (their email and customer were moved over).
  const merged = ownAdvocates.length ? await db.advocate.findMany({ where: { shopId: shop, mergedIntoId: { in: ownAdvocates.map((a) => a.id) } }, select: { id: true } }) : [];
  const advocateIds = uniq([...ownAdvocates.map((a) => a.id), ...merged.map((a) => a.id)]);

  const referralCandidates = await db.referral.findMany({
    where: {
      shopId: shop,
      OR: [
        { friendCustomerGid: gid },
        ...emailWhere("friendEmail", given, normalized),
        ...(normalized ? [{ claimKey: normalized }] : []),
        ...(orderGids.length ? [{ orderGid: { in: orderGids } }] : []),
      ],
    },
    select: { id: true, friendEmail: true, friendCustomerGid: true, claimKey: true, orderGid: true, ipHash: true, fraudSignals: true },
  });
  const friendReferrals = referralCandidates.filter(
    (r) =>
      r.friendCustomerGid === gid ||
      (normalized && (r.claimKey === normalized || normalizeEmail(r.friendEmail) === normalized)) ||
      (r.orderGid && orderGids.includes(r.orderGid)),
  );
  const friendReferralIds = friendReferrals.map((r) => r.id);
  const advocateReferralIds = advocateIds.length
    ? (await db.referral.findMany({ where: { shopId: shop, advocateId: { in: advocateIds } }, select: { id: true } })).map((r) => r.id).filter((id) => !friendReferralIds.includes(id))
    : [];

  const ipHashes = new Set<string>();
  for (const r of friendReferrals) {
    if (r.ipHash) ipHashes.add(r.ipHash);
    const fp = (r.fraudSignals as { fraud?: { fingerprints?: { ipHash?: unknown } } } | null)?.fraud?.fingerprints;
    if (typeof fp?.ipHash === "string") ipHashes.add(fp.ipHash);
  }

  const rewards = await db.reward.findMany({
    where: {
      shopId: shop,
      OR: [
        { customerGid: gid },
        ...(friendReferralIds.length ? [{ referralId: { in: friendReferralIds }, recipient: "friend" }] : []),
        ...(advocateReferralIds.length ? [{ referralId: { in: advocateReferralIds }, recipient: "advocate" }] : []),
        // Goodwill rewards name the advocate themselves (no referral).
        ...(advocateIds.length ? [{ advocateId: { in: advocateIds } }] : []),
      ],
    },
    select: { id: true },
  });
  const rewardIds = rewards.map((r) => r.id);

  const sentCandidates = await db.sentEmail.findMany({
    where: {
      shopId: shop,
      OR: [
        ...emailWhere("toEmail", given, normalized),
        ...(advocateIds.length ? [{ advocateId: { in: advocateIds } }] : []),
        ...(rewardIds.length ? [{ rewardId: { in: rewardIds } }] : []),
      ],
    },
    select: { id: true, toEmail: true, advocateId: true, rewardId: true, referralId: true, kind: true },
  });
  const sentEmails = sentCandidates.filter(
    (e) => (normalized && normalizeEmail(e.toEmail) === normalized) || (e.advocateId && advocateIds.includes(e.advocateId)) || (e.rewardId && rewardIds.includes(e.rewardId)),
  );
  // Friend emails about their own claim (the code, the verification link) carry the referral.
  const friendMail = friendReferralIds.length
    ? await db.sentEmail.findMany({ where: { shopId: shop, referralId: { in: friendReferralIds }, advocateId: null, rewardId: null }, select: { id: true, toEmail: true } })
    : [];

  const optOutCandidates = normalized ? await db.emailOptOut.findMany({ where: { shopId: shop, OR: emailWhere("email", given, normalized) }, select: { id: true, email: true } }) : [];
  const optOuts = optOutCandidates.filter((o) => normalizeEmail(o.email) === normalized);

  const storedForms = uniq([
    ...given,
    ...(normalized ? await spellingsInFreeText(db, shop, normalized) : []),
    ...(await sameMailbox([...ownAdvocates.map((a) => a.email), ...friendReferrals.map((r) => r.friendEmail), ...sentEmails.map((e) => e.toEmail), ...optOuts.map((o) => o.email)], normalized)),
  ]);
  const phone = keys.phone?.trim();
  const phoneDigits = phone?.replace(/\D/g, "");
  const needlesFor = (forms: string[]) => uniq([...forms, gid, ...(phone ? [phone] : []), ...(phoneDigits && phoneDigits.length >= 7 ? [phoneDigits] : [])]);
  // Raw payloads name the customer by numeric id too ("id":123 in the customer object).
  const payloadNeedlesFor = (forms: string[]) => uniq([...needlesFor(forms), `"id":${keys.customerId}`, `"id": ${keys.customerId}`, `"customer_id":${keys.customerId}`]);
  const customerOrderGids = uniq([...orderGids, ...friendReferrals.map((r) => r.orderGid).filter((g): g is string => !!g)]);
  const firstPayloads = [
    ...(customerOrderGids.length ? await db.webhookEvent.findMany({ where: { shopId: shop, subjectGid: { in: customerOrderGids } }, select: { id: true, payload: true } }) : []),
    ...(await rowsWithText(db, "WebhookEvent", "payload", shop, payloadNeedlesFor(storedForms))).map((r) => ({ id: r.id, payload: r.text })),
  ];
  // The address as typed at checkout (capitals, a +tag) is often only in the order's payload.
  const emailForms = uniq([...storedForms, ...(normalized ? spellingsIn(firstPayloads.map((e) => e.payload), normalized) : [])]);
  const textNeedles = needlesFor(emailForms);
  const payloadNeedles = payloadNeedlesFor(emailForms);

  const clickIds = ipHashes.size ? (await db.referralClick.findMany({ where: { shopId: shop, ipHash: { in: [...ipHashes] } }, select: { id: true } })).map((c) => c.id) : [];

  const subjects = uniq([gid, ...advocateIds, ...friendReferralIds, ...rewardIds]);
  const auditLogIds = uniq([
    ...(await db.auditLog.findMany({ where: { shopId: shop, subjectId: { in: subjects } }, select: { id: true } })).map((a) => a.id),
    ...(await idsWithText(db, "AuditLog", "data", shop, textNeedles)),
  ]);
  const rewardTransitionIds = uniq([
    ...(rewardIds.length ? (await db.rewardTransition.findMany({ where: { shopId: shop, rewardId: { in: rewardIds } }, select: { id: true } })).map((t) => t.id) : []),
    ...(await idsWithText(db, "RewardTransition", "reason", shop, textNeedles)),
  ]);
  const sentEmailIds = uniq([...sentEmails.map((e) => e.id), ...friendMail.map((e) => e.id)]);
  const notIn = (ids: string[]) => (id: string) => !ids.includes(id);
  const mentions = {
    Referral: (await idsWithText(db, "Referral", "reviewNote", shop, textNeedles)).filter(notIn(friendReferralIds)),
    Reward: (await idsWithText(db, "Reward", "failureReason", shop, textNeedles)).filter(notIn(rewardIds)),
    RewardTransition: [] as string[],
    SentEmail: uniq([...(await idsWithText(db, "SentEmail", "data", shop, textNeedles)), ...(await idsWithText(db, "SentEmail", "lastError", shop, textNeedles)), ...(await idsWithText(db, "SentEmail", "subject", shop, textNeedles))]).filter(notIn(sentEmailIds)),
  };
  const storeCreditLockIds = (await db.storeCreditLock.findMany({ where: { shopId: shop, customerGid: gid }, select: { id: true } })).map((l) => l.id);
  const jobIds = uniq([...(await idsWithText(db, "Job", "payload", shop, textNeedles)), ...(await idsWithText(db, "Job", "lastError", shop, textNeedles))]);
  const webhookEventIds = uniq([
    ...firstPayloads.map((e) => e.id),
    ...(emailForms.length > storedForms.length ? await idsWithText(db, "WebhookEvent", "payload", shop, payloadNeedles) : []),
  ]);

  return {
    gid,
    emailForms,
    textNeedles,
    advocateIds,
    friendReferralIds,
    advocateReferralIds,
    rewardIds,
    ipHashes: [...ipHashes],
    clickIds,
    sentEmailIds,
    optOutIds: optOuts.map((o) => o.id),
    auditLogIds,
    rewardTransitionIds,
    storeCreditLockIds,
    jobIds,
    webhookEventIds,
    mentions,
  };
}
