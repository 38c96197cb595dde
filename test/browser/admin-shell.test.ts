// The embedded admin in headless Chromium, framed by the sandbox the way Shopify's admin
// frames it (id_token signed with the app secret, App Bridge served by the sandbox).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, screenshotPath } from "../helpers/browser";
import { startStack, type Stack } from "../helpers/stack";

describe("embedded admin shell", () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("renders the Polaris home page inside the admin frame with App Bridge", async () => {
    const page = await newPage(browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${stack.sandbox.url}/admin/apps/twofold?shop=${stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.getByText("Referral program").isVisible(), { timeout: 30_000 }).toBe(true);
    await expect(frame.getByText(`Connected to ${stack.shop}.`).isVisible()).resolves.toBe(true);
    await expect(frame.getByText("Not set up").isVisible()).resolves.toBe(true);
    // App Bridge stand-in is loaded in the app's document, as Shopify's CDN script would be.
    const appFrame = page.frames().find((f) => f.url().startsWith(stack.app.url));
    expect(appFrame).toBeDefined();
    expect(await appFrame!.evaluate(() => typeof (window as unknown as { shopify?: { idToken?: unknown } }).shopify?.idToken)).toBe("function");
    await page.screenshot({ path: screenshotPath("admin-shell"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("refuses the admin page without a session token", async () => {
    const res = await fetch(`${stack.app.url}/app?shop=${stack.shop}&embedded=1`, { redirect: "manual" });
    expect([302, 401, 410]).toContain(res.status);
    expect(await res.text()).not.toContain("Referral program");
  });
});
