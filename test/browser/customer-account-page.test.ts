// The customer account extension's built bundle in headless Chromium, on an origin other than
// the app's (as on Shopify, where it runs on Shopify's): a stand-in for Shopify's `shopify`
// global gives it a session token and the English locale file, and the page it renders
// comes from the running app through CORS. Checks what the advocate sees and can click.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signJwtHs256 } from "../../sandbox/storefront/session-token";
import { addCustomer } from "../../sandbox/admin/state";
import { createAdminClient } from "../../app/shopify/admin-client.server";
import { creditStoreCredit } from "../../app/shopify/store-credit.server";
import { buildExtensions } from "../../scripts/build-extensions.mjs";
import { TEST_API_KEY, TEST_API_SECRET } from "../helpers/app-server";
import { launchBrowser, newPage, screenshotPath } from "../helpers/browser";
import { ROOT } from "../helpers/db";
import { startStack, type Stack } from "../helpers/stack";
import { startProgram } from "../storefront/helpers";

const ALICE = "gid://shopify/Customer/6001";

function token(shop: string, secret = TEST_API_SECRET): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwtHs256({ dest: shop, aud: TEST_API_KEY, sub: ALICE, exp: now + 300, nbf: now - 5, iat: now - 5, jti: randomUUID() }, secret);
}

// What Shopify gives the module: the session token, the language, the logged-in customer,
// translations from the extension's own locale file ({{placeholders}}, one/other plurals).
const SHOPIFY_STUB = `
  const en = await (await fetch("/en.default.json")).json();
  const lookup = (key) => key.split(".").reduce((o, k) => (o == null ? o : o[k]), en);
  globalThis.shopify = {
    extension: { target: "customer-account.page.render" },
    sessionToken: { get: async () => window.TOKEN },
    localization: { language: { value: { isoCode: "en" } } },
    authenticatedAccount: { customer: { value: { id: ${JSON.stringify(ALICE)} } } },
    settings: { value: {} },
    toast: { show: (m) => (window.TOASTS = [...(window.TOASTS || []), m]) },
    i18n: {
      formatDate: (d, o) => d.toISOString().slice(0, 10),
      translate: (key, o = {}) => {
        let text = lookup(key);
        if (text && typeof text === "object") text = text[o.count === 1 ? "one" : "other"];
        if (typeof text !== "string") return "MISSING:" + key;
        return text.replace(/\\{\\{\\s*(\\w+)\\s*\\}\\}/g, (_, n) => String(o[n]));
      },
    },
  };
`;

describe("customer account extension in a browser", () => {
  let stack: Stack;
  let browser: Browser;
  let host: http.Server;
  let hostUrl: string;

  beforeAll(async () => {
    stack = await startStack();
    process.env.SHOPIFY_SANDBOX_URL = stack.sandbox.url;
    await startProgram(stack);
    const prisma = stack.db.prisma;
    const program = await prisma.program.findUniqueOrThrow({ where: { shopId: stack.shop } });
    const advocate = await prisma.advocate.create({ data: { shopId: stack.shop, customerGid: ALICE, code: "ALICEB" } });
    const friends = [["jane.doe@example.com", "rewarded"], ["marc_petit@example.fr", "held"]] as const;
    for (const [i, [email, status]] of friends.entries()) {
      const referral = await prisma.referral.create({
        data: { shopId: stack.shop, advocateId: advocate.id, programVersionId: program.currentVersionId!, friendEmail: email, status, createdAt: new Date(Date.now() - (5 - i) * 86_400_000) },
      });
      await prisma.reward.create({
        data: {
          shopId: stack.shop, referralId: referral.id, idempotencyKey: `${referral.id}:advocate`, recipient: "advocate", kind: "store_credit",
          status: status === "rewarded" ? "issued" : "held", amountMinor: 1000n, currency: "USD", customerGid: ALICE,
          issuedAt: status === "rewarded" ? new Date() : null,
        },
      });
    }
    addCustomer(stack.sandbox.state, stack.sandbox.state.shops.get(stack.shop)!, { id: 6001, email: "alice@example.com" });
    await creditStoreCredit(createAdminClient({ shop: stack.shop, accessToken: stack.accessToken, sandboxUrl: stack.sandbox.url }), {
      ownerId: ALICE,
      amount: { minorUnits: 1250, currencyCode: "USD" },
    });

    const built = (await buildExtensions({ write: false, appUrl: stack.app.url })).find((b) => b.name === "twofold-customer-account")!;
    const locale = fs.readFileSync(path.join(ROOT, "extensions/twofold-customer-account/locales/en.default.json"));
    host = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname === "/ext.js") return res.writeHead(200, { "Content-Type": "text/javascript" }).end(built.code);
      if (url.pathname === "/en.default.json") return res.writeHead(200, { "Content-Type": "application/json" }).end(locale);
      const html = `<!doctype html><html><body><script>window.TOKEN = ${JSON.stringify(url.searchParams.get("token") ?? "")};</script>
        <script type="module">${SHOPIFY_STUB}
        const { default: extension } = await import("/ext.js"); extension();</script></body></html>`;
      res.writeHead(200, { "Content-Type": "text/html" }).end(html);
    });
    await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    delete process.env.SHOPIFY_SANDBOX_URL;
    await browser?.close();
    await new Promise((resolve) => host?.close(resolve));
    await stack?.stop();
  });

  it("shows the advocate's link, share actions with the share message, friends by initials, rewards and store credit", async () => {
    const page = await newPage(browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${hostUrl}/?token=${encodeURIComponent(token(stack.shop))}`);
    expect(new URL(page.url()).origin).not.toBe(new URL(stack.app.url).origin);

    // Unregistered custom elements here: Preact writes the components' props as attributes.
    await page.waitForSelector("s-avatar", { state: "attached", timeout: 30_000 });
    expect(await page.locator("s-avatar").count()).toBe(2);
    expect(await page.locator("s-page").getAttribute("heading")).toBe("Refer a friend");
    const link = `https://${stack.shop}/apps/twofold/r/ALICEB`;
    expect(await page.locator("s-text-field").getAttribute("value")).toBe(link);
    expect(await page.locator("s-clipboard-item").getAttribute("text")).toBe(link);
    const body = await page.locator("body").innerText();
    expect(body).toContain("Your code: ALICEB");
    expect(body).toContain("$12.50"); // Shopify's balance, not the ledger's $10.00
    expect(body).toContain("$10.00 store credit");
    expect(await page.locator('s-section[heading="2 friends referred"]').count()).toBe(1);
    expect(body).not.toMatch(/MISSING:|@|jane|marc/i);
    expect(await page.locator("s-avatar").evaluateAll((els) => els.map((e) => e.getAttribute("initials")))).toEqual(["MP", "JD"]);

    const hrefs = await page.locator('s-button[target="_blank"]').evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? ""));
    expect(hrefs).toHaveLength(5);
    const encodedLink = encodeURIComponent(link);
    expect(hrefs[0]).toMatch(/^mailto:\?subject=A%20gift%20for%20you/);
    expect(hrefs.find((h) => h.startsWith("https://wa.me/?text="))).toContain(encodedLink);
    expect(hrefs.find((h) => h.startsWith("https://x.com/intent/post?text="))).toContain(encodedLink);
    expect(hrefs.find((h) => h.startsWith("https://www.facebook.com/sharer/sharer.php?u="))).toContain(encodedLink);
    expect(hrefs.find((h) => h.startsWith("sms:"))).toContain(encodedLink);
    await page.screenshot({ path: screenshotPath("customer-account-page"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("shows an error, not someone's data, when the token is not the app's", async () => {
    const page = await newPage(browser);
    await page.goto(`${hostUrl}/?token=${encodeURIComponent(token(stack.shop, "forged-secret"))}`);
    await page.waitForSelector("s-banner", { state: "attached", timeout: 30_000 });
    expect(await page.locator("body").innerText()).not.toContain("ALICEB");
  });
});
