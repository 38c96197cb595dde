// The notification emails merchants can edit: kinds, built-in texts, placeholders and the
// renderer. Plain text in, plain text out; no DB, so the admin preview and the sender share it.

export const EMAIL_KINDS = ["friend_code", "friend_reminder", "reward_earned", "credit_expiring", "milestone"] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export const EMAIL_KIND_LABELS: Record<EmailKind, string> = {
  friend_code: "Friend's discount code",
  friend_reminder: "Friend's code expiring soon (reminder)",
  reward_earned: "Advocate's reward earned",
  credit_expiring: "Advocate's credit expiring soon",
  milestone: "Milestone reached / thank you",
};

/** Placeholders each kind may use, with the sample value the admin preview shows. */
export const PLACEHOLDERS: Record<EmailKind, Record<string, string>> = {
  friend_code: { shop_name: "Acme Outdoor", discount_code: "FRIEND-7KQ2M", friend_offer: "10% off your first order" },
  friend_reminder: { shop_name: "Acme Outdoor", discount_code: "FRIEND-7KQ2M", friend_offer: "10% off your first order", expires_on: "December 31, 2026", days_left: "3" },
  reward_earned: { shop_name: "Acme Outdoor", reward_amount: "$10.00", referral_count: "3" },
  credit_expiring: { shop_name: "Acme Outdoor", reward_amount: "$10.00", expires_on: "December 31, 2026", days_left: "7" },
  milestone: { shop_name: "Acme Outdoor", referral_count: "5", milestone_bonus: "$25.00" },
};

export interface EmailTemplateText {
  subject: string;
  body: string;
}

export const DEFAULT_TEMPLATES: Record<EmailKind, EmailTemplateText> = {
  friend_code: {
    subject: "Your {{friend_offer}} at {{shop_name}}",
    body: "Hi there,\n\nA friend thinks you'll love {{shop_name}}. Here is your code: {{discount_code}}\n\nUse it at checkout for {{friend_offer}}. It works once.\n\nSee you soon,\n{{shop_name}}",
  },
  friend_reminder: {
    subject: "Your {{friend_offer}} at {{shop_name}} ends in {{days_left}} days",
    body: "Hi there,\n\nA quick reminder: your code {{discount_code}} for {{friend_offer}} at {{shop_name}} works until {{expires_on}}.\n\nUse it at checkout before then.\n\nSee you soon,\n{{shop_name}}",
  },
  reward_earned: {
    subject: "You earned {{reward_amount}} at {{shop_name}}",
    body: "Thank you for spreading the word!\n\nA friend you referred placed an order, so {{reward_amount}} of store credit is now in your account. You have referred {{referral_count}} friends so far.\n\nThe credit is applied at checkout when you are logged in.\n\n{{shop_name}}",
  },
  credit_expiring: {
    subject: "Your {{reward_amount}} credit at {{shop_name}} expires in {{days_left}} days",
    body: "A reminder: your {{reward_amount}} of store credit at {{shop_name}} expires on {{expires_on}}.\n\nLog in and use it before then.\n\n{{shop_name}}",
  },
  milestone: {
    subject: "{{referral_count}} friends referred: thank you from {{shop_name}}",
    body: "You have now referred {{referral_count}} friends to {{shop_name}}. That means a lot to us.\n\nAs a thank you: {{milestone_bonus}}.\n\n{{shop_name}}",
  },
};

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
  return text.replace(PLACEHOLDER, (_, name: string) => values[name] ?? "");
}

export function renderEmail(template: EmailTemplateText, values: Record<string, string | undefined>): EmailTemplateText {
  // Subjects are one line: a newline typed into a value must not start a new header.
  return { subject: renderTemplateText(template.subject, values).replace(/\s+/g, " ").trim(), body: renderTemplateText(template.body, values) };
}

/**
 * Appended to every email after the merchant's text (not editable, so no template can drop it):
 * the unsubscribe link that the List-Unsubscribe header also carries.
 */
export function withUnsubscribeFooter(body: string, shopName: string, unsubscribeUrl: string): string {
  return `${body.replace(/\s+$/, "")}\n\n--\nYou get this email because of ${shopName}'s referral program. To stop these emails: ${unsubscribeUrl}\n`;
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
  const unknownIn = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((name) => !(name in known));
  const list = Object.keys(known).map((n) => `{{${n}}}`).join(", ");
  if (!input.subject.trim()) problems.subject = "The subject cannot be empty";
  else if (input.subject.length > 200) problems.subject = "The subject is limited to 200 characters";
  else if (unknownIn(input.subject).length) problems.subject = `Unknown placeholder {{${unknownIn(input.subject)[0]}}}. You can use ${list}`;
  if (!input.body.trim()) problems.body = "The message cannot be empty";
  else if (input.body.length > 5000) problems.body = "The message is limited to 5,000 characters";
  else if (unknownIn(input.body).length) problems.body = `Unknown placeholder {{${unknownIn(input.body)[0]}}}. You can use ${list}`;
  else if ((kind === "friend_code" || kind === "friend_reminder") && !/\{\{\s*discount_code\s*\}\}/.test(input.body)) problems.body = "The message must contain {{discount_code}} so the friend gets the code";
  if (kind in DAYS_BEFORE_DEFAULTS) {
    const d = input.daysBefore;
    if (d == null || !Number.isInteger(d) || d < 1 || d > 90) problems.daysBefore = "Choose between 1 and 90 days";
  }
  return problems;
}
