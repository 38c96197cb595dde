// The customer account extension on the sandbox's customer-account page, in Chromium: the
// built bundle runs with the sandbox's stand-in for Shopify's runtime (session token for the
// logged-in customer, the extension's own locale files) on the sandbox's origin, and the page
// it renders comes from the running app through CORS. Everything the advocate sees was made
// through the app's entry points: their first visit creates the advocate, friends' paid
// orders arrive as signed webhooks, the jobs issue and hold the rewards.
import { beforeAll, describe, expect, it } from "vitest";
import type { Frame, Page } from "playwright-core";
import { addCustomer } from "../../sandbox/admin/state";
import { orderPayload, randomShopifyId } from "../../sandbox/storefront/payloads";
import { signJwtHs256 } from "../../sandbox/storefront/session-token";
import { createAdminClient } from "../../app/shopify/admin-client.server";
import { creditStoreCredit } from "../../app/shopify/store-credit.server";
import { newPage, screenshotPath, useBrowserStack } from "../helpers/browser";
import { sandboxCustomer } from "../pipeline/pipeline-fixtures";
import { startProgram } from "../storefront/helpers";

const ALICE_ID = "6001";
const ALICE = `gid://shopify/Customer/${ALICE_ID}`;

async function accountFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[data-extension-target="customer-account.page.render"]');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error("no extension frame");
  return frame;
}

describe("customer account extension on the sandbox customer-account page", () => {
  const env = useBrowserStack({ shop: { customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS" } });
  let code = "";

  beforeAll(async () => {
    const { stack } = env;
    process.env.SHOPIFY_SANDBOX_URL = stack.sandbox.url;
    const rewardIn = (holdDays: number) =>
      startProgram(stack, (c) => ({ ...c, advocateReward: { ...c.advocateReward, kind: "store_credit", amountMinor: 1000, holdDays } }));
    await rewardIn(0);
    addCustomer(stack.sandbox.state, stack.sandbox.state.shops.get(stack.shop)!, { id: ALICE_ID, email: "alice@example.com", firstName: "Alice", lastName: "Martin" });

    // Alice's first visit to the page: the app makes her advocate and shows her link.
    const page = await newPage(env.browser);
    await page.goto(`${stack.sandbox.url}/storefront/${stack.shop}/account/referrals?as_customer=${ALICE_ID}`);
    const frame = await accountFrame(page);
    await frame.waitForSelector("s-clipboard-item[text]", { state: "attached", timeout: 30_000 });
    expect(await frame.locator("body").innerText()).toContain("No friends yet.");
    code = /\/r\/(\S+)$/.exec((await frame.locator("s-clipboard-item").getAttribute("text")) ?? "")![1];
    await page.context().close();

    // Two friends order with her code on the cart (as the app embed leaves it): the first
    // while rewards are paid at once, the second under a 14-day hold.
    const friendOrder = async (email: string) => {
      const friend = sandboxCustomer(stack.sandbox.state, stack.shop, email);
      const order = orderPayload({ id: randomShopifyId(), customer: { id: friend.id, email }, email, noteAttributes: [{ name: "_twofold_ref", value: code }], lineItems: [{ title: "Shoes", price: "80.00" }] });
      expect((await stack.deliver({ topic: "orders/paid", payload: order })).status).toBe(200);
      await stack.drainJobs();
    };
    await friendOrder("jane.doe@example.com");
    await rewardIn(14);
    await friendOrder("marc_petit@example.fr");

    // The merchant adds $2.50 by hand in Shopify's admin: the page shows Shopify's balance.
    await creditStoreCredit(createAdminClient({ shop: stack.shop, accessToken: stack.accessToken, sandboxUrl: stack.sandbox.url }), {
      ownerId: ALICE,
      amount: { minorUnits: 250, currencyCode: "USD" },
    });
  });

  it("shows the advocate's link, share actions with the share message, friends by initials, rewards and store credit", async () => {
    const { stack } = env;
    const page = await newPage(env.browser);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.sandbox.url });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`${stack.sandbox.url}/storefront/${stack.shop}/account/referrals?as_customer=${ALICE_ID}`);
    expect(await page.locator("[data-sandbox-customer]").innerText()).toContain("alice@example.com");
    const frame = await accountFrame(page);
    expect(new URL(frame.url()).origin).not.toBe(new URL(stack.app.url).origin);

    await frame.waitForSelector("s-avatar", { state: "attached", timeout: 30_000 });
    expect(await frame.locator("s-avatar").count()).toBe(2);
    expect(await frame.locator("s-page").getAttribute("heading")).toBe("Refer a friend");
    const link = `https://${stack.shop}/apps/twofold/r/${code}`;
    expect(await frame.locator("s-text-field").getAttribute("value")).toBe(link);
    expect(await frame.locator("s-clipboard-item").getAttribute("text")).toBe(link);
    const body = await frame.locator("body").innerText();
    expect(body).toContain(`Your code: ${code}`);
    expect(body).toContain("$12.50"); // Shopify's balance, not the ledger's $10.00
    expect(body).toContain("$10.00 store credit"); // one received, one on the way
    expect(await frame.locator("s-list-item").allInnerTexts()).toEqual(["$10.00 store credit", "$10.00 store credit"]);
    expect(await frame.locator('s-section[heading="2 friends referred"]').count()).toBe(1);
    expect(body).not.toMatch(/@|jane|marc/i);
    expect(await frame.locator("s-avatar").evaluateAll((els) => els.map((e) => e.getAttribute("initials")))).toEqual(["MP", "JD"]);
    expect(await frame.locator("s-badge").allInnerTexts()).toEqual(["Reward pending", "Rewarded"]);
    expect(await frame.evaluate(() => (window as unknown as { __sandboxExtension: { missingTranslations: string[] } }).__sandboxExtension.missingTranslations)).toEqual([]);

    const hrefs = await frame.locator('s-button[target="_blank"]').evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? ""));
    expect(hrefs).toHaveLength(5);
    const encodedLink = encodeURIComponent(link);
    expect(hrefs[0]).toMatch(/^mailto:\?subject=A%20gift%20for%20you/);
    expect(hrefs.find((h) => h.startsWith("https://wa.me/?text="))).toContain(encodedLink);
    expect(hrefs.find((h) => h.startsWith("https://x.com/intent/post?text="))).toContain(encodedLink);
    expect(hrefs.find((h) => h.startsWith("https://www.facebook.com/sharer/sharer.php?u="))).toContain(encodedLink);
    expect(hrefs.find((h) => h.startsWith("sms:"))).toContain(encodedLink);

    await page.screenshot({ path: screenshotPath("customer-account-page"), fullPage: true });

    // Copy: the link lands on the clipboard and Shopify's toast says so.
    await frame.getByRole("button", { name: "Copy link" }).click();
    await expect.poll(() => page.locator(".toast").allInnerTexts()).toEqual(["Link copied"]);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    expect(errors).toEqual([]);
  });

  it("speaks the customer's language with ?locale=fr", async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.stack.sandbox.url}/storefront/${env.stack.shop}/account?as_customer=${ALICE_ID}&locale=fr`);
    const frame = await accountFrame(page);
    await frame.waitForSelector("s-avatar", { state: "attached", timeout: 30_000 });
    expect(await frame.locator("s-page").getAttribute("heading")).toBe("Parrainez un ami");
    const body = await frame.locator("body").innerText();
    expect(body).toContain(`Votre code : ${code}`);
    expect(body).toMatch(/12,50\s*\$/);
    expect(await frame.locator('s-section[heading="2 amis parrainés"]').count()).toBe(1);
  });

  it.each([
    { locale: "sv", heading: "Värva en vän", code: "Din kod:", friends: "2 vänner värvade", balance: /12,50\s*US\$/, earned: "10,00 US$ i butikskredit", onHold: "Väntar till" },
    { locale: "id", heading: "Ajak teman", code: "Kode Anda:", friends: "2 teman diajak", balance: /US\$\s*12,50/, earned: "Kredit toko US$10,00", onHold: "Ditahan sampai" },
    { locale: "ja", heading: "お友達を紹介", code: "あなたのコード：", friends: "2人のお友達を紹介", balance: /\$12\.50/, earned: "$10.00分のストアクレジット", onHold: "まで保留" },
  ])("speaks $locale with its money and dates (?locale=$locale)", async ({ locale, heading, code: codeLabel, friends, balance, earned, onHold }) => {
    const page = await newPage(env.browser);
    await page.goto(`${env.stack.sandbox.url}/storefront/${env.stack.shop}/account?as_customer=${ALICE_ID}&locale=${locale}`);
    const frame = await accountFrame(page);
    await frame.waitForSelector("s-avatar", { state: "attached", timeout: 30_000 });
    expect(await frame.locator("s-page").getAttribute("heading")).toBe(heading);
    const body = (await frame.locator("body").innerText()).replace(/[\u00a0\u202f]/g, " ");
    expect(body).toContain(`${codeLabel} ${code}`.replace("： ", "："));
    expect(body).toMatch(balance);
    expect(body).toContain(earned.replace(/[\u00a0\u202f]/g, " "));
    expect(await frame.locator(`s-section[heading="${friends}"]`).count()).toBe(1);
    // The held reward's date, as the extension's i18n formats it for this language.
    const held = await env.stack.db.prisma.reward.findFirstOrThrow({ where: { shopId: env.stack.shop, recipient: "advocate", status: "held" } });
    const date = new Intl.DateTimeFormat(locale, { timeZone: "UTC" }).format(held.holdUntil!).replace(/[\u00a0\u202f]/g, " ");
    expect(body).toContain(onHold);
    expect(body).toContain(date);
    expect(await frame.evaluate(() => (window as unknown as { __sandboxExtension: { missingTranslations: string[] } }).__sandboxExtension.missingTranslations)).toEqual([]);
    await page.screenshot({ path: screenshotPath(`customer-account-page-${locale}`), fullPage: true });
    await page.close();
  });

  it("shows an error, not someone's data, when the token is not the app's", async () => {
    const page = await newPage(env.browser);
    // A token for Alice signed with another secret, in place of the sandbox's.
    await page.route("**/__sandbox/extension-session-token", (route) => {
      const now = Math.floor(Date.now() / 1000);
      const token = signJwtHs256({ iss: `https://${env.stack.shop}/admin`, dest: `https://${env.stack.shop}`, aud: "twofold-test-key", sub: ALICE, exp: now + 300, nbf: now, iat: now, jti: "forged" }, "forged-secret");
      return route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ token }) });
    });
    await page.goto(`${env.stack.sandbox.url}/storefront/${env.stack.shop}/account/referrals?as_customer=${ALICE_ID}`);
    const frame = await accountFrame(page);
    await frame.waitForSelector("s-banner", { state: "attached", timeout: 30_000 });
    const body = await frame.locator("body").innerText();
    expect(body).toContain("can't be loaded");
    expect(body).not.toContain(code);
  });

  it("asks a visitor who is not logged in to log in first", async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.stack.sandbox.url}/storefront/${env.stack.shop}/account`);
    await page.getByRole("link", { name: /alice@example\.com/ }).click();
    const frame = await accountFrame(page);
    await frame.waitForSelector("s-avatar", { state: "attached", timeout: 30_000 });
    expect(await frame.locator("s-text-field").getAttribute("value")).toBe(`https://${env.stack.shop}/apps/twofold/r/${code}`);
  });
});
