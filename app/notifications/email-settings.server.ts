// Reading and saving the merchant's email texts (audited), and the recent email log.
import type { Db, DbClient } from "../db.server";
import { currentProgramVersion } from "../program/program.server";
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
