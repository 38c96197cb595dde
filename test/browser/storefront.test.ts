// A friend's whole visit in headless Chromium on the sandbox storefront: open the advocate's
// link, see the program's offer, claim it, and leave with the referral and the code on the cart.
import { beforeAll, describe, expect, it } from "vitest";
import { storefrontMetafields } from "../../app/program/storefront-program.server";
import { addCustomer } from "../../sandbox/admin/state";
import { newPage, screenshotPath, useBrowserStack } from "../helpers/browser";
import { proxyPost, startProgram } from "../storefront/helpers";

describe("storefront: friend arrives by referral link", () => {
  const env = useBrowserStack();

  beforeAll(async () => {
    const config = await startProgram(env.stack);
    // What the app writes to the app-data metafields when the program is saved.
    await fetch(`${env.stack.sandbox.url}/__sandbox/storefront/metafields`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: env.stack.shop, app: storefrontMetafields({ status: "active", config }, "Twofold Test Store") }),
    });
  });

  it("sees the offer, claims it, and the cart carries the referral attribute and the code", async () => {
    const link = (await (await proxyPost(env.stack, "/advocate", { email: "ada@example.com" })).json()) as { code: string; path: string };

    const page = await newPage(env.browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${env.stack.sandbox.url}/storefront/${env.stack.shop}${link.path}`);
    expect(new URL(page.url()).search).toBe(`?ref=${link.code}`);

    const landing = page.locator('[data-twofold-block="landing"]');
    await expect.poll(() => landing.getByText("Get 15% off your first order.").isVisible()).toBe(true);
    // A guest advocate: Shopify knows no first name, so the heading stays neutral (never the email).
    await expect(landing.getByRole("heading").first().textContent()).resolves.toMatch(/^\s*A friend sent you a gift\s*$/);
    await expect.poll(() => landing.locator("input[name=ref]").inputValue()).toBe(link.code);

    await landing.getByLabel("Email").fill("grace@example.com");
    await landing.getByRole("button", { name: "Claim my discount" }).click();
    const status = landing.locator("[data-twofold-status]");
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/^Your code FRIEND-[A-HJ-NP-Z2-9]{12} is ready: 15% off your first order\.$/);
    const code = /FRIEND-[A-HJ-NP-Z2-9]{12}/.exec((await status.textContent()) ?? "")![0];

    const cart = async () =>
      page.evaluate(async () => (await (await fetch("/cart.js")).json()) as { attributes: Record<string, string>; discount_codes: { code: string }[] });
    await expect.poll(async () => (await cart()).discount_codes.map((d) => d.code)).toEqual([code]);
    expect((await cart()).attributes._twofold_ref).toBe(link.code);
    expect(await page.evaluate(() => document.cookie)).toContain(`twofold_ref=${link.code}`);

    const referral = await env.stack.db.prisma.referral.findFirstOrThrow({ where: { friendEmail: "grace@example.com" } });
    expect(referral.friendCode).toBe(code);
    expect(await env.stack.db.prisma.referralClick.count()).toBe(1);
    await page.screenshot({ path: screenshotPath("storefront-friend-claim"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("a claim whose code is still being made says so, and the block asks again until the code is on the cart", async () => {
    const link = (await (await proxyPost(env.stack, "/advocate", { email: "ada.late@example.com" })).json()) as { code: string; path: string };
    // The worker is busy elsewhere: the claim's answer comes before the code.
    await env.stack.stopClaimWorker();
    try {
      const page = await newPage(env.browser);
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${env.stack.sandbox.url}/storefront/${env.stack.shop}${link.path}`);
      const landing = page.locator('[data-twofold-block="landing"]');
      await expect.poll(() => landing.locator("input[name=ref]").inputValue()).toBe(link.code);
      await landing.getByLabel("Email").fill("hedy@example.com");
      await landing.getByRole("button", { name: "Claim my discount" }).click();
      const status = landing.locator("[data-twofold-status]");
      await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe("Your code for 15% off your first order is on its way. One moment…");
      env.stack.startClaimWorker();
      await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/^Your code FRIEND-[A-HJ-NP-Z2-9]{12} is ready: 15% off your first order\.$/);
      const code = /FRIEND-[A-HJ-NP-Z2-9]{12}/.exec((await status.textContent()) ?? "")![0];
      await expect
        .poll(async () => (await page.evaluate(async () => (await (await fetch("/cart.js")).json()) as { discount_codes: { code: string }[] })).discount_codes.map((d) => d.code))
        .toEqual([code]);
      expect(errors).toEqual([]);
    } finally {
      env.stack.startClaimWorker();
    }
  });

  it("on a page with only the app embed: no request without ?ref=, and ?ref= kept in the cookie and the cart with one request", async () => {
    const link = (await (await proxyPost(env.stack, "/advocate", { email: "embed-only@example.com" })).json()) as { code: string };
    const page = await newPage(env.browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const requests: string[] = [];
    page.on("request", (request) => requests.push(new URL(request.url()).pathname));
    const base = `${env.stack.sandbox.url}/storefront/${env.stack.shop}`;
    const settled = () => page.waitForLoadState("networkidle");

    await page.goto(`${base}?sandbox_embed_only=1`);
    await settled();
    expect(requests).toEqual([`/storefront/${env.stack.shop}`]); // the page itself, nothing else
    expect(await page.evaluate(() => document.cookie)).not.toContain("twofold_ref");

    requests.length = 0;
    await page.goto(`${base}?sandbox_embed_only=1&ref=${link.code}`);
    await expect.poll(() => page.evaluate(() => document.cookie)).toContain(`twofold_cart_ref=${link.code}`);
    await settled();
    expect(requests).toEqual([`/storefront/${env.stack.shop}`, "/cart/update.js"]);
    expect(await page.evaluate(() => document.cookie)).toContain(`twofold_ref=${link.code}`);
    const cart = (await page.evaluate(async () => (await (await fetch("/cart.js")).json()) as { attributes: Record<string, string> })).attributes;
    expect(cart._twofold_ref).toBe(link.code);

    // The same link again: the cart already carries it, so no second update.
    requests.length = 0;
    await page.goto(`${base}?sandbox_embed_only=1&ref=${link.code}`);
    await settled();
    expect(requests).toEqual([`/storefront/${env.stack.shop}`]);
    expect(errors).toEqual([]);
  });

  it("an advocate gets their link with a Copy button; a friend sees who sent it; the advocate on their own link sees their share panel", async () => {
    const { stack } = env;
    const shopState = stack.sandbox.state.shops.get(stack.shop)!;
    const ada = addCustomer(stack.sandbox.state, shopState, { id: "7100000000000000001", email: "ada.lovelace@example.com", firstName: "Ada" });
    const storefront = `${stack.sandbox.url}/storefront/${stack.shop}`;
    const shopUrl = storefront; // the sandbox's stand-in for the shop's primary domain (Liquid's shop.url)

    // Ada, logged in, asks for her link on the home page.
    const page = await newPage(env.browser);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.sandbox.url });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${storefront}?as_customer=${ada.id.split("/").pop()}`);
    const block = page.locator('[data-twofold-block="advocate"]');
    await block.getByRole("button", { name: "Get my link" }).click();
    const shown = block.locator("[data-twofold-status] input");
    await expect.poll(() => shown.inputValue(), { timeout: 15_000 }).toMatch(/\/apps\/twofold\/r\/[A-Z0-9-]+$/);
    const link = await shown.inputValue();
    const code = link.split("/").pop()!;
    // One form of the link: the shop's storefront address and the app proxy path, as the block renders it.
    expect(link).toBe(`${shopUrl}/apps/twofold/r/${code}`);
    const copy = block.locator("[data-twofold-status] button");
    await expect(copy.textContent()).resolves.toBe("Copy link");
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe("Copied!");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await page.screenshot({ path: screenshotPath("storefront-advocate-copy"), fullPage: true });

    // The identity job reads her first name from Shopify; the code job writes her metafield.
    await stack.drainJobs();
    await page.reload();
    await expect.poll(() => block.locator("input[readonly]").first().inputValue()).toBe(link); // server-rendered: the same link

    // A friend opens the link: the landing names Ada, never her email.
    const friend = await newPage(env.browser);
    await friend.goto(`${storefront}/apps/twofold/r/${code}`);
    const landing = friend.locator('[data-twofold-block="landing"]');
    await expect.poll(() => landing.getByRole("heading").first().textContent(), { timeout: 10_000 }).toMatch(/^\s*Ada sent you a gift\s*$/);
    expect(await landing.textContent()).not.toContain("ada.lovelace@example.com");
    await friend.screenshot({ path: screenshotPath("storefront-friend-named"), fullPage: true });

    // Ada opens her own link: her share panel, not the friend's offer.
    await page.goto(`${storefront}/apps/twofold/r/${code}`);
    const own = page.locator('[data-twofold-block="landing"]');
    await expect.poll(() => own.getByText("This is your own referral link").isVisible()).toBe(true);
    await expect(own.getByRole("button", { name: "Claim my discount" }).isVisible()).resolves.toBe(false);
    await expect(own.locator("[data-twofold-own] input").inputValue()).resolves.toBe(link);
    await page.screenshot({ path: screenshotPath("storefront-own-link"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("styles the sandbox storefront's Add to cart like a button", async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.stack.sandbox.url}/storefront/${env.stack.shop}/products/demo`);
    const button = page.getByRole("button", { name: "Add to cart" }).first();
    const style = await button.evaluate((b) => { const s = getComputedStyle(b); return { bg: s.backgroundColor, color: s.color, radius: s.borderTopLeftRadius, border: s.borderTopStyle }; });
    expect(style).toEqual({ bg: "rgb(26, 26, 26)", color: "rgb(255, 255, 255)", radius: "6px", border: "none" });
  });
});
