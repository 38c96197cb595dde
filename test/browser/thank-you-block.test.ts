// The checkout extension on the sandbox's thank-you page, in Chromium: the built bundle runs
// with the sandbox's stand-in for Shopify's runtime and asks the real app for the buyer's
// link. The app creates the advocate on that call (logged-in buyer by the token's customer,
// guest by the checkout email); the test only places the order in the sandbox's own state.
import { describe, expect, it, beforeAll } from "vitest";
import type { Frame, Page } from "playwright-core";
import { addCustomer, type SandboxOrder } from "../../sandbox/admin/state";
import { randomShopifyId } from "../../sandbox/storefront/payloads";
import { newPage, screenshotPath, useBrowserStack } from "../helpers/browser";
import { startProgram } from "../storefront/helpers";

/** An order as the sandbox checkout records it (sandbox data, not the app's). */
function placeOrder(env: { stack: { sandbox: { state: import("../../sandbox/admin/state").SandboxState }; shop: string } }, order: Partial<SandboxOrder> & { email: string }): SandboxOrder {
  const id = randomShopifyId();
  const full: SandboxOrder = {
    id: `gid://shopify/Order/${id}`,
    number: 1001,
    name: "#1001",
    createdAt: new Date().toISOString(),
    processedAt: new Date().toISOString(),
    customerId: null,
    currencyCode: "USD",
    presentmentCurrencyCode: "USD",
    lines: [
      { id: `gid://shopify/LineItem/${randomShopifyId()}`, title: "Trail running shoes", quantity: 1, priceMinor: 8900, productId: "gid://shopify/Product/1", variantId: "gid://shopify/ProductVariant/1", sku: "TRS-42" },
      { id: `gid://shopify/LineItem/${randomShopifyId()}`, title: "Merino socks", quantity: 2, priceMinor: 1200, productId: "gid://shopify/Product/2", variantId: "gid://shopify/ProductVariant/2", sku: "MS-M" },
    ],
    subtotalMinor: 11300,
    shippingMinor: 0,
    discounts: [{ code: "WELCOME10", discountId: "gid://shopify/DiscountCodeNode/1", type: "fixed_amount", amountMinor: 1000 }],
    totalDiscountsMinor: 1000,
    storeCreditMinor: 0,
    totalMinor: 10300,
    noteAttributes: [],
    note: null,
    landingSite: "/",
    referringSite: null,
    browserIp: "203.0.113.7",
    userAgent: null,
    locale: "en",
    financialStatus: "paid",
    cancelledAt: null,
    cancelReason: null,
    refunds: [],
    ...order,
  };
  env.stack.sandbox.state.shops.get(env.stack.shop)!.orders.set(full.id, full);
  return full;
}

async function extensionFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[data-extension-target="purchase.thank-you.block.render"]');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error("no extension frame");
  return frame;
}

async function shownLink(frame: Frame): Promise<{ link: string; code: string; text: string; shares: Record<string, string> }> {
  await frame.waitForSelector("s-text-field[value]", { state: "attached", timeout: 30_000 });
  const link = (await frame.locator("s-text-field").getAttribute("value")) ?? "";
  const text = await frame.locator("body").innerText();
  const code = /Your code: (\S+)/.exec(text)?.[1] ?? "";
  const shares = Object.fromEntries(
    await frame.locator('s-link[target="_blank"]').evaluateAll((els) => els.map((e) => [e.textContent?.trim() ?? "", e.getAttribute("href") ?? ""])),
  );
  return { link, code, text, shares };
}

describe("checkout extension on the sandbox thank-you page", () => {
  const env = useBrowserStack();

  beforeAll(async () => {
    process.env.SHOPIFY_SANDBOX_URL = env.stack.sandbox.url;
    await startProgram(env.stack, (c) => ({ ...c, advocateReward: { ...c.advocateReward, kind: "store_credit", amountMinor: 1000 } }));
  });

  it("shows a logged-in buyer the order and their own referral link, code and share buttons, made by the app for their customer", async () => {
    const { stack } = env;
    const shop = stack.sandbox.state.shops.get(stack.shop)!;
    const alice = addCustomer(stack.sandbox.state, shop, { id: randomShopifyId().toString(), email: "alice@example.com", firstName: "Alice", lastName: "Martin" });
    const order = placeOrder(env, { email: "alice@example.com", customerId: alice.id });
    const orderId = order.id.split("/").pop()!;

    const page = await newPage(env.browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`${stack.sandbox.url}/storefront/${stack.shop}/checkouts/thank-you/${orderId}?as_customer=${alice.id.split("/").pop()}`);

    // What Shopify's thank-you page shows around the block.
    const summary = await page.locator("body").innerText();
    expect(summary).toContain("Order #1001");
    expect(summary).toContain("Thank you, Alice!");
    expect(summary).toContain("alice@example.com");
    expect(summary).toContain("Trail running shoes");
    expect(summary).toContain("WELCOME10");
    expect(summary).toMatch(/Total\s+USD \$103\.00/);

    const frame = await extensionFrame(page);
    const shown = await shownLink(frame);
    expect(shown.code).toMatch(/^[A-Z0-9]{4,}$/);
    expect(shown.link).toBe(`https://${stack.shop}/apps/twofold/r/${shown.code}`);
    expect(await frame.locator("s-clipboard-item").getAttribute("text")).toBe(shown.link);
    expect(await frame.locator("s-section").getAttribute("heading")).toBe("Share and earn");
    expect(shown.text).toContain("Give your friends 15% off");
    expect(shown.text).toContain("Give your friends 15% off their first order. You get $10.00 in store credit for each friend who places their first order.");
    expect(shown.text).not.toMatch(/first order when/);
    expect(Object.keys(shown.shares)).toEqual(["Email", "WhatsApp", "X", "Facebook"]);
    const encoded = encodeURIComponent(shown.link);
    expect(shown.shares.Email).toMatch(/^mailto:\?subject=A%20gift%20for%20you/);
    expect(shown.shares.WhatsApp).toContain(encoded);
    expect(shown.shares.X).toContain(encoded);
    expect(shown.shares.Facebook).toBe(`https://www.facebook.com/sharer/sharer.php?u=${encoded}`);
    expect(await frame.getByRole("button", { name: "Copy link" }).isVisible()).toBe(true);

    // The app made the advocate for the token's customer, and gives the same link again.
    const advocate = await stack.db.prisma.advocate.findFirstOrThrow({ where: { shopId: stack.shop, customerGid: alice.id } });
    expect(advocate.code).toBe(shown.code);
    await page.locator(".extension-slot iframe").evaluate((el) => el.getBoundingClientRect().height).then((h) => expect(h).toBeGreaterThan(150));
    await page.screenshot({ path: screenshotPath("thank-you-block"), fullPage: true });
    await page.reload();
    expect((await shownLink(await extensionFrame(page))).code).toBe(shown.code);
    expect(errors).toEqual([]);
  });

  it.each([
    { locale: "sv", heading: "Dela och tjäna", pitch: "Ge dina vänner 15 % rabatt på sin första beställning. Du får 10,00 US$ i butikskredit för varje vän som gör sin första beställning.", copy: "Kopiera länk", code: "Din kod:", email: "E-post" },
    { locale: "id", heading: "Bagikan dan dapatkan hadiah", pitch: "Beri teman Anda diskon 15% untuk pesanan pertama mereka. Anda mendapatkan kredit toko US$10,00 untuk setiap teman yang melakukan pesanan pertamanya.", copy: "Salin link", code: "Kode Anda:", email: "Email" },
    { locale: "ja", heading: "シェアして特典をゲット", pitch: "お友達に初回の注文で15%オフをプレゼント。あなたは初回注文をしたお友達1人につき、$10.00分のストアクレジットを受け取れます。", copy: "リンクをコピー", code: "あなたのコード：", email: "メール" },
  ])("speaks the buyer's checkout language ($locale), money included", async ({ locale, heading, pitch, copy, code: codeLabel, email }) => {
    const { stack } = env;
    const shop = stack.sandbox.state.shops.get(stack.shop)!;
    const buyer = addCustomer(stack.sandbox.state, shop, { id: randomShopifyId().toString(), email: `buyer-${locale}@example.com`, firstName: "Kim", lastName: "Berg" });
    const order = placeOrder(env, { email: buyer.email!, customerId: buyer.id, locale });
    const page = await newPage(env.browser);
    await page.goto(`${stack.sandbox.url}/storefront/${stack.shop}/checkouts/thank-you/${order.id.split("/").pop()}?as_customer=${buyer.id.split("/").pop()}&locale=${locale}`);
    const frame = await extensionFrame(page);
    await frame.waitForSelector("s-text-field[value]", { state: "attached", timeout: 30_000 });
    expect(await frame.locator("s-section").getAttribute("heading")).toBe(heading);
    const text = (await frame.locator("body").innerText()).replace(/[\u00a0\u202f]/g, " ");
    expect(text).toContain(pitch);
    const advocate = await stack.db.prisma.advocate.findFirstOrThrow({ where: { shopId: stack.shop, customerGid: buyer.id } });
    expect(text).toContain(`${codeLabel} ${advocate.code}`.replace("： ", "："));
    // The app keeps the language for this advocate's emails.
    expect(advocate.locale).toBe(locale);
    expect(await frame.getByRole("button", { name: copy }).isVisible()).toBe(true);
    const labels = await frame.locator('s-link[target="_blank"]').allInnerTexts();
    expect(labels[0]).toBe(email);
    expect(await frame.evaluate(() => (window as unknown as { __sandboxExtension: { missingTranslations: string[] } }).__sandboxExtension.missingTranslations)).toEqual([]);
    await page.screenshot({ path: screenshotPath(`thank-you-block-${locale}`), fullPage: true });
    await page.close();
  });

  it("gives a guest buyer a link made from their checkout email, under the merchant's heading", async () => {
    const { stack } = env;
    await fetch(`${stack.sandbox.url}/__sandbox/extension-settings`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: stack.shop, extension: "twofold-checkout", settings: { heading: "Give 15%, get $10" } }),
    });
    const order = placeOrder(env, { email: "guest.buyer@example.com", number: 1002, name: "#1002" });
    const page = await newPage(env.browser);
    await page.goto(`${stack.sandbox.url}/storefront/${stack.shop}/checkouts/thank-you/${order.id.split("/").pop()}?as_customer=`);
    expect(await page.locator("body").innerText()).toContain("Order #1002");
    const frame = await extensionFrame(page);
    const shown = await shownLink(frame);
    expect(await frame.locator("s-section").getAttribute("heading")).toBe("Give 15%, get $10");
    const advocate = await stack.db.prisma.advocate.findFirstOrThrow({ where: { shopId: stack.shop, email: "guest.buyer@example.com" } });
    expect(advocate.customerGid).toBeNull();
    expect(shown.code).toBe(advocate.code);
  });

  it("answers 404 for an order the shop does not have", async () => {
    const res = await fetch(`${env.stack.sandbox.url}/storefront/${env.stack.shop}/checkouts/thank-you/123`);
    expect(res.status).toBe(404);
  });
});
