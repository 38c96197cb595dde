// The notification emails merchants can edit: kinds, built-in texts (catalog messages, in every
// language), placeholders and the renderer. Plain text in, plain text out; no DB, so the admin
// preview and the sender share it. The HTML part is built from this text (email-html.server.ts).
import { formatLongDate, templateText, translate, type MessageKey } from "../lib/i18n/i18n";

export const EMAIL_KINDS = ["friend_code", "friend_reminder", "reward_earned", "credit_expiring", "milestone", "advocate_invite"] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export const EMAIL_KIND_LABELS: Record<EmailKind, string> = {
  friend_code: "Friend's discount code",
  friend_reminder: "Friend's code expiring soon (reminder)",
  reward_earned: "Advocate's reward earned",
  credit_expiring: "Advocate's reward expiring soon",
  milestone: "Milestone reached / thank you",
  advocate_invite: "Invitation to refer friends (imported customers)",
};

/** Placeholders each kind may use, with the sample value the admin preview shows. */
/** How an advocate's reward was paid: store credit on their account, or a discount code bound to them. */
export type Payout =
  | { paidAs: "store_credit"; amount: string; expiresOn: string | null }
  | { paidAs: "discount_code"; amount: string; code: string; expiresOn: string | null };

/**
 * The advocate-reward placeholders that depend on how it was paid. {{reward_summary}} is a
 * ready-made paragraph that is true for either; {{milestone_bonus}} stays a short phrase for
 * templates written before codes existed, and names the code when there is one.
 */
export function payoutValues(payout: Payout, locale = "en"): Record<string, string> {
  const args = { paidAs: payout.paidAs, amount: payout.amount, code: payout.paidAs === "discount_code" ? payout.code : "", expiresOn: payout.expiresOn ?? "none" };
  return {
    reward_type: translate(locale, "payout.type", args),
    reward_code: payout.paidAs === "discount_code" ? payout.code : "",
    expires_on: payout.expiresOn ?? "",
    reward_summary: translate(locale, "payout.summary", args),
    milestone_bonus: translate(locale, "payout.milestoneBonus", args),
  };
}

/** Placeholders that carry the code into an email; a template with none of them cannot deliver one. */
const CODE_CARRIERS: Partial<Record<EmailKind, string[]>> = {
  reward_earned: ["reward_code", "reward_summary"],
  credit_expiring: ["reward_code", "reward_summary"],
  milestone: ["reward_code", "reward_summary", "milestone_bonus"],
};

/**
 * The text to send for an advocate payout. A merchant's template written before rewards could be
 * paid as codes speaks of store credit and has no place for the code: for a code payout such a
 * template is replaced by the built-in one, so the advocate gets the code and no false claim.
 */
export function templateForPayout(kind: EmailKind, template: EmailTemplateText, paidAs: Payout["paidAs"] | undefined, locale = "en"): EmailTemplateText {
  if (paidAs !== "discount_code" || !(kind in CODE_CARRIERS)) return template;
  return carriesRewardCode(kind, template) ? template : (codePayoutDefault(kind, locale) ?? defaultTemplate(kind, locale));
}

/** Whether this text puts the advocate's code in the email (true for kinds that never carry one). */
export function carriesRewardCode(kind: EmailKind, template: EmailTemplateText): boolean {
  const carriers = CODE_CARRIERS[kind];
  if (!carriers) return true;
  return [...`${template.subject}\n${template.body}`.matchAll(PLACEHOLDER)].some((m) => carriers.includes(m[1]));
}

/** The shop's own words for the admin's previews (its name, offer and reward amounts). */
export interface PreviewShop {
  shopName: string;
  friendOffer: string;
  rewardAmount: string;
  milestoneAmount: string;
}

/** What the previews use before the shop has a program. */
export const SAMPLE_SHOP: PreviewShop = { shopName: "Acme Outdoor", friendOffer: "10% off your first order", rewardAmount: "$10.00", milestoneAmount: "$25.00" };
const sampleDate = (locale: string) => formatLongDate(new Date(Date.UTC(2026, 11, 31)), locale);

/** Each kind's placeholders with example values, in the shop's words (and `locale`'s). */
export function sampleValues(shop: PreviewShop = SAMPLE_SHOP, locale = "en"): Record<EmailKind, Record<string, string>> {
  const { shopName: shop_name, friendOffer: friend_offer, rewardAmount, milestoneAmount } = shop;
  const SAMPLE_DATE = sampleDate(locale);
  return {
    friend_code: { shop_name, discount_code: "FRIEND-7KQ2M", friend_offer },
    friend_reminder: { shop_name, discount_code: "FRIEND-7KQ2M", friend_offer, expires_on: SAMPLE_DATE, days_left: "3" },
    reward_earned: { shop_name, reward_amount: rewardAmount, referral_count: "3", ...payoutValues({ paidAs: "store_credit", amount: rewardAmount, expiresOn: null }, locale) },
    credit_expiring: { shop_name, reward_amount: rewardAmount, days_left: "7", ...expiringPayoutValues({ paidAs: "store_credit", amount: rewardAmount, expiresOn: SAMPLE_DATE }, locale) },
    milestone: { shop_name, referral_count: "5", reward_amount: milestoneAmount, ...payoutValues({ paidAs: "store_credit", amount: milestoneAmount, expiresOn: null }, locale) },
    advocate_invite: { shop_name, friend_offer, referral_link: "https://acme-outdoor.example/apps/twofold/r/ADA-7KQ2", advocate_code: "ADA-7KQ2" },
  };
}

/**
 * The same kinds' sample values when the advocate is paid with a discount code (classic customer
 * accounts, "issue as a code instead", milestone codes): the admin preview shows both.
 */
export function codePayoutSampleValues(shop: PreviewShop = SAMPLE_SHOP, locale = "en"): Partial<Record<EmailKind, Record<string, string>>> {
  const samples = sampleValues(shop, locale);
  const SAMPLE_DATE = sampleDate(locale);
  return {
    reward_earned: { ...samples.reward_earned, ...payoutValues({ paidAs: "discount_code", amount: shop.rewardAmount, code: "THANKS-7KQ2MX4PLA9D", expiresOn: SAMPLE_DATE }, locale) },
    milestone: { ...samples.milestone, ...payoutValues({ paidAs: "discount_code", amount: shop.milestoneAmount, code: "THANKS-H3RT8WQ2ZN5C", expiresOn: SAMPLE_DATE }, locale) },
    credit_expiring: { ...samples.credit_expiring, ...expiringPayoutValues({ paidAs: "discount_code", amount: shop.rewardAmount, code: "THANKS-7KQ2MX4PLA9D", expiresOn: SAMPLE_DATE }, locale) },
  };
}

/** The placeholders each kind accepts, with example values. */
export const PLACEHOLDERS = sampleValues();
export const CODE_PAYOUT_PLACEHOLDERS = codePayoutSampleValues();

/** The expiring reminder's payout placeholders (no {{milestone_bonus}}: it is not a milestone email). */
export function expiringPayoutValues(payout: Payout, locale = "en"): Record<string, string> {
  const { milestone_bonus: _unused, ...values } = payoutValues(payout, locale);
  return values;
}

export interface EmailTemplateText {
  subject: string;
  body: string;
}

// The catalog messages of each kind's built-in text (literal keys, so the catalog test sees them used).
const TEXT_KEYS: Record<EmailKind, { subject: MessageKey; body: MessageKey }> = {
  friend_code: { subject: "email.friend_code.subject", body: "email.friend_code.body" },
  friend_reminder: { subject: "email.friend_reminder.subject", body: "email.friend_reminder.body" },
  reward_earned: { subject: "email.reward_earned.subject", body: "email.reward_earned.body" },
  credit_expiring: { subject: "email.credit_expiring.subject", body: "email.credit_expiring.body" },
  milestone: { subject: "email.milestone.subject", body: "email.milestone.body" },
  advocate_invite: { subject: "email.advocate_invite.subject", body: "email.advocate_invite.body" },
};
const CODE_PAYOUT_KEYS: Partial<Record<EmailKind, { subject: MessageKey; body: MessageKey }>> = {
  credit_expiring: { subject: "email.credit_expiring_code.subject", body: "email.credit_expiring_code.body" },
};

function catalogTemplate(keys: { subject: MessageKey; body: MessageKey }, placeholders: readonly string[], locale: string): EmailTemplateText {
  return { subject: templateText(locale, keys.subject, placeholders), body: templateText(locale, keys.body, placeholders) };
}

/** A kind's built-in text in a language, in the merchants' {{placeholder}} syntax. */
export function defaultTemplate(kind: EmailKind, locale = "en"): EmailTemplateText {
  return catalogTemplate(TEXT_KEYS[kind], Object.keys(CODE_PAYOUT_PLACEHOLDERS[kind] ?? PLACEHOLDERS[kind]), locale);
}

/**
 * Built-in texts for an advocate paid with a discount code, where the store-credit wording of
 * the default text would be false (used when the template in force has no place for the code).
 */
export function codePayoutDefault(kind: EmailKind, locale = "en"): EmailTemplateText | undefined {
  const keys = CODE_PAYOUT_KEYS[kind];
  return keys ? catalogTemplate(keys, Object.keys(CODE_PAYOUT_PLACEHOLDERS[kind] ?? PLACEHOLDERS[kind]), locale) : undefined;
}

export const DEFAULT_TEMPLATES = Object.fromEntries(EMAIL_KINDS.map((kind) => [kind, defaultTemplate(kind)])) as Record<EmailKind, EmailTemplateText>;
export const CODE_PAYOUT_DEFAULTS: Partial<Record<EmailKind, EmailTemplateText>> = { credit_expiring: codePayoutDefault("credit_expiring") };

export const DEFAULT_EXPIRY_REMINDER_DAYS = 7;
/** Days before a friend's instant code expires that the reminder goes out, unless the merchant changes it. */
export const DEFAULT_FRIEND_REMINDER_DAYS = 3;

/** The reminder kinds: each has a merchant-set "days before" (EmailTemplate.daysBefore) and this default. */
export const DAYS_BEFORE_DEFAULTS: Partial<Record<EmailKind, number>> = {
  credit_expiring: DEFAULT_EXPIRY_REMINDER_DAYS,
  friend_reminder: DEFAULT_FRIEND_REMINDER_DAYS,
};
const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** Replaces {{name}} with its value; a placeholder without a value renders as empty text. */
export function renderTemplateText(text: string, values: Record<string, string | undefined>): string {
  // Own properties only: "constructor" or "__proto__" must not reach Object.prototype.
  return text.replace(PLACEHOLDER, (_, name: string) => (Object.hasOwn(values, name) ? (values[name] ?? "") : ""));
}

export function renderEmail(template: EmailTemplateText, values: Record<string, string | undefined>): EmailTemplateText {
  // Subjects are one line: a newline typed into a value must not start a new header.
  return { subject: renderTemplateText(template.subject, values).replace(/\s+/g, " ").trim(), body: renderTemplateText(template.body, values) };
}

/**
 * Appended to every email after the merchant's text (not editable, so no template can drop it):
 * the unsubscribe link that the List-Unsubscribe header also carries.
 */
export function withUnsubscribeFooter(body: string, shopName: string, unsubscribeUrl: string, locale = "en"): string {
  return `${body.replace(/\s+$/, "")}\n\n--\n${translate(locale, "email.footer", { shop_name: shopName, link: unsubscribeUrl })}\n`;
}

export interface TemplateProblems {
  subject?: string;
  body?: string;
  daysBefore?: string;
}

/** Merchant-worded problems with an edited template; empty object when it is fine. */
export function validateTemplate(kind: EmailKind, input: { subject: string; body: string; daysBefore?: number | null }): TemplateProblems {
  const problems: TemplateProblems = {};
  const known = PLACEHOLDERS[kind];
  const unknownIn = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((name) => !Object.hasOwn(known, name));
  const list = Object.keys(known).map((n) => `{{${n}}}`).join(", ");
  if (!input.subject.trim()) problems.subject = "The subject cannot be empty";
  else if (input.subject.length > 200) problems.subject = "The subject is limited to 200 characters";
  else if (unknownIn(input.subject).length) problems.subject = `Unknown placeholder {{${unknownIn(input.subject)[0]}}}. You can use ${list}`;
  if (!input.body.trim()) problems.body = "The message cannot be empty";
  else if (input.body.length > 5000) problems.body = "The message is limited to 5,000 characters";
  else if (unknownIn(input.body).length) problems.body = `Unknown placeholder {{${unknownIn(input.body)[0]}}}. You can use ${list}`;
  else if ((kind === "friend_code" || kind === "friend_reminder") && !/\{\{\s*discount_code\s*\}\}/.test(input.body)) problems.body = "The message must contain {{discount_code}} so the friend gets the code";
  else if (kind === "advocate_invite" && !/\{\{\s*referral_link\s*\}\}/.test(input.body)) problems.body = "The message must contain {{referral_link}} so the customer gets their link";
  if (kind in DAYS_BEFORE_DEFAULTS) {
    const d = input.daysBefore;
    if (d == null || !Number.isInteger(d) || d < 1 || d > 90) problems.daysBefore = "Choose between 1 and 90 days";
  }
  return problems;
}
