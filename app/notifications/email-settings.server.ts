// Reading and saving the merchant's email texts (audited), and the recent email log.
import { z } from "zod";
import type { Db, DbClient } from "../db.server";
import { SUPPORTED_LOCALES } from "../lib/i18n/locales";
import { currentProgramVersion } from "../program/program.server";
import { enqueueMetafieldSync } from "../program/sync-metafields.job.server";
import { describeFriendOffer, formatMoney } from "../program/program-text";
import { advocateRewardAmount, sampleOrderMinor } from "../program/reward-math";
import {
  codePayoutSampleValues,
  DAYS_BEFORE_DEFAULTS,
  defaultTemplate,
  EMAIL_KINDS,
  renderEmail,
  SAMPLE_SHOP,
  sampleValues,
  templateForPayout,
  validateTemplate,
  type EmailKind,
  type PreviewShop,
  type TemplateProblems,
} from "./email-templates";
import { renderEmailHtml } from "./email-html.server";
import { recordAudit } from "../lib/audit-log.server";
import { fieldErrorsFromZod } from "../lib/action-error";

export interface EditableTemplate {
  kind: EmailKind;
  enabled: boolean;
  subject: string;
  body: string;
  daysBefore: number | null;
  customized: boolean;
}

/**
 * The texts as the editor shows them in `locale`: the merchant's text for that language, else
 * (another language than the primary) their primary text, which is what is sent until they
 * give one, else the built-in text in that language.
 */
export async function loadEmailTemplates(db: DbClient, shop: string, locale?: string): Promise<EditableTemplate[]> {
  const primary = (await db.shop.findUnique({ where: { id: shop }, select: { primaryLocale: true } }))?.primaryLocale ?? "en";
  const lang = locale ?? primary;
  const [rows, translations] = await Promise.all([
    db.emailTemplate.findMany({ where: { shopId: shop } }),
    lang === primary ? Promise.resolve([]) : db.emailTemplateTranslation.findMany({ where: { shopId: shop, locale: lang } }),
  ]);
  return EMAIL_KINDS.map((kind) => {
    const row = rows.find((r) => r.kind === kind);
    const own = translations.find((t) => t.kind === kind);
    const text = own ?? row ?? defaultTemplate(kind, lang);
    return {
      kind,
      enabled: row?.enabled ?? true,
      subject: text.subject,
      body: text.body,
      daysBefore: kind in DAYS_BEFORE_DEFAULTS ? (row?.daysBefore ?? DAYS_BEFORE_DEFAULTS[kind]!) : null,
      customized: lang === primary ? !!row : !!own,
    };
  });
}

export type SaveTemplateResult = { ok: true } | { ok: false; problems: TemplateProblems };

export async function saveEmailTemplate(
  db: Db,
  shop: string,
  kind: EmailKind,
  input: { enabled: boolean; subject: string; body: string; daysBefore?: number | null },
  actor: string,
  locale?: string,
): Promise<SaveTemplateResult> {
  const problems = validateTemplate(kind, input);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const primary = (await db.shop.findUnique({ where: { id: shop }, select: { primaryLocale: true } }))?.primaryLocale ?? "en";
  if (locale && locale !== primary) {
    // Another language: only its words; on/off and timing stay the kind's.
    const text = { subject: input.subject.trim(), body: input.body };
    await db.$transaction(async (tx) => {
      await tx.emailTemplateTranslation.upsert({ where: { shopId_kind_locale: { shopId: shop, kind, locale } }, create: { shopId: shop, kind, locale, ...text }, update: text });
      await recordAudit(tx, { shop, actor, action: "email_template.translation_saved", subject: "EmailTemplate", subjectId: `${kind}:${locale}`, data: text });
    });
    return { ok: true };
  }
  const data = { enabled: input.enabled, subject: input.subject.trim(), body: input.body, daysBefore: kind in DAYS_BEFORE_DEFAULTS ? input.daysBefore! : null };
  await db.$transaction(async (tx) => {
    await tx.emailTemplate.upsert({ where: { shopId_kind: { shopId: shop, kind } }, create: { shopId: shop, kind, ...data }, update: data });
    await recordAudit(tx, { shop, actor, action: "email_template.saved", subject: "EmailTemplate", subjectId: kind, data });
  });
  return { ok: true };
}

export async function listRecentEmails(db: DbClient, shop: string, limit = 25) {
  return db.sentEmail.findMany({
    where: { shopId: shop },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, kind: true, status: true, toEmail: true, subject: true, lastError: true, createdAt: true, sentAt: true },
  });
}

/**
 * The shop's name, friend offer and reward amounts for the admin's email previews, so the
 * merchant reads their own program, not an example shop's. A percentage reward is shown on a
 * 100.00 order (within its cap).
 */
export async function emailPreviewShop(db: DbClient, shop: string, locale = "en"): Promise<PreviewShop> {
  const [row, version] = await Promise.all([db.shop.findUnique({ where: { id: shop }, select: { name: true } }), currentProgramVersion(db, shop)]);
  const shopName = row?.name ?? shop.replace(/\.myshopify\.com$/, "");
  if (!version) return { ...SAMPLE_SHOP, shopName };
  const { config } = version;
  const reward = config.advocateReward;
  const rewardMinor = advocateRewardAmount(reward, sampleOrderMinor(config.currency));
  const milestone = config.milestones[0];
  return {
    shopName,
    friendOffer: describeFriendOffer(config, locale),
    rewardAmount: formatMoney(rewardMinor, config.currency, locale),
    milestoneAmount: milestone ? formatMoney(milestone.bonusMinor, config.currency, locale) : SAMPLE_SHOP.milestoneAmount,
  };
}

export interface EmailBrandingSettings {
  logoUrl: string;
  accentColor: string;
  senderName: string;
  replyTo: string;
  /** The language of shoppers Twofold has never seen (a catalog locale). */
  primaryLocale: string;
}

const optional = (schema: z.ZodString) => z.union([z.literal(""), schema]);

/** The branding form as the admin posts it: every field may be left empty (Twofold's defaults). */
export const emailBrandingSchema = z.object({
  logoUrl: optional(z.string().trim().max(500, "The logo URL is limited to 500 characters").url("Enter the full address of the logo image, starting with https://").startsWith("https://", "The logo must be served over https://")),
  accentColor: optional(z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, "Enter a colour such as #1f5f4a")),
  senderName: optional(z.string().trim().max(60, "The sender name is limited to 60 characters").regex(/^[^\r\n"<>@]*$/, "The sender name cannot contain quotes, <, > or @")),
  replyTo: optional(z.string().trim().max(254).email("Enter the email address replies should go to")),
  primaryLocale: z.enum(SUPPORTED_LOCALES, { errorMap: () => ({ message: "Choose one of the listed languages" }) }),
});

export async function loadEmailBranding(db: DbClient, shop: string): Promise<EmailBrandingSettings> {
  const row = await db.shop.findUnique({ where: { id: shop }, select: { primaryLocale: true, emailLogoUrl: true, emailAccentColor: true, emailSenderName: true, emailReplyTo: true } });
  return {
    logoUrl: row?.emailLogoUrl ?? "",
    accentColor: row?.emailAccentColor ?? "",
    senderName: row?.emailSenderName ?? "",
    replyTo: row?.emailReplyTo ?? "",
    primaryLocale: row?.primaryLocale ?? "en",
  };
}

/**
 * Saves the shop's email branding and language (audited); the next email uses them. Refused,
 * it names every invalid field at once (its input's name → the problem), and saves nothing.
 */
export async function saveEmailBranding(db: Db, shop: string, input: unknown, actor: string): Promise<{ ok: true } | { ok: false; fieldErrors: Record<string, string> }> {
  const parsed = emailBrandingSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsFromZod(parsed.error) };
  const v = parsed.data;
  const data = { emailLogoUrl: v.logoUrl || null, emailAccentColor: v.accentColor || null, emailSenderName: v.senderName || null, emailReplyTo: v.replyTo || null, primaryLocale: v.primaryLocale };
  await db.$transaction(async (tx) => {
    const before = await tx.shop.findUnique({ where: { id: shop }, select: { primaryLocale: true } });
    await tx.shop.update({ where: { id: shop }, data });
    const auditId = await recordAudit(tx, { shop, actor, action: "email_branding.saved", subject: "Shop", subjectId: shop, data });
    // The storefront blocks fall back to the primary language's texts: rewrite them.
    if (before?.primaryLocale !== v.primaryLocale) await enqueueMetafieldSync(tx, { shop, change: auditId });
  });
  return { ok: true };
}

/**
 * Each kind's email as the HTML part a shopper in `locale` gets with the saved text, the shop's
 * branding and sample values: the very renderer the sender uses (the admin shows it framed).
 */
export async function emailHtmlPreviews(db: DbClient, shop: string, locale: string): Promise<Record<EmailKind, string>> {
  const [templates, previewShop, branding] = await Promise.all([loadEmailTemplates(db, shop, locale), emailPreviewShop(db, shop, locale), loadEmailBranding(db, shop)]);
  const samples = sampleValues(previewShop, locale);
  const codeSamples = codePayoutSampleValues(previewShop, locale);
  const entries = await Promise.all(
    templates.map(async (t) => {
      const values = samples[t.kind];
      const code = values.discount_code ?? codeSamples[t.kind]?.reward_code ?? null;
      const rendered = renderEmail(templateForPayout(t.kind, t, undefined, locale), values);
      const html = await renderEmailHtml({
        subject: rendered.subject,
        body: rendered.body,
        code: t.kind === "friend_code" || t.kind === "friend_reminder" ? code : null,
        codeExpiresOn: values.expires_on ?? null,
        unsubscribeUrl: "https://example.com/unsubscribe",
        locale,
        branding: { shopName: previewShop.shopName, logoUrl: branding.logoUrl || null, accentColor: branding.accentColor || null },
      });
      return [t.kind, html] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<EmailKind, string>;
}
