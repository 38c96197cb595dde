import { describe, expect, it } from "vitest";
import { programConfigSchema, type ProgramConfig } from "./program-config";
import {
  defaultAdvocateRewardMinor,
  defaultProgramConfig,
  defaultTerms,
  describeAdvocateReward,
  describeFriendOffer,
  diffProgramConfigs,
  formatMoney,
  merchantTexts,
  renderShareMessage,
} from "./program-text";
import { configToForm, formToConfigInput } from "./program-form";

function withConfig(currency: string, change: (c: ProgramConfig) => void): ProgramConfig {
  const config = structuredClone(defaultProgramConfig(currency));
  change(config);
  return programConfigSchema.parse(config);
}

describe("formatMoney", () => {
  it.each([
    [1000, "USD", "en", "$10.00"],
    [5, "USD", "en", "$0.05"],
    [0, "USD", "en", "$0.00"],
    [1500, "JPY", "en", "¥1,500"],
    [3000, "KWD", "en", "KWD 3.000"],
    [1, "KWD", "en", "KWD 0.001"],
    [123456789, "EUR", "fr", "1 234 567,89 €"],
    [2 ** 53 + 1, "USD", "en", "$90,071,992,547,409.93"],
  ])("%s %s (%s) → %s", (minor, currency, locale, expected) => {
    // bigint beyond 2^53 too: the decimal string is formatted, never a float.
    const value = minor > Number.MAX_SAFE_INTEGER ? BigInt(2 ** 53) + 1n : minor;
    expect(formatMoney(value, currency, locale).replace(/\u202f|\u00a0/g, " ")).toBe(expected);
  });
});

describe("defaultProgramConfig", () => {
  it.each([
    ["USD", 1000, "$10.00"],
    ["EUR", 1000, "€10.00"],
    ["JPY", 1500, "¥1,500"],
    ["KRW", 15000, "₩15,000"],
    ["KWD", 3000, "KWD 3.000"],
    ["BHD", 4000, "BHD 4.000"],
    ["XYZ", 1000, "XYZ 10.00"],
  ])("%s: advocate earns %s minor units (%s), friend 15%% off, 14-day hold, starts valid", (currency, minor, shown) => {
    const config = defaultProgramConfig(currency);
    expect(programConfigSchema.safeParse(config).success).toBe(true);
    expect(defaultAdvocateRewardMinor(currency)).toBe(minor);
    expect(config.advocateReward).toMatchObject({ kind: "store_credit", type: "fixed_amount", amountMinor: minor, holdDays: 14 });
    expect(config.friendReward).toMatchObject({ type: "percentage", percent: 15 });
    expect(config.terms.replace(/\u00a0/g, " ")).toContain(`You get ${shown} in store credit`);
    expect(config.terms).toContain("14 days after your friend's order is paid");
    expect(config.terms).toContain("cannot refer yourself");
    for (const placeholder of ["{{friend_offer}}", "{{link}}", "{{shop_name}}"]) expect(config.shareMessage).toContain(placeholder);
  });
});

it("pays the advocate with a discount code by default where store credit cannot be spent", () => {
  const config = defaultProgramConfig("USD", { canSpendStoreCredit: false });
  expect(config.advocateReward).toMatchObject({ kind: "discount_code", amountMinor: 1000 });
  expect(config.terms).toContain("You get a discount code worth $10.00");
  expect(defaultProgramConfig("USD", { canSpendStoreCredit: true }).advocateReward.kind).toBe("store_credit");
});

describe("describeFriendOffer", () => {
  it.each<[string, (c: ProgramConfig) => void, string]>([
    ["default", () => {}, "15% off your first order"],
    ["two-decimal percent", (c) => (c.friendReward.percent = 12.5), "12.5% off your first order"],
    ["fixed with minimum", (c) => Object.assign(c.friendReward, { type: "fixed_amount", amountMinor: 500, minimumSubtotalMinor: 5000 }), "$5.00 off your first order of $50.00 or more"],
    ["free shipping", (c) => Object.assign(c.friendReward, { type: "free_shipping" }), "free shipping on your first order"],
    ["after first order", (c) => (c.friendReward.issueMode = "after_first_order"), "15% off your next order after your first purchase"],
  ])("%s", (_, change, expected) => {
    expect(describeFriendOffer(withConfig("USD", change))).toBe(expected);
  });
});

describe("describeAdvocateReward", () => {
  it.each<[string, string, (c: ProgramConfig) => void, string]>([
    ["default", "USD", () => {}, "$10.00 in store credit for each friend who places their first order"],
    ["yen", "JPY", () => {}, "¥1,500 in store credit for each friend who places their first order"],
    [
      "percentage with cap, any order, expiry",
      "USD",
      (c) => Object.assign(c.advocateReward, { type: "percentage", percent: 10, capMinor: 2500, firstOrderOnly: false, creditExpiryDays: 90 }),
      "10% of your friend's order in store credit (up to $25.00) for each order a referred friend places, valid for 90 days",
    ],
    [
      "discount code with minimum",
      "KWD",
      (c) => Object.assign(c.advocateReward, { kind: "discount_code", minimumOrderMinor: 10000 }),
      "a discount code worth KWD 3.000 for each friend who places their first order (orders of KWD 10.000 or more)",
    ],
  ])("%s", (_, currency, change, expected) => {
    expect(describeAdvocateReward(withConfig(currency, change)).replace(/\u00a0/g, " ")).toBe(expected);
  });
});

describe("the offer and reward in French (the extensions' other language)", () => {
  const fr = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");
  it.each<[string, string, (c: ProgramConfig) => void, string]>([
    ["default", "fr", () => {}, "15 % de réduction sur votre première commande"],
    ["fr-CA is French too", "fr-CA", () => {}, "15 % de réduction sur votre première commande"],
    ["fixed with minimum", "fr", (c) => Object.assign(c.friendReward, { type: "fixed_amount", amountMinor: 500, minimumSubtotalMinor: 5000 }), "5,00 $US de réduction sur votre première commande d'au moins 50,00 $US"],
    ["free shipping", "fr", (c) => Object.assign(c.friendReward, { type: "free_shipping" }), "la livraison gratuite sur votre première commande"],
    ["after first order", "fr", (c) => (c.friendReward.issueMode = "after_first_order"), "15 % de réduction sur votre prochaine commande après votre premier achat"],
    ["a language without a catalog gets English words, its own numbers", "ko", (c) => Object.assign(c.friendReward, { type: "fixed_amount", amountMinor: 500 }), "US$5.00 off your first order"],
  ])("friend: %s", (_, locale, change, expected) => {
    expect(fr(describeFriendOffer(withConfig("USD", change), locale))).toBe(expected);
  });

  it.each<[string, (c: ProgramConfig) => void, string]>([
    ["default", () => {}, "10,00 $US de crédit boutique pour chaque ami qui passe sa première commande"],
    [
      "percentage with cap, any order, expiry",
      (c) => Object.assign(c.advocateReward, { type: "percentage", percent: 10, capMinor: 2500, firstOrderOnly: false, creditExpiryDays: 90 }),
      "du crédit boutique à hauteur de 10 % de la commande de votre ami (jusqu'à 25,00 $US) pour chaque commande d'un ami parrainé, valable 90 jours",
    ],
    [
      "discount code with minimum",
      (c) => Object.assign(c.advocateReward, { kind: "discount_code", minimumOrderMinor: 10000 }),
      "un code de réduction d'une valeur de 10,00 $US pour chaque ami qui passe sa première commande (commandes d'au moins 100,00 $US)",
    ],
  ])("advocate: %s", (_, change, expected) => {
    expect(fr(describeAdvocateReward(withConfig("USD", change), "fr"))).toBe(expected);
  });
});

describe("the offer and reward in every catalog's language, money by Intl", () => {
  const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");
  const fixed = (c: ProgramConfig) => Object.assign(c.friendReward, { type: "fixed_amount", amountMinor: 5000, minimumSubtotalMinor: 20000 });
  it.each<[string, string, string]>([
    ["de", "EUR", "50,00 € Rabatt auf Ihre erste Bestellung ab 200,00 €"],
    ["es", "EUR", "50,00 € de descuento en tu primer pedido de 200,00 € o más"],
    ["it", "EUR", "50,00 € di sconto sul tuo primo ordine di almeno 200,00 €"],
    ["nl", "EUR", "€ 50,00 korting op je eerste bestelling vanaf € 200,00"],
    ["sv", "SEK", "50,00 kr rabatt på din första beställning på minst 200,00 kr"],
    ["id", "IDR", "potongan Rp 50,00 untuk pesanan pertama Anda minimal Rp 200,00"],
    ["pt-BR", "BRL", "R$ 50,00 de desconto no seu primeiro pedido a partir de R$ 200,00"],
    ["pt", "BRL", "R$ 50,00 de desconto no seu primeiro pedido a partir de R$ 200,00"],
    ["ja", "JPY", "初回のご注文（￥20,000以上）で￥5,000オフ"],
  ])("friend (%s, %s)", (locale, currency, expected) => {
    expect(plain(describeFriendOffer(withConfig(currency, fixed), locale))).toBe(expected);
  });

  it.each<[string, string]>([
    ["sv", "100,00 kr i butikskredit för varje vän som gör sin första beställning, giltig i 30 dagar"],
    ["ja", "初回注文をしたお友達1人につき、￥1,500分のストアクレジット（有効期限30日）"],
    ["id", "kredit toko Rp 150.000,00 untuk setiap teman yang melakukan pesanan pertamanya, berlaku 30 hari"],
  ])("advocate (%s)", (locale, expected) => {
    const currency = { sv: "SEK", ja: "JPY", id: "IDR" }[locale]!;
    expect(plain(describeAdvocateReward(withConfig(currency, (c) => (c.advocateReward.creditExpiryDays = 30)), locale))).toBe(expected);
  });
});

describe("renderShareMessage", () => {
  it("fills every placeholder and leaves unknown ones alone", () => {
    const config = withConfig("USD", (c) => (c.shareMessage = "{{shop_name}}: {{ friend_offer }} at {{link}} {{unknown}}"));
    expect(renderShareMessage(config, { link: "https://s.example/?ref=AB", shopName: "Acme" })).toBe(
      "Acme: 15% off your first order at https://s.example/?ref=AB {{unknown}}",
    );
  });
  it("never reads Object.prototype for a placeholder", () => {
    const config = withConfig("USD", (c) => (c.shareMessage = "{{constructor}} {{__proto__}} {{toString}} {{link}}"));
    expect(renderShareMessage(config, { link: "L", shopName: "Acme" })).toBe("{{constructor}} {{__proto__}} {{toString}} L");
  });
  it("does not interpret $ patterns in the values", () => {
    expect(renderShareMessage(defaultProgramConfig("USD"), { link: "x", shopName: "$& $1 Shop" })).toContain("at $& $1 Shop.");
  });
});

describe("diffProgramConfigs", () => {
  const base = defaultProgramConfig("USD");
  it.each<[string, (c: ProgramConfig) => void, string[]]>([
    ["nothing", () => {}, []],
    ["friend percent", (c) => (c.friendReward.percent = 20), ["Friend discount: 15% → 20%"]],
    [
      "friend type",
      (c) => Object.assign(c.friendReward, { type: "fixed_amount", amountMinor: 1000, percent: undefined }),
      ["Friend reward type: Percentage off → Fixed amount off", "Friend discount: 15% → $10.00"],
    ],
    [
      "advocate to percentage",
      (c) => Object.assign(c.advocateReward, { type: "percentage", percent: 5, capMinor: 2000 }),
      ["Advocate reward: $10.00 → 5% of the friend's order, up to $20.00"],
    ],
    ["hold", (c) => (c.advocateReward.holdDays = 30), ["Hold period: 14 days → 30 days"]],
    ["expiry removed", (c) => (c.friendReward.codeExpiryDays = null), ["Friend code valid for: 30 days → no expiry"]],
    ["budget", (c) => (c.limits.monthlyBudgetMinor = 50000), ["Monthly budget: no limit → $500.00"]],
    ["on limit", (c) => (c.limits.onLimit = "skip"), ["At a limit: hold for review → skip the reward"]],
    ["milestones", (c) => (c.milestones = [{ referrals: 5, bonusMinor: 2000 }]), ["Milestones: none → 5 referrals: +$20.00"]],
    ["terms", (c) => (c.terms = "New terms"), ["Program terms edited"]],
    [
      "limit removed, terms rewritten",
      (c) => {
        c.limits.maxRewardsPerAdvocatePerMonth = null;
        c.terms = defaultTerms(c);
      },
      ["Rewards per advocate per month: 10 → no limit", "Program terms rewritten from the settings"],
    ],
    ["combines", (c) => (c.friendReward.combinesWith.orderDiscounts = true), ["Friend code combines with: shipping discounts → order, shipping discounts"]],
  ])("%s", (_, change, expected) => {
    const after = structuredClone(base);
    change(after);
    expect(diffProgramConfigs(base, after)).toEqual(expected);
  });
  it("leaves the texts out when asked for the settings only", () => {
    const after = { ...structuredClone(base), terms: "New terms", shareMessage: "New {{link}}" };
    after.friendReward.percent = 20;
    expect(diffProgramConfigs(base, after, { settingsOnly: true })).toEqual(["Friend discount: 15% → 20%"]);
  });
});

describe("the merchant's texts per language", () => {
  it("a shopper reads the text given for their language, else the primary one", () => {
    const config = programConfigSchema.parse({
      ...defaultProgramConfig("SEK"),
      translations: { sv: { shareMessage: "Handla hos {{shop_name}} med min länk: {{link}}", terms: "" } },
    });
    expect(renderShareMessage(config, { link: "L", shopName: "Acme" }, "sv-SE")).toBe("Handla hos Acme med min länk: L");
    expect(merchantTexts(config, "sv").terms).toBe(config.terms);
    expect(renderShareMessage(config, { link: "L", shopName: "Acme" }, "de")).toContain("I love shopping at Acme");
  });

  it("refuses a translated share message without {{link}} and a language Twofold lacks", () => {
    const base = defaultProgramConfig("USD");
    const noLink = programConfigSchema.safeParse({ ...base, translations: { de: { shareMessage: "Kauf hier ein" } } });
    expect(noLink.success ? null : noLink.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([["translations.de.shareMessage", "The share message must contain {{link}}"]]);
    const unknown = programConfigSchema.safeParse({ ...base, translations: { xx: { terms: "t" } } });
    expect(unknown.success ? null : unknown.error.issues[0].message).toBe('Twofold has no "xx" language');
  });

  it("round-trips through the editor's form, empty languages left out", () => {
    const config = { ...defaultProgramConfig("USD"), translations: { ja: { terms: "規約" } } };
    const form = configToForm(config);
    expect(form["translations.ja.terms"]).toBe("規約");
    const { input } = formToConfigInput({ ...form, "translations.fr.terms": "  " }, "USD");
    expect(input.translations).toEqual({ ja: { terms: "規約" } });
  });
});
