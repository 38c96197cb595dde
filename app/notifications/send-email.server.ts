// Sends one queued email at most once. The row is claimed (queued|failed → sending) by a
// guarded UPDATE committed before the SMTP call, then marked sent. SMTP has no idempotency key,
// so the crash window (SMTP accepted, process died before "sent" was written) is resolved
// towards at-most-once: a retry that finds "sending" marks the email "unknown" for staff and does
// not resend. A definite SMTP failure is recorded as "failed" and the job retries it.
import crypto from "node:crypto";
import { withSqliteBusyRetry, type Db, type DbClient } from "../db.server";
import { settingIfSet } from "../env.server";
import { PermanentJobError } from "../jobs/define-job";
import { readProgramConfig } from "../program/program-config";
import { completeAdvocate, liveAdvocate } from "../advocates/advocate-identity.server";
import { describeFriendOffer, formatMoney } from "../program/program-text";
import { isMilestoneKind, milestoneIdempotencyKey, paidAsStoreCredit } from "../program/reward-kinds";
import { adminClientForShop } from "../shopify/admin-client.server";
import { findDiscountCodeByCode } from "../shopify/discount-codes.server";
import { ShopifyApiError } from "../shopify/errors";
import { defaultTemplate, expiringPayoutValues, payoutValues, renderEmail, templateForPayout, withUnsubscribeFooter, type EmailKind, type EmailTemplateText, type Payout } from "./email-templates";
import { formatLongDate, formattingLocale, resolveLocale, translate } from "../lib/i18n/i18n";
import { renderEmailHtml, type EmailBranding } from "./email-html.server";
import type { Mailer } from "./mailer.server";
import { unsubscribeUrl } from "./unsubscribe-token.server";
import { claimVerificationUrl } from "./claim-verification-token";
import { loadStorefrontProgram } from "../program/storefront-program.server";
import { advocateLinkUrl, storefrontAddress } from "../shops/storefront-address.server";

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
  /** The recipient's language as last seen (storefront, checkout), null when never seen. */
  locale?: string | null;
  /** The code the email is about, shown in a box in the HTML part, and when it expires. */
  code?: string | null;
  codeExpiresOn?: string | null;
}

const DAY_MS = 86_400_000;


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

/** What the advocate got for an issued reward: credit on their account, or their code (amounts and dates in `numbers`' formatting). */
function payoutOf(reward: { kind: string; discountCode: string | null; amountMinor: bigint; reversedMinor: bigint; currency: string; expiresAt: Date | null }, numbers: string): Payout {
  const amount = formatMoney(reward.amountMinor - reward.reversedMinor, reward.currency, numbers);
  const expiresOn = reward.expiresAt ? formatLongDate(reward.expiresAt, numbers) : null;
  if (paidAsStoreCredit(reward.kind) || !reward.discountCode) return { paidAs: "store_credit", amount, expiresOn };
  return { paidAs: "discount_code", amount, code: reward.discountCode, expiresOn };
}

/**
 * The text to send in `locale`: the merchant's text for that language, else their primary-language
 * text, else the built-in text in that language. On/off is the kind's, whatever the language.
 */
export async function templateFor(db: DbClient, shopId: string, kind: EmailKind, locale: string): Promise<EmailTemplateText & { enabled: boolean }> {
  const [row, translation] = await Promise.all([
    db.emailTemplate.findUnique({ where: { shopId_kind: { shopId, kind } } }),
    db.emailTemplateTranslation.findUnique({ where: { shopId_kind_locale: { shopId, kind, locale } } }),
  ]);
  const enabled = row?.enabled ?? true;
  if (translation) return { subject: translation.subject, body: translation.body, enabled };
  if (row) return { subject: row.subject, body: row.body, enabled };
  return { ...defaultTemplate(kind, locale), enabled };
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

/** The recipient's language for an email, read before its text is chosen: the friend's or the advocate's last seen one. */
async function recipientLocale(db: Db, email: { shopId: string; kind: string; rewardId: string | null; referralId: string | null; advocateId: string | null }): Promise<string | null> {
  if (email.kind === "friend_code" || email.kind === "friend_reminder") {
    return (await db.referral.findFirst({ where: { id: email.referralId ?? "", shopId: email.shopId }, select: { friendLocale: true } }))?.friendLocale ?? null;
  }
  if (email.kind === "milestone" || email.kind === "advocate_invite") return (await db.advocate.findFirst({ where: { id: email.advocateId ?? "", shopId: email.shopId }, select: { locale: true } }))?.locale ?? null;
  const reward = await db.reward.findFirst({ where: { id: email.rewardId ?? "", shopId: email.shopId }, select: { referral: { select: { advocate: { select: { locale: true } } } } } });
  return reward?.referral?.advocate.locale ?? null; // goodwill rewards (no referral) send no email
}

async function resolveRecipient(db: Db, email: { shopId: string; kind: string; rewardId: string | null; referralId: string | null; advocateId: string | null; data: string }, now: Date, lang: { locale: string; numbers: string }): Promise<Recipient> {
  const shop = await db.shop.findUnique({ where: { id: email.shopId }, select: { name: true } });
  const base = { shop_name: shop?.name ?? email.shopId.replace(/\.myshopify\.com$/, "") };
  const data = JSON.parse(email.data || "{}") as Record<string, unknown>;
  const { locale, numbers } = lang;
  const formatDate = (date: Date) => formatLongDate(date, numbers);

  if (email.kind === "friend_code") {
    const referral = await db.referral.findFirst({ where: { id: email.referralId ?? "", shopId: email.shopId }, include: { programVersion: true, rewards: true } });
    if (!referral) return { email: null, values: base, skipReason: "referral no longer exists" };
    const reward = referral.rewards.find((r) => r.id === email.rewardId) ?? referral.rewards.find((r) => r.recipient === "friend" && r.discountCode);
    const code = reward?.discountCode ?? referral.friendCode;
    if (!code) return { email: referral.friendEmail, values: base, skipReason: "no discount code for this friend" };
    if (reward && (reward.status === "cancelled" || reward.status === "reversed")) return { email: referral.friendEmail, values: base, skipReason: "the friend's code was cancelled" };
    const offer = describeFriendOffer(readProgramConfig(referral.programVersion.config), numbers);
    const verifyClaim = referral.claimKey && !referral.friendEmailVerifiedAt ? { shop: referral.shopId, referralId: referral.id } : undefined;
    // A claim's code: its end as the referral records it once claimed, or as the reward has it (the email may go first).
    const codeEndsAt = referral.friendCode === code ? (referral.friendCodeExpiresAt ?? reward?.expiresAt ?? null) : null;
    const codeExpiresOn = codeEndsAt ? formatDate(codeEndsAt) : null;
    return { email: referral.friendEmail, values: { ...base, discount_code: code, friend_offer: offer }, verifyClaim, code, codeExpiresOn };
  }

  if (email.kind === "friend_reminder") {
    const referral = await db.referral.findFirst({ where: { id: email.referralId ?? "", shopId: email.shopId }, include: { programVersion: true } });
    if (!referral) return { email: null, values: base, skipReason: "referral no longer exists" };
    // Checked again at send time: the order may have come in since the reminder was queued.
    if (referral.orderGid || referral.orderedAt || referral.status !== "claimed") return { email: referral.friendEmail, values: base, skipReason: "the friend has already ordered" };
    if (!referral.friendCode || !referral.friendCodeExpiresAt) return { email: referral.friendEmail, values: base, skipReason: "no expiring code for this friend" };
    if (referral.friendCodeExpiresAt <= now) return { email: referral.friendEmail, values: base, skipReason: "the friend's code already expired" };
    const offer = describeFriendOffer(readProgramConfig(referral.programVersion.config), numbers);
    const expiresOn = formatDate(referral.friendCodeExpiresAt);
    const daysLeft = Math.max(1, Math.ceil((referral.friendCodeExpiresAt.getTime() - now.getTime()) / DAY_MS));
    return {
      email: referral.friendEmail,
      values: { ...base, discount_code: referral.friendCode, friend_offer: offer, expires_on: expiresOn, days_left: String(daysLeft) },
      code: referral.friendCode,
      codeExpiresOn: expiresOn,
    };
  }

  if (email.kind === "reward_earned" || email.kind === "credit_expiring") {
    const reward = await db.reward.findFirst({ where: { id: email.rewardId ?? "", shopId: email.shopId }, include: { referral: { include: { advocate: true } } } });
    if (!reward) return { email: null, values: base, skipReason: "reward no longer exists" };
    if (!reward.referral) return { email: null, values: base, skipReason: "a goodwill reward has no referral email" };
    const advocate = await withEmail(db, reward.referral.advocate);
    const values: Record<string, string> = { ...base, reward_amount: formatMoney(reward.amountMinor - reward.reversedMinor, reward.currency, numbers) };
    if (advocate.status !== "active") return { email: advocate.email, values, skipReason: `advocate is ${advocate.status}` };
    if (reward.status !== "issued") return { email: advocate.email, values, skipReason: `reward is ${reward.status}` };
    if (email.kind === "reward_earned") {
      const count = await db.referral.count({
        where: { shopId: email.shopId, advocateId: advocate.id, rewards: { some: { recipient: "advocate", status: "issued", kind: { in: ["store_credit", "discount_code"] } } } },
      });
      const payout = payoutOf(reward, numbers);
      return { email: advocate.email, values: { ...values, referral_count: String(count), ...payoutValues(payout, locale) }, paidAs: payout.paidAs, ...codeOf(payout) };
    }
    if (!reward.expiresAt || reward.expiresAt <= now) return { email: advocate.email, values, skipReason: "reward already expired" };
    if (reward.reversedMinor >= reward.amountMinor) return { email: advocate.email, values, skipReason: "credit was taken back" };
    const payout = payoutOf(reward, numbers);
    if (payout.paidAs === "discount_code") {
      // A single-use code the advocate already spent needs no reminder; Shopify knows, we do not.
      const used = await advocateCodeUsed(db, reward.shopId, payout.code);
      if (used) return { email: advocate.email, values, skipReason: used };
    }
    const daysLeft = Math.max(1, Math.ceil((reward.expiresAt.getTime() - now.getTime()) / DAY_MS));
    return { email: advocate.email, values: { ...values, ...expiringPayoutValues(payout, locale), days_left: String(daysLeft) }, paidAs: payout.paidAs, ...codeOf(payout) };
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
      const payout = payoutOf(reward, numbers);
      return { email: advocate.email, values: { ...values, reward_amount: payout.amount, ...payoutValues(payout, locale) }, paidAs: payout.paidAs, ...codeOf(payout) };
    }
    // No bonus reward to point at: thank without claiming how anything was paid.
    const amount = data.bonusMinor != null && data.currency ? formatMoney(BigInt(String(data.bonusMinor)), String(data.currency), numbers) : "";
    const bonus = amount ? translate(locale, "milestone.bonusPhrase", { amount }) : translate(locale, "milestone.thanks");
    return { email: advocate.email, values: { ...values, reward_amount: amount, milestone_bonus: bonus, reward_summary: amount ? translate(locale, "milestone.bonusOnItsWay", { amount }) : "" } };
  }
  if (email.kind === "advocate_invite") {
    // An imported customer's invitation: their link and code, and the offer in force now.
    const found = await db.advocate.findFirst({ where: { id: email.advocateId ?? "", shopId: email.shopId } });
    const advocate = found ? await withEmail(db, await liveAdvocate(db, found)) : null;
    if (!advocate) return { email: null, values: base, skipReason: "advocate no longer exists" };
    if (advocate.status !== "active") return { email: advocate.email, values: base, skipReason: `advocate is ${advocate.status}` };
    const program = await loadStorefrontProgram(db, email.shopId);
    if (!program || program.status !== "active") return { email: advocate.email, values: base, skipReason: "the program is not on" };
    const link = advocateLinkUrl(await storefrontAddress(db, email.shopId), advocate.code);
    return { email: advocate.email, values: { ...base, referral_link: link, advocate_code: advocate.code, friend_offer: describeFriendOffer(program.config, numbers) }, code: advocate.code };
  }
  throw new PermanentJobError(`unknown email kind ${email.kind}`);
}

function codeOf(payout: Payout): { code: string | null; codeExpiresOn: string | null } {
  return payout.paidAs === "discount_code" ? { code: payout.code, codeExpiresOn: payout.expiresOn } : { code: null, codeExpiresOn: null };
}

/** The shop's email branding as set in the admin (Shop.email*), with its name. */
export async function emailBranding(db: DbClient, shopId: string): Promise<EmailBranding & { senderName: string | null; replyTo: string | null; primaryLocale: string }> {
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { name: true, primaryLocale: true, emailLogoUrl: true, emailAccentColor: true, emailSenderName: true, emailReplyTo: true } });
  return {
    shopName: shop?.name ?? shopId.replace(/\.myshopify\.com$/, ""),
    logoUrl: shop?.emailLogoUrl ?? null,
    accentColor: shop?.emailAccentColor ?? null,
    senderName: shop?.emailSenderName ?? null,
    replyTo: shop?.emailReplyTo ?? null,
    primaryLocale: shop?.primaryLocale ?? "en",
  };
}

export class UnsubscribeLinkNotConfiguredError extends Error {
  override name = "UnsubscribeLinkNotConfiguredError";
}

/** Read at send time, like the SMTP settings: the app's public URL and secret sign the link. */
function unsubscribeLinkFor(shop: string, email: string, source?: Record<string, string | undefined>): string {
  const appUrl = settingIfSet("SHOPIFY_APP_URL", source);
  const secret = settingIfSet("SHOPIFY_API_SECRET", source);
  if (!appUrl || !secret) throw new UnsubscribeLinkNotConfiguredError("SHOPIFY_APP_URL and SHOPIFY_API_SECRET must be set to put an unsubscribe link in emails");
  return unsubscribeUrl(appUrl, secret, { shop, email });
}

function claimVerificationLinkFor(subject: { shop: string; referralId: string }, source?: Record<string, string | undefined>): string {
  const appUrl = settingIfSet("SHOPIFY_APP_URL", source);
  const secret = settingIfSet("SHOPIFY_API_SECRET", source);
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
  // The recipient's language when known (storefront, checkout), else the shop's primary one.
  const branding = await emailBranding(db, row.shopId);
  const seen = await recipientLocale(db, row);
  const locale = resolveLocale(seen, branding.primaryLocale);
  const numbers = formattingLocale(seen && resolveLocale(seen) === locale ? seen : null, locale);
  const template = await templateFor(db, row.shopId, row.kind as EmailKind, locale);
  if (!template.enabled) return skip("this email is turned off");
  const recipient = await resolveRecipient(db, row, now, { locale, numbers });
  if (recipient.skipReason) return skip(recipient.skipReason);
  const to = recipient.email?.trim().toLowerCase();
  if (!to) return skip("no email address (never given, or removed by a privacy request)");
  if (await db.emailOptOut.findUnique({ where: { shopId_email: { shopId: row.shopId, email: to } } })) return skip("the customer opted out of emails");

  // Every email carries the recipient's unsubscribe link; without the app's URL and secret none can be made, so wait (retry) rather than send without it.
  const link = unsubscribeLinkFor(row.shopId, to);
  const rendered = renderEmail(templateForPayout(row.kind as EmailKind, template, recipient.paidAs, locale), recipient.values);
  const body = recipient.verifyClaim ? `${rendered.body.replace(/\s+$/, "")}\n\n${translate(locale, "email.verify", { link: claimVerificationLinkFor(recipient.verifyClaim) })}` : rendered.body;
  const text = withUnsubscribeFooter(body, recipient.values.shop_name, link, locale);
  const html = await renderEmailHtml({
    subject: rendered.subject,
    body,
    code: recipient.code,
    codeExpiresOn: recipient.codeExpiresOn,
    unsubscribeUrl: link,
    locale,
    branding: { ...branding, shopName: recipient.values.shop_name },
  });
  if (!(await setStatus(db, row.id, ["queued", "failed"], { status: "sending", attempts: { increment: 1 } }))) return "already-done";
  let messageId: string;
  try {
    ({ messageId } = await mailer.send({
      to,
      subject: rendered.subject,
      text,
      html,
      fromName: branding.senderName,
      replyTo: branding.replyTo,
      messageId: messageIdFor(dedupeKey),
      unsubscribeUrl: link,
    }));
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
