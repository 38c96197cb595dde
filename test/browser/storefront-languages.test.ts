// The theme blocks in the shopper's language, in Chromium: a Swedish, an Indonesian and a
// Japanese browser (Accept-Language) open an advocate's link, read the offer with the shop's
// money written their way, and claim it; the proxy answers in their language. The texts come
// from the app's own metafield sync (the json `texts` metafield), run by the worker.
import { beforeAll, describe, expect, it } from "vitest";
import { translate } from "../../app/lib/i18n/i18n";
import { describeFriendOffer } from "../../app/program/program-text";
import type { ProgramConfig } from "../../app/program/program-config";
import { screenshotPath, useBrowserStack, USER_AGENT } from "../helpers/browser";
import { proxyPost, startProgram } from "../storefront/helpers";

const plain = (s: string | null) => (s ?? "").replace(/[\u00a0\u202f]/g, " ").replace(/\s+/g, " ").trim();

describe("storefront blocks in sv, id and ja", () => {
  const env = useBrowserStack();
  let config: ProgramConfig;

  beforeAll(async () => {
    process.env.SHOPIFY_SANDBOX_URL = env.stack.sandbox.url;
    config = await startProgram(env.stack, (c) => ({ ...c, friendReward: { ...c.friendReward, type: "fixed_amount", amountMinor: 500, percent: undefined, minimumSubtotalMinor: 5000 } }));
    // The program's save queued the metafield sync: the worker writes the texts to the sandbox.
    await env.stack.drainJobs();
  });

  it.each([
    { locale: "sv", tag: "sv-SE", money: ["5,00 US$", "50,00 US$"], email: "E-post", claim: "Hämta min rabatt", heading: "En vän har skickat en gåva till dig" },
    { locale: "id", tag: "id-ID", money: ["US$5,00", "US$50,00"], email: "Email", claim: "Klaim diskon saya", heading: "Teman Anda mengirimkan hadiah" },
    { locale: "ja", tag: "ja-JP", money: ["$5.00", "$50.00"], email: "メールアドレス", claim: "割引を受け取る", heading: "お友達からプレゼントが届きました" },
  ])("$locale: the friend reads the offer and claims it in $locale", async ({ locale, tag, money, email, claim, heading }) => {
    const { stack } = env;
    const advocate = (await (await proxyPost(stack, "/advocate", { email: `ada-${locale}@example.com` })).json()) as { code: string };
    // Each friend on their own machine (the sandbox's stand-in for the shopper's IP).
    const ip = { sv: "198.51.100.31", id: "198.51.100.32", ja: "198.51.100.33" }[locale]!;
    const context = await env.browser.newContext({ userAgent: USER_AGENT, locale: tag, viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { "X-Sandbox-Client-Ip": ip } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${stack.sandbox.url}/storefront/${stack.shop}/apps/twofold/r/${advocate.code}`);

    const landing = page.locator('[data-twofold-block="landing"]');
    const offer = describeFriendOffer(config, locale);
    for (const amount of money) expect(plain(offer)).toContain(amount);
    await expect.poll(async () => plain(await landing.textContent())).toContain(plain(offer));
    expect(plain(await landing.getByRole("heading").first().textContent())).toBe(heading);

    await landing.getByLabel(email, { exact: true }).fill(`friend-${locale}@example.com`);
    await landing.getByRole("button", { name: claim }).click();
    const status = landing.locator("[data-twofold-status]");
    await expect.poll(async () => plain(await status.textContent()), { timeout: 15_000 }).toMatch(/FRIEND-[A-HJ-NP-Z2-9]{12}/);
    const code = /FRIEND-[A-HJ-NP-Z2-9]{12}/.exec(plain(await status.textContent()))![0];
    expect(plain(await status.textContent())).toBe(plain(translate(locale, "claim.ready", { code, offer })));

    // The claim keeps the friend's language (the storefront's full tag) for their emails.
    const referral = await stack.db.prisma.referral.findFirstOrThrow({ where: { shopId: stack.shop, friendEmail: `friend-${locale}@example.com` } });
    expect(referral.friendLocale).toBe(tag);
    await page.screenshot({ path: screenshotPath(`storefront-landing-${locale}`), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
