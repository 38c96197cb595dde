// A friend's whole visit in headless Chromium on the sandbox storefront: open the advocate's
// link, see the program's offer, claim it, and leave with the referral and the code on the cart.
import { describe, expect, it } from "vitest";
import { storefrontMetafields } from "../../app/program/storefront-program.server";
import { newPage, screenshotPath, useBrowserStack } from "../helpers/browser";
import { proxyPost, startProgram } from "../storefront/helpers";

describe("storefront: friend arrives by referral link", () => {
  const env = useBrowserStack();

  it("sees the offer, claims it, and the cart carries the referral attribute and the code", async () => {
    const config = await startProgram(env.stack);
    // What the app writes to the app-data metafields when the program is saved.
    await fetch(`${env.stack.sandbox.url}/__sandbox/storefront/metafields`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: env.stack.shop, app: storefrontMetafields({ status: "active", config }, "Twofold Test Store") }),
    });
    const link = (await (await proxyPost(env.stack, "/advocate", { email: "ada@example.com" })).json()) as { code: string; path: string };

    const page = await newPage(env.browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${env.stack.sandbox.url}/storefront/${env.stack.shop}${link.path}`);
    expect(new URL(page.url()).search).toBe(`?ref=${link.code}`);

    const landing = page.locator('[data-twofold-block="landing"]');
    await expect.poll(() => landing.getByText("Get 15% off your first order.").isVisible()).toBe(true);
    await expect.poll(() => landing.locator("input[name=ref]").inputValue()).toBe(link.code);

    await landing.getByLabel("Email").fill("grace@example.com");
    await landing.getByRole("button", { name: "Claim my discount" }).click();
    const status = landing.locator("[data-twofold-status]");
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/^Your code TWOFOLD-[A-Z2-7]{12} is ready: 15% off your first order\.$/);
    const code = /TWOFOLD-[A-Z2-7]{12}/.exec((await status.textContent()) ?? "")![0];

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
});
