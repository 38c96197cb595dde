// The embedded admin in headless Chromium, framed by the sandbox the way Shopify's admin
// frames it (id_token signed with the app secret, App Bridge served by the sandbox).
import { describe, expect, it } from "vitest";
import { newPage, screenshotPath, useBrowserStack } from "../helpers/browser";

describe("embedded admin shell", () => {
  const env = useBrowserStack();

  it("renders the Polaris home page inside the admin frame with App Bridge", async () => {
    const page = await newPage(env.browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.getByText("Referral program").isVisible(), { timeout: 30_000 }).toBe(true);
    await expect(frame.getByText(`Connected to ${env.stack.shop}.`).isVisible()).resolves.toBe(true);
    await expect(frame.getByText("Not set up").isVisible()).resolves.toBe(true);
    // App Bridge stand-in is loaded in the app's document, as Shopify's CDN script would be.
    const appFrame = page.frames().find((f) => f.url().startsWith(env.stack.app.url));
    expect(appFrame).toBeDefined();
    expect(await appFrame!.evaluate(() => typeof (window as unknown as { shopify?: { idToken?: unknown } }).shopify?.idToken)).toBe("function");
    // The app's navigation is drawn by the admin beside the frame, not as links in the app.
    const nav = page.getByRole("navigation", { name: "Twofold" });
    await expect.poll(() => nav.getByRole("link").allTextContents(), { timeout: 10_000 }).toEqual(["Home", "Program", "Review", "Advocates", "Fraud checks", "Emails", "Export", "Webhooks", "Privacy requests", "Background jobs"]);
    expect(await nav.getByRole("link", { name: "Home" }).getAttribute("aria-current")).toBe("page");
    expect(await frame.locator("ui-nav-menu").isVisible()).toBe(false);
    await page.screenshot({ path: screenshotPath("admin-shell"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("says in a sentence when no job needs attention", async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/jobs?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.getByText("No jobs need attention").isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await frame.locator("body").innerText()).not.toMatch(/No jobs:/);
  });

  it("refuses the admin page without a session token", async () => {
    const res = await fetch(`${env.stack.app.url}/app?shop=${env.stack.shop}&embedded=1`, { redirect: "manual" });
    expect([302, 401, 410]).toContain(res.status);
    expect(await res.text()).not.toContain("Referral program");
  });

  it("logs one line per request with no token in it, after the admin has been opened", async () => {
    const log = env.stack.app.output();
    const requests = log
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { msg: string; method: string; path: string; status: number; ms: number; shop?: string })
      .filter((entry) => entry.msg === "request");
    // The frame's document load is the request that carries id_token in its query.
    expect(requests.find((r) => r.path === "/app" && r.status === 200)).toMatchObject({ method: "GET", shop: env.stack.shop });
    for (const r of requests) expect(Object.keys(r).sort()).toEqual(expect.arrayContaining(["level", "method", "ms", "path", "status", "time"]));
    expect(log).not.toMatch(/id_token=|hmac=|session=/);
    expect(log).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/); // a JWT, wherever it would come from
  });
});
