// Each theme block rendered by a real Liquid engine with Shopify's objects, as the shoppers
// see it: a logged-in advocate, a guest, a friend who arrived by link, and a paused program.
// The program's words are the real ones: the app-data metafields computed from a ProgramConfig.
import { describe, expect, it } from "vitest";
import { createStorefrontEngine, renderBlock } from "../../sandbox/storefront/liquid";
import { defaultProgramConfig } from "../../app/program/program-text";
import { storefrontMetafields } from "../../app/program/storefront-program.server";

const shop = { domain: "demo-shop.myshopify.com", name: "Demo Shop", url: "https://demo-shop.myshopify.com" };
const config = defaultProgramConfig("USD");
const rewards = storefrontMetafields({ status: "active", config }, "Demo Shop");
const paused = storefrontMetafields({ status: "paused", config }, "Demo Shop");
const advocate = { id: "gid://shopify/Customer/42", email: "ada@example.com", firstName: "Ada", referralCode: "ADA42" };
const LINK = "https://demo-shop.myshopify.com/apps/twofold/r/ADA42";

function text(html: string): string {
  return html.replace(/<[^>]+>/g, " ").replace(/&amp;/g, "&").replace(/&#39;/g, "'").replace(/\s+/g, " ").trim();
}

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&"));
}

describe("advocate block", () => {
  it("gives a logged-in advocate their link, code, the program's offer and message in every share link", async () => {
    const html = await renderBlock("advocate", { shop, customer: advocate, appMetafields: rewards });
    const visible = text(html);
    expect(visible).toContain("Give a gift, get a reward");
    expect(visible).toContain(
      "Your friends get 15% off their first order. You get $10.00 in store credit for each friend who places their first order.",
    );
    expect(visible).toContain("Your code: ADA42");
    expect(html).toContain(`value="${LINK}" readonly`);
    expect(html).toContain(`data-twofold-copy="${LINK}"`);

    const link = encodeURIComponent(LINK);
    // The merchant's share message with {{shop_name}}, {{friend_offer}} and {{link}} filled in.
    const message = encodeURIComponent(`I love shopping at Demo Shop. Use my link to get 15% off your first order: ${LINK}`);
    const subject = encodeURIComponent("A gift for you from Demo Shop");
    expect(hrefs(html)).toEqual([
      `mailto:?subject=${subject}&body=${message}`,
      `https://wa.me/?text=${message}`,
      `https://x.com/intent/post?text=${subject}&url=${link}`,
      `https://www.facebook.com/sharer/sharer.php?u=${link}`,
      `sms:?&body=${message}`,
    ]);
    expect(html).not.toContain("<form");
  });

  it("falls back to the theme's own share sentence before the app has written the program", async () => {
    const html = await renderBlock("advocate", { shop, customer: advocate });
    expect(text(html)).toContain("Your friends get a discount on their first order, and you get a reward when they buy.");
    expect(hrefs(html)[1]).toBe(
      `https://wa.me/?text=${encodeURIComponent(`I shop here and think you will like it. Here is a discount for your first order: ${LINK}`)}`,
    );
  });

  it("asks a logged-in customer without a code yet to get one through the app proxy", async () => {
    const html = await renderBlock("advocate", { shop, customer: { ...advocate, referralCode: null }, appMetafields: rewards });
    expect(text(html)).toContain("Get your personal link to share with friends.");
    expect(html).toContain('action="/apps/twofold/advocate"');
    expect(html).not.toContain('name="email"');
    expect(html).not.toContain("/r/");
  });

  it("shows a guest the program's offer, the email form posting to the app proxy and a login link", async () => {
    const html = await renderBlock("advocate", { shop, customer: null, appMetafields: rewards });
    const visible = text(html);
    expect(visible).toContain("Your friends get 15% off their first order. You get $10.00 in store credit");
    expect(visible).toContain("Enter your email to get your personal referral link.");
    expect(visible).toContain("Already a customer? Log in to see your link.");
    expect(html).toMatch(/<form[^>]*method="post"[^>]*action="\/apps\/twofold\/advocate"/);
    expect(html).toContain('type="email"');
    expect(html).toContain('href="/account/login"');
    expect(html).not.toContain("wa.me");
  });

  it("says the program is paused and offers no link or form", async () => {
    for (const customer of [advocate, null]) {
      const html = await renderBlock("advocate", { shop, customer, appMetafields: paused });
      expect(text(html)).toContain("Our referral program is taking a break. Check back soon.");
      expect(html).not.toContain("<form");
      expect(html).not.toContain("/r/");
      expect(text(html)).not.toContain("15% off");
    }
  });

  it("uses the merchant's heading, text and colours, escaped", async () => {
    const html = await renderBlock("advocate", {
      shop,
      customer: advocate,
      settings: { heading: "Share <the> love", text: "Tell a friend", accent_color: "#ff0000" },
    });
    expect(html).toContain("Share &lt;the&gt; love");
    expect(text(html)).toContain("Tell a friend");
    expect(html).toContain("--twofold-accent: #ff0000;");
  });

  it("speaks French with the French locale", async () => {
    const html = await renderBlock("advocate", { shop, customer: advocate, locale: "fr" });
    expect(text(html)).toContain("Offrez un cadeau, recevez une récompense");
    expect(text(html)).toContain("Votre code: ADA42");
    expect(text(html)).toContain("Copier le lien");
  });

  it("words the program's offer and reward in French too, on a French storefront", async () => {
    const visible = text(await renderBlock("advocate", { shop, customer: advocate, locale: "fr", appMetafields: rewards })).replace(/[\u00a0\u202f]/g, " ");
    expect(visible).toContain(
      "Vos amis obtiennent : 15 % de réduction sur leur première commande. Vous recevez : 10,00 $US de crédit boutique pour chaque ami qui passe sa première commande.",
    );
    // Before the app has written its texts: the generic sentence, not an empty offer.
    expect(text(await renderBlock("advocate", { shop, customer: advocate, locale: "fr", appMetafields: { status: "active" } }))).toContain(
      "Vos amis obtiennent une remise sur leur première commande",
    );
  });

  it.each([
    ["sv", "SEK", "Dina vänner får 15 % rabatt på sin första beställning. Du får 100,00 kr i butikskredit för varje vän som gör sin första beställning."],
    ["id", "IDR", "Teman Anda mendapatkan diskon 15% untuk pesanan pertama mereka. Anda mendapatkan kredit toko Rp 150.000,00 untuk setiap teman yang melakukan pesanan pertamanya."],
    ["ja", "JPY", "お友達は初回の注文で15%オフ。あなたは初回注文をしたお友達1人につき、￥1,500分のストアクレジットを受け取れます。"],
    ["pt-BR", "BRL", "Seus amigos ganham 15% de desconto no primeiro pedido. Você ganha R$ 50,00 em crédito na loja para cada amigo que fizer o primeiro pedido."],
  ])("speaks %s with the shop's money (%s) from the locale-keyed texts", async (locale, currency, expected) => {
    const texts = storefrontMetafields({ status: "active", config: defaultProgramConfig(currency) }, "Demo Shop");
    const visible = text(await renderBlock("advocate", { shop: { ...shop, currency }, customer: advocate, locale, appMetafields: texts })).replace(/[\u00a0\u202f]/g, " ");
    expect(visible).toContain(expected);
  });

  it("falls back to the shop's primary language for a storefront language Twofold lacks", async () => {
    const texts = storefrontMetafields({ status: "active", config: defaultProgramConfig("EUR") }, "Demo Shop", "de");
    const visible = text(await renderBlock("advocate", { shop, customer: advocate, locale: "ko", appMetafields: texts })).replace(/[\u00a0\u202f]/g, " ");
    expect(visible).toContain("15 % Rabatt auf die erste Bestellung");
  });
});

describe("friend landing block", () => {
  it("shows a friend who arrived by link the program's offer, terms, FAQ and a claim form carrying the code", async () => {
    // The app embed keeps ?ref=ADA42 in the cart attribute, which Liquid can read.
    const html = await renderBlock("friend-landing", { shop, ref: "ADA42", appMetafields: rewards });
    const visible = text(html);
    expect(visible).toContain("A friend sent you a gift");
    expect(visible).toContain("Get 15% off your first order.");
    expect(visible).toContain("Referral code: ADA42");
    expect(visible).toContain("How do I use my discount?");
    // The program's own terms, line breaks kept.
    expect(visible).toContain("Your friend gets 15% off their first order.");
    expect(visible).toContain("You can earn at most 10 rewards per month.");
    expect(html).toContain("<br />");
    expect(html).toMatch(/<form[^>]*method="post"[^>]*action="\/apps\/twofold\/claim"/);
    expect(html).toContain('<input type="hidden" name="ref" value="ADA42" data-twofold-ref>');
    expect(html).toContain("Claim my discount");
  });

  it("offers the friend the program's discount in French on a French storefront", async () => {
    const html = await renderBlock("friend-landing", { shop, ref: "ADA42", appMetafields: rewards, locale: "fr" });
    expect(text(html).replace(/[\u00a0\u202f]/g, " ")).toContain("Profitez de : 15 % de réduction sur votre première commande.");
  });

  it("without a known ref leaves the code for the script to fill, and hides terms on request", async () => {
    const html = await renderBlock("friend-landing", { shop, settings: { show_terms: false } });
    expect(text(html)).toContain("Get a discount on your first order.");
    expect(html).not.toContain("Referral code");
    expect(html).toContain('name="ref" value=""');
    expect(html).not.toContain("twofold__terms");
  });

  it("while the program is paused shows no offer and no form, only a way into the shop", async () => {
    const html = await renderBlock("friend-landing", { shop, ref: "ADA42", appMetafields: paused });
    expect(text(html)).toContain("This offer is not available right now, but you are welcome to shop.");
    expect(hrefs(html)).toEqual(["/"]);
    expect(html).not.toContain("<form");
    expect(text(html)).not.toContain("15% off");
  });

  it("escapes a hostile ref", async () => {
    const html = await renderBlock("friend-landing", { shop, ref: '"><script>alert(1)</script>' });
    expect(html).not.toContain("<script>alert(1)");
  });
});

describe("social-proof block", () => {
  // What the app's job writes from the rollups (analytics/social-proof.server.ts).
  const proof = (friends: number, leaders: { name: string; friends: number }[] = []) => ({
    social_proof: JSON.stringify({
      friends,
      friendsText: { default: new Intl.NumberFormat("en").format(friends), en: new Intl.NumberFormat("en").format(friends), sv: new Intl.NumberFormat("sv").format(friends), ja: new Intl.NumberFormat("ja").format(friends) },
      leaders,
    }),
  });
  const leaders = [
    { name: "Ada", friends: 12 },
    { name: "<b>Bo</b>", friends: 1 },
  ];

  it("says how many friends got the offer, in the shopper's language and number format, with plural forms", async () => {
    const en = text(await renderBlock("social-proof", { shop, appMetafields: { ...rewards, ...proof(1240) } }));
    expect(en).toBe("1,240 friends got 15% off their first order");
    const sv = text(await renderBlock("social-proof", { shop, locale: "sv", appMetafields: { ...rewards, ...proof(1240) } }));
    expect(sv).toMatch(/^1\s240 vänner fick /);
    const ja = text(await renderBlock("social-proof", { shop, locale: "ja", appMetafields: { ...rewards, ...proof(1240) } }));
    expect(ja).toMatch(/^1,240人の友達が.+を受け取りました$/);
    const one = text(await renderBlock("social-proof", { shop, appMetafields: { ...rewards, ...proof(1) }, settings: { min_friends: 1 } }));
    expect(one).toBe("1 friend got 15% off their first order");
  });

  it("stays hidden below the merchant's minimum, while the program is paused, and before the app wrote any numbers", async () => {
    expect(text(await renderBlock("social-proof", { shop, appMetafields: { ...rewards, ...proof(9) } }))).toBe(""); // default minimum 10
    expect(text(await renderBlock("social-proof", { shop, appMetafields: { ...rewards, ...proof(9) }, settings: { min_friends: 5 } }))).not.toBe("");
    expect(text(await renderBlock("social-proof", { shop, appMetafields: { ...paused, ...proof(500) } }))).toBe("");
    expect(text(await renderBlock("social-proof", { shop, appMetafields: rewards }))).toBe("");
  });

  it("lists the top advocates by first name only when the merchant opts in, escaped", async () => {
    const off = await renderBlock("social-proof", { shop, appMetafields: { ...rewards, ...proof(50, leaders) } });
    expect(text(off)).not.toContain("Ada");
    const on = await renderBlock("social-proof", { shop, appMetafields: { ...rewards, ...proof(50, leaders) }, settings: { show_leaderboard: true } });
    expect(text(on)).toBe("50 friends got 15% off their first order Top advocates this month Ada 12 friends &lt;b&gt;Bo&lt;/b&gt; 1 friend");
    expect(on).not.toContain("<b>Bo</b>");
  });
});

describe("friend landing FAQ", () => {
  it("shows the merchant's own questions and answers when set (escaped), else the catalog's in the shopper's language", async () => {
    const ours = text(await renderBlock("friend-landing", { shop, ref: "ADA42", appMetafields: rewards }));
    expect(ours).toContain("How do I use my discount?");
    const own = await renderBlock("friend-landing", {
      shop,
      ref: "ADA42",
      appMetafields: rewards,
      settings: { faq_q1: "Can I gift it on?", faq_a1: "No, it is <yours>.", show_terms: true },
    });
    expect(text(own)).toContain("Can I gift it on? No, it is &lt;yours&gt;.");
    expect(text(own)).toContain("Who can claim it?"); // the second pair left blank: ours
    expect(own).not.toContain("<yours>");
  });
});

describe("referral embed", () => {
  it("is one small inline script: no request of its own, the cookie lifetime from the block setting", async () => {
    const html = await renderBlock("referral-embed", { shop, assetBaseUrl: "https://cdn.example/ext", settings: { cookie_days: 7 } });
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).not.toContain("src=");
    expect(html).not.toContain("twofold.js");
    expect(html).toContain(`max-age=${7 * 86400}`);
    const inline = /<script\b[^>]*>([\s\S]*?)<\/script>/.exec(html)![1].trim();
    expect(Buffer.byteLength(inline)).toBeLessThan(700);
  });
});

describe("the Liquid engine is as strict as Shopify", () => {
  it("throws on an unknown filter instead of passing the value through", async () => {
    await expect(createStorefrontEngine().parseAndRender("{{ 'x' | not_a_shopify_filter }}", {})).rejects.toThrow(
      /not_a_shopify_filter/,
    );
  });

  it("throws on a missing translation", async () => {
    const engine = createStorefrontEngine();
    await expect(engine.parseAndRender("{{ 'advocate.nope' | t }}", { request: { locale: { iso_code: "en" } } })).rejects.toThrow(
      /translation missing/,
    );
  });

  it("formats money from cents in the shop currency", async () => {
    const engine = createStorefrontEngine();
    expect(await engine.parseAndRender("{{ 123456 | money }}", { shop: { currency: "USD" } })).toBe("$1,234.56");
    expect(await engine.parseAndRender("{{ 1000 | money }}", { shop: { currency: "EUR" } })).toBe("€10,00");
  });
});
