// What shoppers and merchants read about a program: the default config, the friend offer and
// advocate reward sentences, the share message and the version diff. Plain text, no DB: the
// admin preview, the storefront blocks and the history list all use these same functions.
import { currencyExponent, minorUnitsToDecimal } from "../lib/money";
import { formattingLocale, resolveLocale, translate } from "../lib/i18n/i18n";
import type { AdvocateReward, FriendReward, ProgramConfig } from "./program-config";

/** Money in minor units → "$10.00", "¥1,500", "KWD 3.000": exact (the decimal string goes to Intl). */
export function formatMoney(minorUnits: number | bigint, currency: string, locale = "en"): string {
  const exponent = currencyExponent(currency);
  const format = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl.NumberFormat formats decimal strings exactly (ES2023); the lib types lag behind.
  return format.format(minorUnitsToDecimal(minorUnits, currency) as unknown as number);
}

function formatPercent(percent: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(percent / 100);
}

// Roughly the value of USD 10 in round local amounts (major units), so a default advocate
// reward means the same thing in Tokyo and Kuwait. Unlisted currencies use 10 major units,
// or 1,000 for zero-decimal currencies (whose units are small).
const TEN_DOLLARS_MAJOR: Record<string, number> = {
  USD: 10, EUR: 10, GBP: 10, CHF: 10, CAD: 15, AUD: 15, NZD: 15, SGD: 15, HKD: 80, CNY: 70, TWD: 300,
  INR: 800, MXN: 200, BRL: 50, ZAR: 200, SEK: 100, NOK: 100, DKK: 70, PLN: 40, CZK: 250, HUF: 4000,
  TRY: 300, ILS: 40, AED: 40, SAR: 40, THB: 350, MYR: 50, PHP: 600, IDR: 150000,
  JPY: 1500, KRW: 15000, VND: 250000, CLP: 10000, ISK: 1500, PYG: 75000, UGX: 40000, XOF: 6000, XAF: 6000,
  KWD: 3, BHD: 4, OMR: 4, JOD: 7, TND: 30, LYD: 50, IQD: 15000,
};

/** The default advocate reward: about USD 10 in the shop's currency, in minor units. */
export function defaultAdvocateRewardMinor(currency: string): number {
  const exponent = currencyExponent(currency);
  const major = TEN_DOLLARS_MAJOR[currency] ?? (exponent === 0 ? 1000 : 10);
  return major * 10 ** exponent;
}

export const DEFAULT_SHARE_MESSAGE = "I love shopping at {{shop_name}}. Use my link to get {{friend_offer}}: {{link}}";

/**
 * The program a new shop starts with: friend 15% off the first order, advocate ~USD 10 credit,
 * 14-day hold. A shop whose buyers cannot spend store credit (classic customer accounts)
 * starts with the advocate reward as a discount code instead.
 */
export function defaultProgramConfig(currency: string, shop: { canSpendStoreCredit?: boolean } = {}): ProgramConfig {
  const config: Omit<ProgramConfig, "terms"> = {
    currency,
    friendReward: {
      type: "percentage",
      percent: 15,
      minimumSubtotalMinor: null,
      codeExpiryDays: 30,
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
      issueMode: "instant",
    },
    advocateReward: {
      kind: storeCreditReadiness(shop.canSpendStoreCredit ?? null).defaultKind,
      type: "fixed_amount",
      amountMinor: defaultAdvocateRewardMinor(currency),
      creditExpiryDays: null,
      holdDays: 14,
      firstOrderOnly: true,
      minimumOrderMinor: null,
      createGuestCustomers: true,
      recoverOwed: true,
    },
    limits: { maxRewardsPerAdvocatePerMonth: 10, monthlyBudgetMinor: null, onLimit: "hold_for_review" },
    milestones: [],
    shareMessage: DEFAULT_SHARE_MESSAGE,
    translations: {},
  };
  return { ...config, terms: defaultTerms(config) };
}

/** Terms that state both rewards, the hold and payout timeline and the exclusions. */
export function defaultTerms(config: Omit<ProgramConfig, "terms">, locale = "en"): string {
  const full = { ...config, terms: "" } as ProgramConfig;
  const hold = config.advocateReward.holdDays;
  const lines = [
    `Your friend gets ${describeFriendOffer(full, locale, "others")}.`,
    `You get ${describeAdvocateReward(full, locale)}.`,
    hold > 0
      ? `Your reward is issued ${hold} days after your friend's order is paid, once the return window has passed. If the order is cancelled or refunded, the reward is cancelled or taken back.`
      : "Your reward is issued when your friend's order is paid. If the order is cancelled or refunded, the reward is taken back.",
    "Rewards are for new customers only: you cannot refer yourself, a friend can be referred once, and referral links may not be posted on coupon or deal sites.",
    "Rewards have no cash value and cannot be exchanged or transferred. We may cancel rewards obtained by fraud and change or end the program at any time; rewards already earned are honoured.",
  ];
  if (config.advocateReward.createGuestCustomers) {
    lines.splice(3, 0, "If you share without logging in, your reward is paid to the customer account with your email address; if you have none, an account is created for you with that email.");
  }
  if (config.advocateReward.recoverOwed) {
    lines.splice(3, 0, "If a reward was already used when your friend's order is refunded or cancelled, its value is deducted from your next rewards.");
  }
  if (config.limits.maxRewardsPerAdvocatePerMonth) {
    lines.splice(3, 0, `You can earn at most ${config.limits.maxRewardsPerAdvocatePerMonth} rewards per month.`);
  }
  return lines.join("\n");
}

// The two sentences shoppers read, built from catalog messages (app/lib/i18n) with the
// amounts formatted by Intl for the shopper's locale. A locale without a catalog gets English
// words with its own number and currency formatting.

function friendValue(reward: FriendReward, currency: string, locale: string): string {
  if (reward.type === "percentage") return formatPercent(reward.percent ?? 0, locale);
  if (reward.type === "fixed_amount") return formatMoney(reward.amountMinor ?? 0, currency, locale);
  return "";
}

function numberLocale(locale: string): string {
  return formattingLocale(locale, resolveLocale(locale));
}

/**
 * "15% off your first order of $50.00 or more" — what the friend is offered. In French:
 * "15 % de réduction sur votre première commande d'au moins 50,00 $US". Said to anyone else
 * (`audience: "others"`: the merchant, the advocate's terms) it is "their first order".
 */
export function describeFriendOffer(config: ProgramConfig, locale = "en", audience: "friend" | "others" = "friend"): string {
  const reward = config.friendReward;
  const numbers = numberLocale(locale);
  return translate(locale, audience === "friend" ? "offer.friend" : "offer.friendTheirs", {
    type: reward.type,
    value: friendValue(reward, config.currency, numbers),
    mode: reward.issueMode === "after_first_order" ? "next" : "first",
    minimum: reward.minimumSubtotalMinor ? formatMoney(reward.minimumSubtotalMinor, config.currency, numbers) : "none",
  });
}

/** "$10.00 in store credit for each friend who places their first order" — what the advocate earns. */
export function describeAdvocateReward(config: ProgramConfig, locale = "en"): string {
  const reward: AdvocateReward = config.advocateReward;
  const numbers = numberLocale(locale);
  return translate(locale, "offer.advocate", {
    kind: reward.kind === "store_credit" ? "store_credit" : "discount_code",
    type: reward.type === "fixed_amount" ? "fixed_amount" : "percentage",
    amount: formatMoney(reward.amountMinor ?? 0, config.currency, numbers),
    share: formatPercent(reward.percent ?? 0, numbers),
    cap: formatMoney(reward.capMinor ?? 0, config.currency, numbers),
    scope: reward.firstOrderOnly ? "first" : "each",
    minimum: reward.minimumOrderMinor ? formatMoney(reward.minimumOrderMinor, config.currency, numbers) : "none",
    days: reward.creditExpiryDays ?? 0,
  });
}

const SHARE_PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/**
 * The merchant's own words for a shopper's language: the translation given in the program
 * editor for that language, else the primary text (the shop's primary language).
 */
export function merchantTexts(config: ProgramConfig, locale?: string | null): { terms: string; shareMessage: string } {
  const own = locale ? config.translations?.[resolveLocale(locale)] : undefined;
  return { terms: own?.terms || config.terms, shareMessage: own?.shareMessage || config.shareMessage };
}

/** The advocate's share text, in the shopper's language, with {{friend_offer}}, {{link}} and {{shop_name}} filled in. */
export function renderShareMessage(config: ProgramConfig, values: { link: string; shopName: string }, locale = "en"): string {
  const replacements: Record<string, string> = {
    friend_offer: describeFriendOffer(config, locale),
    link: values.link,
    shop_name: values.shopName,
  };
  // Own properties only: "constructor" or "__proto__" must not reach Object.prototype.
  return merchantTexts(config, locale).shareMessage.replace(SHARE_PLACEHOLDER, (whole, name: string) => (Object.hasOwn(replacements, name) ? replacements[name] : whole));
}

export const SHARE_MESSAGE_PLACEHOLDERS = ["friend_offer", "link", "shop_name"] as const;

/** The first placeholder of a share message that is not one of SHARE_MESSAGE_PLACEHOLDERS, or null. */
export function unknownSharePlaceholder(message: string): string | null {
  for (const m of message.matchAll(SHARE_PLACEHOLDER)) {
    if (!(SHARE_MESSAGE_PLACEHOLDERS as readonly string[]).includes(m[1])) return m[1];
  }
  return null;
}

// One line per setting the merchant can change, with the value as the merchant reads it. The
// texts shoppers read (`text`) are summed up in one line each, not quoted.
const FIELDS: Array<{ label: string; value: (c: ProgramConfig) => string; summary?: (after: ProgramConfig) => string; text?: true }> = [
  { label: "Currency", value: (c) => c.currency },
  {
    label: "Friend reward type",
    value: (c) => ({ percentage: "Percentage off", fixed_amount: "Fixed amount off", free_shipping: "Free shipping" })[c.friendReward.type],
  },
  { label: "Friend discount", value: (c) => friendValue(c.friendReward, c.currency, "en") || "free shipping" },
  { label: "Friend minimum order", value: (c) => moneyOrNone(c.friendReward.minimumSubtotalMinor, c.currency) },
  { label: "Friend code valid for", value: (c) => (c.friendReward.codeExpiryDays ? days(c.friendReward.codeExpiryDays) : "no expiry") },
  {
    label: "Friend code combines with",
    value: (c) => {
      const w = c.friendReward.combinesWith;
      const kinds = [w.orderDiscounts && "order", w.productDiscounts && "product", w.shippingDiscounts && "shipping"].filter(Boolean);
      return kinds.length ? `${kinds.join(", ")} discounts` : "no other discounts";
    },
  },
  {
    label: "Friend code given",
    value: (c) => (c.friendReward.issueMode === "instant" ? "instantly, when claimed" : "after the friend's first order"),
  },
  { label: "Advocate reward kind", value: (c) => (c.advocateReward.kind === "store_credit" ? "Store credit" : "Discount code") },
  {
    label: "Advocate reward",
    value: (c) => {
      const r = c.advocateReward;
      return r.type === "fixed_amount"
        ? formatMoney(r.amountMinor ?? 0, c.currency)
        : `${formatPercent(r.percent ?? 0, "en")} of the friend's order, up to ${formatMoney(r.capMinor ?? 0, c.currency)}`;
    },
  },
  { label: "Advocate credit valid for", value: (c) => (c.advocateReward.creditExpiryDays ? days(c.advocateReward.creditExpiryDays) : "no expiry") },
  { label: "Hold period", value: (c) => days(c.advocateReward.holdDays) },
  { label: "Qualifying orders", value: (c) => (c.advocateReward.firstOrderOnly ? "friend's first order only" : "any friend order") },
  { label: "Guest advocates", value: (c) => (c.advocateReward.createGuestCustomers ? "paid on a customer account, created if needed" : "not paid until staff decide") },
  { label: "Owed after a refund", value: (c) => (c.advocateReward.recoverOwed ? "deducted from the advocate's next rewards" : "not recovered automatically") },
  { label: "Qualifying minimum order", value: (c) => moneyOrNone(c.advocateReward.minimumOrderMinor, c.currency) },
  { label: "Rewards per advocate per month", value: (c) => (c.limits.maxRewardsPerAdvocatePerMonth ? String(c.limits.maxRewardsPerAdvocatePerMonth) : "no limit") },
  { label: "Monthly budget", value: (c) => (c.limits.monthlyBudgetMinor ? formatMoney(c.limits.monthlyBudgetMinor, c.currency) : "no limit") },
  { label: "At a limit", value: (c) => (c.limits.onLimit === "hold_for_review" ? "hold for review" : "skip the reward") },
  {
    label: "Milestones",
    value: (c) =>
      c.milestones.length
        ? [...c.milestones]
            .sort((a, b) => a.referrals - b.referrals)
            .map((m) => `${m.referrals} referrals: +${formatMoney(m.bonusMinor, c.currency)}`)
            .join("; ")
        : "none",
  },
  {
    label: "Program terms",
    value: (c) => c.terms,
    summary: (after) => (after.terms === defaultTerms(after) ? "Program terms rewritten from the settings" : "Program terms edited"),
    text: true,
  },
  { label: "Share message", value: (c) => c.shareMessage, text: true },
  {
    label: "Translations",
    value: (c) => JSON.stringify(c.translations ?? {}),
    summary: () => "Texts in other languages edited",
    text: true,
  },
];

function days(n: number): string {
  return n === 1 ? "1 day" : `${n} days`;
}
function moneyOrNone(minor: number | null, currency: string): string {
  return minor ? formatMoney(minor, currency) : "none";
}

/**
 * What changed from `before` to `after`, one line per setting: "Friend discount: 15% → 20%".
 * `settingsOnly`: the rewards and limits, without the texts shoppers read.
 */
export function diffProgramConfigs(before: ProgramConfig, after: ProgramConfig, options: { settingsOnly?: boolean } = {}): string[] {
  const lines: string[] = [];
  for (const field of FIELDS) {
    if (options.settingsOnly && field.text) continue;
    const a = field.value(before);
    const b = field.value(after);
    if (a === b) continue;
    lines.push(field.summary?.(after) ?? `${field.label}: ${a} → ${b}`);
  }
  return lines;
}

export interface StoreCreditReadiness {
  tone: "success" | "warning" | "info";
  title: string;
  message: string;
  /** The advocate reward the editor and onboarding start from. */
  defaultKind: "store_credit" | "discount_code";
}

/**
 * Whether this shop's customers can spend store credit (only with new customer accounts), in
 * the words onboarding and the program editor show. `null`: Shopify's answer is not known yet.
 */
export function storeCreditReadiness(canSpendStoreCredit: boolean | null): StoreCreditReadiness {
  if (canSpendStoreCredit === true) {
    return {
      tone: "success",
      title: "Your customers can spend store credit",
      message: "Your store uses new customer accounts, so advocates can spend store credit at checkout when they are logged in. Advocates get store credit by default.",
      defaultKind: "store_credit",
    };
  }
  if (canSpendStoreCredit === false) {
    return {
      tone: "warning",
      title: "Your customers cannot spend store credit",
      message:
        "Your store uses classic customer accounts, and store credit can only be spent by customers logged in with new customer accounts. Advocates get a single-use discount code bound to them instead, of the same value and validity. Switch to new customer accounts in Settings › Customer accounts to use store credit.",
      defaultKind: "discount_code",
    };
  }
  return {
    tone: "info",
    title: "Store credit needs new customer accounts",
    message: "Twofold could not read your store's customer accounts setting yet. Store credit can only be spent by customers logged in with new customer accounts; if your store uses classic accounts, pay advocates with a discount code.",
    defaultKind: "store_credit",
  };
}

/** The merchant-worded problem with a share message's placeholders, or null (unknown names are refused). */
export function shareMessageProblem(input: unknown): string | null {
  const message = input && typeof input === "object" && "shareMessage" in input ? (input as { shareMessage: unknown }).shareMessage : null;
  if (typeof message !== "string") return null;
  const unknown = unknownSharePlaceholder(message);
  return unknown === null ? null : `Unknown placeholder {{${unknown}}}. You can use ${SHARE_MESSAGE_PLACEHOLDERS.map((n) => `{{${n}}}`).join(", ")}`;
}
