// Sends one queued email at most once. The row is claimed (queued|failed → sending) by a
// guarded UPDATE committed before the SMTP call, then marked sent. SMTP has no idempotency key,
// so the crash window (SMTP accepted, process died before "sent" was written) is resolved
// towards at-most-once: a retry that finds "sending" marks the email "unknown" for staff and does
// not resend. A definite SMTP failure is recorded as "failed" and the job retries it.
import crypto from "node:crypto";
import { withSqliteBusyRetry, type Db, type DbClient } from "../db.server";
import { PermanentJobError } from "../jobs/define-job";
import { readProgramConfig } from "../program/program-config";
import { completeAdvocate, liveAdvocate } from "../advocates/advocate-identity.server";
import { describeFriendOffer, formatMoney } from "../program/program-text";
import { isMilestoneKind, milestoneIdempotencyKey, paidAsStoreCredit } from "../program/reward-kinds";
import { adminClientForShop } from "../shopify/admin-client.server";
import { findDiscountCodeByCode } from "../shopify/discount-codes.server";
import { ShopifyApiError } from "../shopify/errors";
import { DEFAULT_TEMPLATES, expiringPayoutValues, payoutValues, renderEmail, templateForPayout, withUnsubscribeFooter, type EmailKind, type EmailTemplateText, type Payout } from "./email-templates";
import type { Mailer } from "./mailer.server";
import { unsubscribeUrl } from "./unsubscribe-token.server";
import { claimVerificationUrl } from "./claim-verification-token";

export type SendOutcome = "sent" | "skipped" | "already-done" | "unknown";

interface Recipient {
  email: string | null;
  values: Record<string, string>;
  /** Why the email must not go out even with an address (reward reversed, advocate blocked). */
  skipReason?: string;
  /** How the advocate's reward was paid, when the email is about one. */
  paidAs?: Payout["paidAs"];
  /** A friend's storefront claim not yet verified: the email carries its verification link. */
  verifyClaim?: { shop: string; referralId: string };
}

const DAY_MS = 86_400_000;

const formatDate = (date: Date) => new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(date);

/**
 * Why an advocate's single-use code needs no expiry reminder (spent, or deleted in Shopify), or
 * null. Asked of Shopify at send time: orders do not tell Twofold which codes they used. A
 * Shopify error is thrown, so the send job retries later.
 */
async function advocateCodeUsed(db: Db, shop: string, code: string): Promise<string | null> {
  let existing;
  try {
    existing = await findDiscountCodeByCode(await adminClientForShop(db, shop), code);
  } catch (error) {
    // Retrying cannot help (app uninstalled, access revoked): no reminder rather than one a day.
    if (error instanceof ShopifyApiError && !error.retryable) return `Shopify could not be asked whether the code was used (${error.kind})`;
    throw error;
  }
  if (!existing) return "the code no longer exists in Shopify";
  if (existing.usageLimit != null && existing.usageCount != null && existing.usageCount >= existing.usageLimit) return "the code was already used";
  return null;
}

/** What the advocate got for an issued reward: credit on their account, or their code. */
function payoutOf(reward: { kind: string; discountCode: string | null; amountMinor: bigint; reversedMinor: bigint; currency: string; expiresAt: Date | null }): Payout {
  const amount = formatMoney(reward.amountMinor - reward.reversedMinor, reward.currency);
  const expiresOn = reward.expiresAt ? formatDate(reward.expiresAt) : null;
  if (paidAsStoreCredit(reward.kind) || !reward.discountCode) return { paidAs: "store_credit", amount, expiresOn };
  return { paidAs: "discount_code", amount, code: reward.discountCode, expiresOn };
}

async function templateFor(db: DbClient, shopId: string, kind: EmailKind): Promise<(EmailTemplateText & { enabled: boolean }) | null> {
  const row = await db.emailTemplate.findUnique({ where: { shopId_kind: { shopId, kind } } });
  return row ? { subject: row.subject, body: row.body, enabled: row.enabled } : { ...DEFAULT_TEMPLATES[kind], enabled: true };
}

/**
 * The advocate with their email: a logged-in advocate's row has only a customer id (the app
 * proxy gives no email), so it is read from Shopify here if the identity job has not yet.
 */
async function withEmail<T extends { id: string; shopId: string; email: string | null; customerGid: string | null }>(db: Db, advocate: T): Promise<T> {
  if (advocate.email || !advocate.customerGid) return advocate;
  const completed = await completeAdvocate(db, await adminClientForShop(db, advocate.shopId), advocate.id);
  return { ...advocate, email: completed?.email ?? null };
}

async function resolveRecipient(db: Db, email: { shopId: string; kind: string; rewardId: string | null; referralId: string | null; advocateId: string | null; data: string }, now: Date): Promise<Recipient> {
  const shop = await db.shop.findUnique({ where: { id: email.shopId }, select: { name: true } });
  const base = { shop_name: shop?.name ?? email.shopId.replace(/\.myshopify\.com$/, "") };
  const data = JSON.parse(email.data || "{}") as Record<string, unknown>;

  if (email.kind === "friend_code") {
    const referral = await db.referral.findFirst({ where: { id: email.referralId ?? "", shopId: email.shopId }, include: { programVersion: true, rewards: true } });
    if (!referral) return { email: null, values: base, skipReason: "referral no longer exists" };
    const reward = referral.rewards.find((r) => r.id === email.rewardId) ?? referral.rewards.find((r) => r.recipient === "friend" && r.discountCode);
    const code = reward?.discountCode ?? referral.friendCode;
    if (!code) return { email: referral.friendEmail, values: base, skipReason: "no discount code for this friend" };
    if (reward && (reward.status === "cancelled" || reward.status === "reversed")) return { email: referral.friendEmail, values: base, skipReason: "the friend's code was cancelled" };
    let offer = "";
    try {
      offer = describeFriendOffer(readProgramConfig(referral.programVersion.config));
    } catch {
      offer = "a discount";
    }
    const verifyClaim = referral.claimKey && !referral.friendEmailVerifiedAt ? { shop: referral.shopId, referralId: referral.id } : undefined;
    return { email: referral.friendEmail, values: { ...base, discount_code: code, friend_offer: offer }, verifyClaim };
  }

  if (email.kind === "friend_reminder") {
    const referral = await db.referral.findFirst({ where: { id: email.referralId ?? "", shopId: email.shopId }, include: { programVersion: true } });
    if (!referral) return { email: null, values: base, skipReason: "referral no longer exists" };
    // Checked again at send time: the order may have come in since the reminder was queued.
    if (referral.orderGid || referral.orderedAt || referral.status !== "claimed") return { email: referral.friendEmail, values: base, skipReason: "the friend has already ordered" };
    if (!referral.friendCode || !referral.friendCodeExpiresAt) return { email: referral.friendEmail, values: base, skipReason: "no expiring code for this friend" };
    if (referral.friendCodeExpiresAt <= now) return { email: referral.friendEmail, values: base, skipReason: "the friend's code already expired" };
    let offer = "";
    try {
      offer = describeFriendOffer(readProgramConfig(referral.programVersion.config));
    } catch {
      offer = "a discount";
    }
    const expiresOn = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(referral.friendCodeExpiresAt);
    const daysLeft = Math.max(1, Math.ceil((referral.friendCodeExpiresAt.getTime() - now.getTime()) / DAY_MS));
    return { email: referral.friendEmail, values: { ...base, discount_code: referral.friendCode, friend_offer: offer, expires_on: expiresOn, days_left: String(daysLeft) } };
  }

  if (email.kind === "reward_earned" || email.kind === "credit_expiring") {
    const reward = await db.reward.findFirst({ where: { id: email.rewardId ?? "", shopId: email.shopId }, include: { referral: { include: { advocate: true } } } });
    if (!reward) return { email: null, values: base, skipReason: "reward no longer exists" };
    if (!reward.referral) return { email: null, values: base, skipReason: "a goodwill reward has no referral email" };
    const advocate = await withEmail(db, reward.referral.advocate);
    const values: Record<string, string> = { ...base, reward_amount: formatMoney(reward.amountMinor - reward.reversedMinor, reward.currency) };
    if (advocate.status !== "active") return { email: advocate.email, values, skipReason: `advocate is ${advocate.status}` };
    if (reward.status !== "issued") return { email: advocate.email, values, skipReason: `reward is ${reward.status}` };
    if (email.kind === "reward_earned") {
      const count = await db.referral.count({
        where: { shopId: email.shopId, advocateId: advocate.id, rewards: { some: { recipient: "advocate", status: "issued", kind: { in: ["store_credit", "discount_code"] } } } },
      });
      const payout = payoutOf(reward);
      return { email: advocate.email, values: { ...values, referral_count: String(count), ...payoutValues(payout) }, paidAs: payout.paidAs };
    }
    if (!reward.expiresAt || reward.expiresAt <= now) return { email: advocate.email, values, skipReason: "reward already expired" };
    if (reward.reversedMinor >= reward.amountMinor) return { email: advocate.email, values, skipReason: "credit was taken back" };
    const payout = payoutOf(reward);
    if (payout.paidAs === "discount_code") {
      // A single-use code the advocate already spent needs no reminder; Shopify knows, we do not.
      const used = await advocateCodeUsed(db, reward.shopId, payout.code);
      if (used) return { email: advocate.email, values, skipReason: used };
    }
    const daysLeft = Math.max(1, Math.ceil((reward.expiresAt.getTime() - now.getTime()) / DAY_MS));
    return { email: advocate.email, values: { ...values, ...expiringPayoutValues(payout), days_left: String(daysLeft) }, paidAs: payout.paidAs };
  }

  if (email.kind === "milestone") {
    const found = await db.advocate.findFirst({ where: { id: email.advocateId ?? "", shopId: email.shopId } });
    const advocate = found ? await withEmail(db, await liveAdvocate(db, found)) : null;
    if (!advocate) return { email: null, values: base, skipReason: "advocate no longer exists" };
    // The bonus reward says how it was paid; emails queued before they carried its id find it by its key.
    const key = milestoneIdempotencyKey(email.shopId, found!.id, Number(data.referrals));
    const reward = await db.reward.findFirst({
      where: email.rewardId ? { id: email.rewardId, shopId: email.shopId } : { shopId: email.shopId, status: "issued", idempotencyKey: { in: [key, `${key}:as-code`] } },
    });
    const values: Record<string, string> = { ...base, referral_count: String(data.referrals ?? "") };
    if (advocate.status !== "active") return { email: advocate.email, values, skipReason: `advocate is ${advocate.status}` };
    if (reward && isMilestoneKind(reward.kind)) {
      if (reward.status !== "issued") return { email: advocate.email, values, skipReason: `milestone bonus is ${reward.status}` };
      const payout = payoutOf(reward);
      return { email: advocate.email, values: { ...values, reward_amount: payout.amount, ...payoutValues(payout) }, paidAs: payout.paidAs };
    }
    // No bonus reward to point at: thank without claiming how anything was paid.
    const amount = data.bonusMinor != null && data.currency ? formatMoney(BigInt(String(data.bonusMinor)), String(data.currency)) : "";
    const bonus = amount ? `a bonus of ${amount}` : "our warmest thanks";
    return { email: advocate.email, values: { ...values, reward_amount: amount, milestone_bonus: bonus, reward_summary: amount ? `Your bonus of ${amount} is on its way.` : "" } };
  }
  throw new PermanentJobError(`unknown email kind ${email.kind}`);
}

export class UnsubscribeLinkNotConfiguredError extends Error {
  override name = "UnsubscribeLinkNotConfiguredError";
}

/** Read at send time, like the SMTP settings: the app's public URL and secret sign the link. */
function unsubscribeLinkFor(shop: string, email: string, source: Record<string, string | undefined> = process.env): string {
  const appUrl = source.SHOPIFY_APP_URL;
  const secret = source.SHOPIFY_API_SECRET;
  if (!appUrl || !secret) throw new UnsubscribeLinkNotConfiguredError("SHOPIFY_APP_URL and SHOPIFY_API_SECRET must be set to put an unsubscribe link in emails");
  return unsubscribeUrl(appUrl, secret, { shop, email });
}

function claimVerificationLinkFor(subject: { shop: string; referralId: string }, source: Record<string, string | undefined> = process.env): string {
  const appUrl = source.SHOPIFY_APP_URL;
  const secret = source.SHOPIFY_API_SECRET;
  if (!appUrl || !secret) throw new UnsubscribeLinkNotConfiguredError("SHOPIFY_APP_URL and SHOPIFY_API_SECRET must be set to put a verification link in emails");
  return claimVerificationUrl(appUrl, secret, subject);
}

function messageIdFor(dedupeKey: string): string {
  return `<${crypto.createHash("sha256").update(dedupeKey).digest("hex").slice(0, 32)}@twofold.email>`;
}

async function setStatus(db: DbClient, id: string, from: string[], data: Parameters<DbClient["sentEmail"]["updateMany"]>[0]["data"]): Promise<boolean> {
  const { count } = await withSqliteBusyRetry(db, () => db.sentEmail.updateMany({ where: { id, status: { in: from } }, data }));
  return count === 1;
}

/** The send job's body. Safe to run any number of times for the same key. */
/** An SMTP reply in the 5xx range (nodemailer's `responseCode`): sending again cannot succeed. */
export function isPermanentSmtpError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

export async function sendQueuedEmail(db: Db, dedupeKey: string, mailer: Mailer, now: Date = new Date()): Promise<SendOutcome> {
  const row = await db.sentEmail.findUnique({ where: { dedupeKey } });
  if (!row) throw new PermanentJobError(`no queued email with key ${dedupeKey}`);
  if (row.status === "sent" || row.status === "skipped" || row.status === "unknown") return "already-done";
  if (row.status === "sending") {
    // An earlier run claimed it and never recorded the outcome: SMTP may have accepted it.
    await setStatus(db, row.id, ["sending"], { status: "unknown", lastError: "the sending process stopped before recording the outcome; not resent to avoid a duplicate" });
    return "unknown";
  }

  const skip = async (reason: string): Promise<SendOutcome> => {
    await setStatus(db, row.id, ["queued", "failed"], { status: "skipped", lastError: reason });
    return "skipped";
  };
  const template = await templateFor(db, row.shopId, row.kind as EmailKind);
  if (!template?.enabled) return skip("this email is turned off");
  const recipient = await resolveRecipient(db, row, now);
  if (recipient.skipReason) return skip(recipient.skipReason);
  const to = recipient.email?.trim().toLowerCase();
  if (!to) return skip("no email address (never given, or removed by a privacy request)");
  if (await db.emailOptOut.findUnique({ where: { shopId_email: { shopId: row.shopId, email: to } } })) return skip("the customer opted out of emails");

  // Every email carries the recipient's unsubscribe link; without the app's URL and secret none can be made, so wait (retry) rather than send without it.
  const link = unsubscribeLinkFor(row.shopId, to);
  const rendered = renderEmail(templateForPayout(row.kind as EmailKind, template, recipient.paidAs), recipient.values);
  const body = recipient.verifyClaim ? `${rendered.body.replace(/\s+$/, "")}\n\nPlease confirm this is your email address: ${claimVerificationLinkFor(recipient.verifyClaim)}` : rendered.body;
  const text = withUnsubscribeFooter(body, recipient.values.shop_name, link);
  if (!(await setStatus(db, row.id, ["queued", "failed"], { status: "sending", attempts: { increment: 1 } }))) return "already-done";
  let messageId: string;
  try {
    ({ messageId } = await mailer.send({ to, subject: rendered.subject, text, messageId: messageIdFor(dedupeKey), unsubscribeUrl: link }));
  } catch (error) {
    // The server refused or could not be reached: nothing was delivered, so a retry is safe.
    const message = String((error as Error).message ?? error).slice(0, 2000);
    await setStatus(db, row.id, ["sending"], { status: "failed", lastError: message });
    // A 5xx reply (501 invalid address, 550 no such mailbox) is permanent: the same request
    // will be refused again, so the job ends now instead of retrying to its attempt limit.
    if (isPermanentSmtpError(error)) throw new PermanentJobError(`The mail server refused this email permanently: ${message}`);
    throw error;
  }
  await setStatus(db, row.id, ["sending"], { status: "sent", toEmail: to, subject: rendered.subject, messageId, sentAt: new Date(), lastError: null });
  return "sent";
}
