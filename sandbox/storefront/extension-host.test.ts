// The sandbox's extension host over HTTP: thank-you and customer-account pages, the frame
// config each extension gets, the bundle with the app URL baked in, and session tokens that
// Shopify's own library accepts.
import "@shopify/shopify-api/adapters/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { createSandbox, type Sandbox } from "../server";
import { addCustomer, upsertShop, type SandboxOrder } from "../admin/state";
import { extensionHostRoutes, extensionTranslations, THANK_YOU_TARGET, ACCOUNT_PAGE_TARGET } from "./extension-host";

const API_KEY = "ext-host-key";
const API_SECRET = "ext-host-secret";
const APP_URL = "http://127.0.0.1:45999";
const SHOP = "ext-host.myshopify.com";
const CLASSIC = "ext-classic.myshopify.com";
const ORDER_ID = "9007199254740993001";
const ALICE = "gid://shopify/Customer/7001";

function sandboxOrder(overrides: Partial<SandboxOrder> = {}): SandboxOrder {
  return {
    id: `gid://shopify/Order/${ORDER_ID}`,
    number: 1001,
    name: "#1001",
    createdAt: "2026-12-01T10:00:00Z",
    processedAt: "2026-12-01T10:00:00Z",
    email: "alice@example.com",
    customerId: ALICE,
    currencyCode: "USD",
    presentmentCurrencyCode: "USD",
    lines: [{ id: "gid://shopify/LineItem/1", title: "Trail shoes", quantity: 2, priceMinor: 4000, productId: "gid://shopify/Product/1", variantId: "gid://shopify/ProductVariant/1", sku: "TS-1" }],
    subtotalMinor: 8000,
    shippingMinor: 500,
    discounts: [{ code: "FRIEND-ABC", discountId: "gid://shopify/DiscountCodeNode/1", type: "fixed_amount", amountMinor: 1000 }],
    totalDiscountsMinor: 1000,
    storeCreditMinor: 0,
    totalMinor: 7500,
    noteAttributes: [],
    note: null,
    landingSite: null,
    referringSite: null,
    browserIp: null,
    userAgent: null,
    locale: "en",
    financialStatus: "paid",
    cancelledAt: null,
    cancelReason: null,
    refunds: [],
    ...overrides,
  };
}

describe("sandbox extension host", () => {
  let sandbox: Sandbox;
  const shopify = shopifyApi({ apiKey: API_KEY, apiSecretKey: API_SECRET, apiVersion: ApiVersion.October25, hostName: "app.example", isEmbeddedApp: true, scopes: [] });

  beforeAll(async () => {
    sandbox = await createSandbox({ port: 0, appUrl: APP_URL, apiKey: API_KEY, apiSecret: API_SECRET, routes: extensionHostRoutes() });
    const shop = upsertShop(sandbox.state, { domain: SHOP, name: "Host Store", currencyCode: "USD", customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS" });
    addCustomer(sandbox.state, shop, { id: ALICE, email: "alice@example.com", firstName: "Alice", locale: "fr" });
    addCustomer(sandbox.state, shop, { id: 7002, email: "bob@example.com" });
    shop.orders.set(`gid://shopify/Order/${ORDER_ID}`, sandboxOrder());
    addCustomer(sandbox.state, upsertShop(sandbox.state, { domain: CLASSIC, customerAccountsVersion: "CLASSIC" }), { id: 1, email: "carl@example.com" });
  });
  afterAll(async () => sandbox?.close());

  const get = (path: string, cookie?: string) => fetch(`${sandbox.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  const token = async (body: object, cookie?: string) =>
    fetch(`${sandbox.url}/__sandbox/extension-session-token`, { method: "POST", headers: { "Content-Type": "application/json", ...(cookie ? { Cookie: cookie } : {}) }, body: JSON.stringify(body) });
  const frameConfig = async (query: string, cookie?: string) => {
    const res = await get(`/__sandbox/extension-frame?${query}`, cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    return JSON.parse(/<script type="application\/json" id="sandbox-extension-config">(.*?)<\/script>/s.exec(html)![1]);
  };

  it("shows the order on its thank-you page with a frame for the checkout extension; unknown orders are 404", async () => {
    const res = await get(`/storefront/${SHOP}/checkouts/thank-you/${ORDER_ID}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const text of ["Order #1001", "alice@example.com", "Trail shoes", "FRIEND-ABC", "−$10.00", "$75.00", "$80.00"]) expect(html).toContain(text);
    expect(html).toContain(`data-extension-target="${THANK_YOU_TARGET}"`);
    expect(html).toContain(`order=${ORDER_ID}`);
    expect((await get(`/storefront/${SHOP}/checkouts/thank-you/1`)).status).toBe(404);
    expect((await get(`/storefront/${SHOP}/checkouts/thank-you/abc`)).status).toBe(404);
    expect((await get(`/storefront/nope.myshopify.com/checkouts/thank-you/${ORDER_ID}`)).status).toBe(404);
  });

  it("gives a guest buyer's extension their email and the order, and a token without sub that Shopify's library accepts", async () => {
    const config = await frameConfig(`shop=${SHOP}&target=${THANK_YOU_TARGET}&order=${ORDER_ID}`);
    expect(config.buyerIdentity).toEqual({ email: "alice@example.com", phone: null, customer: null });
    expect(config.orderConfirmation).toEqual({ order: { id: `gid://shopify/Order/${ORDER_ID}` }, number: "1001", isFirstOrder: true });
    expect(config.moduleUrl).toBe("/__sandbox/extensions/twofold-checkout.js");
    expect(config.apiVersion).toBe("2026-07");

    const res = await token(config.tokenRequest);
    expect(res.status).toBe(200);
    const { token: jwt } = (await res.json()) as { token: string };
    const claims = await shopify.session.decodeSessionToken(jwt);
    expect(claims).toMatchObject({ iss: `https://${SHOP}/admin`, dest: `https://${SHOP}`, aud: API_KEY });
    expect(claims.sub).toBeUndefined();
    expect(claims.exp - claims.iat).toBe(300);
    expect(typeof claims.jti).toBe("string");
  });

  it("puts the logged-in buyer's customer gid in sub on their own order only", async () => {
    const alice = await frameConfig(`shop=${SHOP}&target=${THANK_YOU_TARGET}&order=${ORDER_ID}`, "sandbox_customer=7001");
    expect(alice.buyerIdentity.customer).toMatchObject({ id: ALICE, email: "alice@example.com", firstName: "Alice" });
    const mine = (await (await token(alice.tokenRequest, "sandbox_customer=7001")).json()) as { claims: { sub?: string } };
    expect(mine.claims.sub).toBe(ALICE);
    const other = (await (await token(alice.tokenRequest, "sandbox_customer=7002")).json()) as { claims: { sub?: string } };
    expect(other.claims.sub).toBeUndefined();
    expect((await token({ shop: SHOP, target: THANK_YOU_TARGET, order: "1" })).status).toBe(404);
  });

  it("asks who is logging in to customer accounts, then frames the referrals page for them", async () => {
    const login = await get(`/storefront/${SHOP}/account`);
    expect(login.status).toBe(200);
    const loginHtml = await login.text();
    expect(loginHtml).toContain("Log in");
    expect(loginHtml).toContain(`/storefront/${SHOP}/account?as_customer=7001`);
    expect(loginHtml).toContain("bob@example.com");
    expect(loginHtml).not.toContain("<iframe");
    expect((await token({ shop: SHOP, target: ACCOUNT_PAGE_TARGET })).status).toBe(401);

    const page = await get(`/storefront/${SHOP}/account/referrals?as_customer=7001`);
    expect(page.headers.getSetCookie()).toContain("sandbox_customer=7001; Path=/; SameSite=Lax");
    const html = await page.text();
    expect(html).toContain(`data-extension-target="${ACCOUNT_PAGE_TARGET}"`);
    expect(html).toContain("alice@example.com");

    const config = await frameConfig(`shop=${SHOP}&target=${ACCOUNT_PAGE_TARGET}`, "sandbox_customer=7001");
    expect(config.authenticatedAccount).toEqual({ customer: { id: ALICE } });
    expect(config.locale).toBe("fr"); // the customer's language
    expect((config.translations as { page: { heading: string } }).page.heading).toBe("Parrainez un ami");
    const res = await token(config.tokenRequest, "sandbox_customer=7001");
    const claims = await shopify.session.decodeSessionToken(((await res.json()) as { token: string }).token);
    expect(claims.sub).toBe(ALICE);
  });

  it("tells a classic-accounts shop's customer that the page needs new customer accounts", async () => {
    const res = await get(`/storefront/${CLASSIC}/account?as_customer=1`);
    const html = await res.text();
    expect(html).toContain("classic customer accounts");
    expect(html).not.toContain("<iframe");
    expect((await get(`/__sandbox/extension-frame?shop=${CLASSIC}&target=${ACCOUNT_PAGE_TARGET}&as_customer=1`)).status).toBe(403);
    expect((await token({ shop: CLASSIC, target: ACCOUNT_PAGE_TARGET }, "sandbox_customer=1")).status).toBe(401);
  });

  it("resolves translations like Shopify: exact locale, then language, then the default file", () => {
    expect(extensionTranslations("twofold-customer-account", "fr-CA").locale).toBe("fr");
    expect(extensionTranslations("twofold-customer-account", "pt-BR").locale).toBe("pt-BR");
    expect(extensionTranslations("twofold-customer-account", "ko").locale).toBe("en");
    expect(extensionTranslations("twofold-customer-account", "en").translations).toEqual(extensionTranslations("twofold-customer-account", "en").defaults);
    expect(extensionTranslations("twofold-checkout", "sv-SE").locale).toBe("sv");
  });

  it("serves the built bundles with this app's URL baked in, and the runtime", async () => {
    for (const name of ["twofold-checkout", "twofold-customer-account"]) {
      const res = await get(`/__sandbox/extensions/${name}.js`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(JSON.stringify(APP_URL));
    }
    const runtime = await get("/__sandbox/extension-runtime.js");
    expect(await runtime.text()).toContain("window.shopify = api");
  });
});
