// Reading and saving the merchant's email texts (audited), and the recent email log.
import { z } from "zod";
import type { Db, DbClient } from "../db.server";
import { SUPPORTED_LOCALES } from "../lib/i18n/locales";
import { currentProgramVersion } from "../program/program.server";
import { enqueueMetafieldSync } from "../program/sync-metafields.job.server";
import { describeFriendOffer, formatMoney } from "../program/program-text";
import { advocateRewardAmount } from "../program/reward-math";
import { currencyExponent } from "../shopify/money";
import { DAYS_BEFORE_DEFAULTS, DEFAULT_TEMPLATES, EMAIL_KINDS, SAMPLE_SHOP, validateTemplate, type EmailKind, type PreviewShop, type TemplateProblems } from "./email-templates";

export interface EditableTemplate {
  kind: EmailKind;
  enabled: boolean;
  subject: string;
  body: string;
  daysBefore: number | null;
  customized: boolean;
}

export async function loadEmailTemplates(db: DbClient, shop: string): Promise<EditableTemplate[]> {
  const rows = await db.emailTemplate.findMany({ where: { shopId: shop } });
  return EMAIL_KINDS.map((kind) => {
    const row = rows.find((r) => r.kind === kind);
    return {
      kind,
      enabled: row?.enabled ?? true,
      subject: row?.subject ?? DEFAULT_TEMPLATES[kind].subject,
      body: row?.body ?? DEFAULT_TEMPLATES[kind].body,
      daysBefore: kind in DAYS_BEFORE_DEFAULTS ? (row?.daysBefore ?? DAYS_BEFORE_DEFAULTS[kind]!) : null,
      customized: !!row,
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
): Promise<SaveTemplateResult> {
  const problems = validateTemplate(kind, input);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const data = { enabled: input.enabled, subject: input.subject.trim(), body: input.body, daysBefore: kind in DAYS_BEFORE_DEFAULTS ? input.daysBefore! : null };
  await db.$transaction(async (tx) => {
    await tx.emailTemplate.upsert({ where: { shopId_kind: { shopId: shop, kind } }, create: { shopId: shop, kind, ...data }, update: data });
    await tx.auditLog.create({ data: { shopId: shop, actor, action: "email_template.saved", subjectType: "EmailTemplate", subjectId: kind, data } });
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
export async function emailPreviewShop(db: DbClient, shop: string): Promise<PreviewShop> {
  const [row, version] = await Promise.all([db.shop.findUnique({ where: { id: shop }, select: { name: true } }), currentProgramVersion(db, shop)]);
  const shopName = row?.name ?? shop.replace(/\.myshopify\.com$/, "");
  if (!version) return { ...SAMPLE_SHOP, shopName };
  const { config } = version;
  const reward = config.advocateReward;
  const sampleOrderMinor = 100n * 10n ** BigInt(currencyExponent(config.currency));
  const rewardMinor = advocateRewardAmount(reward, sampleOrderMinor);
  const milestone = config.milestones[0];
  return {
    shopName,
    friendOffer: describeFriendOffer(config),
    rewardAmount: formatMoney(rewardMinor, config.currency),
    milestoneAmount: milestone ? formatMoney(milestone.bonusMinor, config.currency) : SAMPLE_SHOP.milestoneAmount,
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

/** Saves the shop's email branding and language (audited); the next email uses them. */
export async function saveEmailBranding(db: Db, shop: string, input: unknown, actor: string): Promise<{ ok: true } | { ok: false; error: z.ZodError }> {
  const parsed = emailBrandingSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error };
  const v = parsed.data;
  const data = { emailLogoUrl: v.logoUrl || null, emailAccentColor: v.accentColor || null, emailSenderName: v.senderName || null, emailReplyTo: v.replyTo || null, primaryLocale: v.primaryLocale };
  await db.$transaction(async (tx) => {
    const before = await tx.shop.findUnique({ where: { id: shop }, select: { primaryLocale: true } });
    await tx.shop.update({ where: { id: shop }, data });
    const audit = await tx.auditLog.create({ data: { shopId: shop, actor, action: "email_branding.saved", subjectType: "Shop", subjectId: shop, data } });
    // The storefront blocks fall back to the primary language's texts: rewrite them.
    if (before?.primaryLocale !== v.primaryLocale) await enqueueMetafieldSync(tx, { shop, change: audit.id });
  });
  return { ok: true };
}
