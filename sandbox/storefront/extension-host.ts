/**
 * The Shopify surfaces that host Twofold's UI extensions, played by the sandbox: the thank-you
 * page of a sandbox order (checkout extension, purchase.thank-you.block.render) and the
 * customer-account page of the logged-in sandbox customer (customer-account.page.render).
 * Each extension runs in a frame of its own with a `shopify` global (extension-runtime.js)
 * whose session tokens are signed here as Shopify signs them; the extension calls the real app.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, readJson, sendJson, sendText, type SandboxContext, type SandboxRoute } from "../router";
import { normalizeShopDomain, orderPresentmentMinor, type SandboxCustomer, type SandboxOrder, type SandboxShop } from "../admin/state";
import { currencyExponent } from "../admin/money";
import { buildExtensions, EXTENSIONS } from "../../scripts/build-extensions.mjs";
import { escapeHtml } from "./liquid";
import { signJwtHs256 } from "./session-token";
import { numericCustomerId } from "./state";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CUSTOMER_COOKIE = "sandbox_customer";
const SHOP_COOKIE = "sandbox_shop";

export const THANK_YOU_TARGET = "purchase.thank-you.block.render";
export const ACCOUNT_PAGE_TARGET = "customer-account.page.render";
/** Shopify's documented life of a checkout / customer account session token. */
export const EXTENSION_TOKEN_TTL_SECONDS = 300;

type ExtensionName = "twofold-checkout" | "twofold-customer-account";
const EXTENSION_OF_TARGET: Record<string, ExtensionName> = {
  [THANK_YOU_TARGET]: "twofold-checkout",
  [ACCOUNT_PAGE_TARGET]: "twofold-customer-account",
};

const runtimeSource = readFileSync(new URL("./extension-runtime.js", import.meta.url), "utf8");

// ------------------------------------------------------------------------- the built bundles

interface Bundle {
  code: Uint8Array;
  version: string;
}
const builtInMemory = new Map<string, Promise<Map<string, Uint8Array>>>();

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * The extension's bundle with this app's URL baked in: extensions/<name>/dist when it is newer
 * than the sources and was built for this app URL, else a build in memory (never written: tests
 * with different app URLs share the folder).
 */
export async function extensionBundle(name: ExtensionName, appUrl: string): Promise<Bundle> {
  const ext = EXTENSIONS.find((e) => e.name === name);
  if (!ext) throw new Error(`unknown extension ${name}`);
  const sourcesChanged = newestMtime(path.join(ROOT, "extensions", name, "src"));
  const distPath = path.join(ROOT, ext.outfile);
  try {
    if (statSync(distPath).mtimeMs >= sourcesChanged) {
      const code = readFileSync(distPath);
      if (code.includes(JSON.stringify(appUrl))) return { code, version: `dist-${Math.round(sourcesChanged)}` };
    }
  } catch {
    // no dist: build below
  }
  const key = `${appUrl}\n${sourcesChanged}`;
  let built = builtInMemory.get(key);
  if (!built) {
    built = buildExtensions({ write: false, appUrl }).then((results) => new Map(results.map((r) => [r.name, r.code])));
    builtInMemory.set(key, built);
    built.catch(() => builtInMemory.delete(key));
  }
  const code = (await built).get(name);
  if (!code) throw new Error(`extension ${name} was not built`);
  return { code, version: `mem-${Math.round(sourcesChanged)}` };
}

// ------------------------------------------------------------------------- locales, settings

function readJsonFile(file: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** The extension's translations for a locale, as Shopify resolves them: fr-CA, then fr, then the default file. */
export function extensionTranslations(name: ExtensionName, locale: string): { locale: string; translations: Record<string, unknown> | null; defaults: Record<string, unknown> | null } {
  const dir = path.join(ROOT, "extensions", name, "locales");
  let files: string[] = [];
  try {
    files = readdirSync(dir);
  } catch {
    return { locale, translations: null, defaults: null };
  }
  const defaultFile = files.find((f) => f.endsWith(".default.json"));
  const defaults = defaultFile ? readJsonFile(path.join(dir, defaultFile)) : null;
  const defaultLocale = defaultFile?.replace(/\.default\.json$/, "") ?? "en";
  for (const candidate of [locale, locale.split("-")[0]]) {
    if (candidate === defaultLocale) return { locale: defaultLocale, translations: defaults, defaults };
    if (files.includes(`${candidate}.json`)) return { locale: candidate, translations: readJsonFile(path.join(dir, `${candidate}.json`)), defaults };
  }
  return { locale: defaultLocale, translations: defaults, defaults };
}

interface ExtensionHostState {
  /** shop -> extension -> merchant settings (the checkout editor's block settings). */
  settings: Map<string, Partial<Record<ExtensionName, Record<string, unknown>>>>;
}

function hostState(ctx: SandboxContext): ExtensionHostState {
  const ext = ctx.state.ext as { extensionHost?: ExtensionHostState };
  ext.extensionHost ??= { settings: new Map() };
  return ext.extensionHost;
}

// ------------------------------------------------------------------------- who is looking

function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? "/", "http://sandbox.local");
}

function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return null;
}

/** The storefront's logged-in customer (?as_customer= wins over the sandbox_customer cookie), if the shop knows them. */
function loggedInCustomer(req: IncomingMessage, url: URL, shop: SandboxShop): SandboxCustomer | null {
  const raw = url.searchParams.has("as_customer") ? url.searchParams.get("as_customer") : cookieValue(req, CUSTOMER_COOKIE);
  if (!raw) return null;
  return shop.customers.get(`gid://shopify/Customer/${numericCustomerId(raw)}`) ?? null;
}

function identityCookies(url: URL, shop: string): string[] {
  const cookies = [`${SHOP_COOKIE}=${encodeURIComponent(shop)}; Path=/; SameSite=Lax`];
  if (url.searchParams.has("as_customer")) {
    const id = numericCustomerId(url.searchParams.get("as_customer") ?? "");
    cookies.push(id ? `${CUSTOMER_COOKIE}=${encodeURIComponent(id)}; Path=/; SameSite=Lax` : `${CUSTOMER_COOKIE}=; Path=/; Max-Age=0`);
  }
  return cookies;
}

function shopOrThrow(ctx: SandboxContext, domain: string): SandboxShop {
  const shop = ctx.state.shops.get(normalizeShopDomain(domain));
  if (!shop) throw new HttpError(404, { errors: `Unknown shop ${domain}` });
  return shop;
}

function orderOf(shop: SandboxShop, id: string): SandboxOrder | null {
  return /^[0-9]+$/.test(id) ? (shop.orders.get(`gid://shopify/Order/${id}`) ?? null) : null;
}

/** The buyer is logged in on the thank-you page when the storefront's customer placed the order. */
function buyerOnThankYou(req: IncomingMessage, url: URL, shop: SandboxShop, order: SandboxOrder): SandboxCustomer | null {
  const customer = loggedInCustomer(req, url, shop);
  return customer && customer.id === order.customerId ? customer : null;
}

// ------------------------------------------------------------------------- session tokens

export interface ExtensionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub?: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
}

/** A checkout / customer account session token: HS256 with the app secret; `sub` only for a logged-in customer. */
export function signExtensionToken(ctx: SandboxContext, shop: string, customerGid: string | null): { token: string; claims: ExtensionTokenClaims } {
  const now = Math.floor(ctx.state.signingNow() / 1000);
  const claims: ExtensionTokenClaims = {
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: ctx.options.apiKey,
    ...(customerGid ? { sub: customerGid } : {}),
    exp: now + EXTENSION_TOKEN_TTL_SECONDS,
    nbf: now,
    iat: now,
    jti: randomUUID(),
  };
  return { token: signJwtHs256(claims, ctx.options.apiSecret), claims };
}

interface TokenRequest {
  shop?: string;
  target?: string;
  order?: string;
}

/** Signs for the session the request belongs to (cookies), never for ids the frame claims. */
function tokenFor(ctx: SandboxContext, req: IncomingMessage, body: TokenRequest): { token: string; claims: ExtensionTokenClaims } {
  if (!body.shop || !body.target) throw new HttpError(400, { errors: "shop and target are required" });
  const shop = shopOrThrow(ctx, body.shop);
  const url = requestUrl(req);
  if (body.target === THANK_YOU_TARGET) {
    const order = orderOf(shop, String(body.order ?? ""));
    if (!order) throw new HttpError(404, { errors: "Unknown order" });
    return signExtensionToken(ctx, shop.domain, buyerOnThankYou(req, url, shop, order)?.id ?? null);
  }
  if (body.target === ACCOUNT_PAGE_TARGET) {
    const customer = loggedInCustomer(req, url, shop);
    if (!customer || shop.customerAccountsVersion !== "NEW_CUSTOMER_ACCOUNTS") throw new HttpError(401, { errors: "Not logged in to customer accounts" });
    return signExtensionToken(ctx, shop.domain, customer.id);
  }
  throw new HttpError(400, { errors: `Unsupported target ${body.target}` });
}

// ------------------------------------------------------------------------- extension frame

interface FrameConfig {
  extension: ExtensionName;
  target: string;
  apiVersion: string;
  moduleUrl: string;
  tokenUrl: string;
  tokenRequest: TokenRequest;
  locale: string;
  extensionLocale: string;
  translations: Record<string, unknown> | null;
  defaultTranslations: Record<string, unknown> | null;
  settings: Record<string, unknown>;
  currency: string;
  country: string;
  capabilities: string[];
  shop: { id: string; name: string; myshopifyDomain: string; storefrontUrl: string };
  buyerIdentity?: { email: string | null; phone: string | null; customer: Record<string, unknown> | null };
  orderConfirmation?: { order: { id: string }; number: string; isFirstOrder: boolean };
  authenticatedAccount?: { customer: { id: string } };
}

function apiVersionOf(name: ExtensionName): string {
  const toml = readFileSync(path.join(ROOT, "extensions", name, "shopify.extension.toml"), "utf8");
  return /^api_version\s*=\s*"([^"]+)"/m.exec(toml)?.[1] ?? "unstable";
}

function customerForCheckout(c: SandboxCustomer): Record<string, unknown> {
  const fullName = [c.firstName, c.lastName].filter(Boolean).join(" ") || undefined;
  return { id: c.id, email: c.email ?? undefined, phone: c.phone ?? undefined, firstName: c.firstName ?? undefined, lastName: c.lastName ?? undefined, fullName };
}

function frameConfig(ctx: SandboxContext, req: IncomingMessage, url: URL, shop: SandboxShop, target: string): FrameConfig {
  const name = EXTENSION_OF_TARGET[target];
  if (!name) throw new HttpError(400, { errors: `Unsupported target ${target}` });
  const tokenRequest: TokenRequest = { shop: shop.domain, target };
  let locale = url.searchParams.get("locale");
  const extra: Partial<FrameConfig> = {};
  if (target === THANK_YOU_TARGET) {
    const order = orderOf(shop, url.searchParams.get("order") ?? "");
    if (!order) throw new HttpError(404, { errors: "Unknown order" });
    tokenRequest.order = order.id.replace(/^gid:\/\/shopify\/Order\//, "");
    const buyer = buyerOnThankYou(req, url, shop, order);
    const customer = order.customerId ? shop.customers.get(order.customerId) : undefined;
    extra.buyerIdentity = { email: order.email || null, phone: buyer?.phone ?? null, customer: buyer ? customerForCheckout(buyer) : null };
    extra.orderConfirmation = { order: { id: order.id }, number: String(order.number), isFirstOrder: (customer?.numberOfOrders ?? 1) <= 1 };
    locale ??= order.locale;
  } else {
    if (shop.customerAccountsVersion !== "NEW_CUSTOMER_ACCOUNTS") throw new HttpError(403, { errors: "Customer account extensions need new customer accounts" });
    const customer = loggedInCustomer(req, url, shop);
    if (!customer) throw new HttpError(401, { errors: "Not logged in to customer accounts" });
    extra.authenticatedAccount = { customer: { id: customer.id } };
    locale ??= customer.locale;
  }
  locale ||= "en";
  const { locale: extensionLocale, translations, defaults } = extensionTranslations(name, locale);
  return {
    extension: name,
    target,
    apiVersion: apiVersionOf(name),
    moduleUrl: `/__sandbox/extensions/${name}.js`,
    tokenUrl: "/__sandbox/extension-session-token",
    tokenRequest,
    locale,
    extensionLocale,
    translations,
    defaultTranslations: defaults,
    settings: hostState(ctx).settings.get(shop.domain)?.[name] ?? {},
    currency: shop.currencyCode,
    country: "US",
    capabilities: ["network_access"],
    shop: { id: "gid://shopify/Shop/1", name: shop.name || shop.domain.split(".")[0], myshopifyDomain: shop.domain, storefrontUrl: `${ctx.baseUrl}/storefront/${shop.domain}` },
    ...extra,
  };
}

/** The document an extension renders into (its body is the extension's). */
function frameHtml(config: FrameConfig): string {
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="${escapeHtml(config.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(config.extension)} (${escapeHtml(config.target)})</title>
<style>${FRAME_CSS}</style>
<script type="application/json" id="sandbox-extension-config">${json}</script>
<script src="/__sandbox/extension-runtime.js"></script>
</head>
<body></body>
</html>`;
}

// Light-DOM components (text that is the page's own) and the frame's base type.
const FRAME_CSS = `html,body{margin:0;background:transparent}
body{font:15px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1a1a1a;padding:1px}
s-stack{display:flex;flex-direction:column;gap:12px}
s-stack[direction=inline]{flex-direction:row;flex-wrap:wrap}
s-stack[gap=none]{gap:0}s-stack[gap=small-300]{gap:4px}s-stack[gap=small-200]{gap:6px}s-stack[gap=small-100],s-stack[gap=small]{gap:8px}s-stack[gap=large]{gap:20px}
s-stack[alignitems=center]{align-items:center}
s-paragraph{display:block}
s-text{display:inline}
s-text[type=strong]{font-weight:650;font-size:1.35rem}
s-text[color=subdued],s-paragraph[color=subdued]{color:#6b6b6b}
s-heading{display:block;font-weight:650}
s-badge{display:inline-flex;align-items:center;padding:2px 10px;border-radius:999px;background:#ebebeb;font-size:.8rem;font-weight:550}
s-badge[tone=critical]{background:#fee9e8;color:#8e1f0b}s-badge[tone=success]{background:#cdfee1;color:#0c5132}
s-banner{display:block;padding:12px 16px;border-radius:10px;background:#eaf4ff;border:1px solid #a8cdf5}
s-banner[tone=critical]{background:#fee9e8;border-color:#f5b3ad;color:#8e1f0b}
s-unordered-list{display:block;margin:0;padding-left:1.2em}
s-list-item{display:list-item;list-style:disc;margin:2px 0}`;

// ------------------------------------------------------------------------- host pages

function formatMoney(minor: number, currency: string, locale = "en-US"): string {
  const exp = currencyExponent(currency);
  return new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: exp, maximumFractionDigits: exp }).format(minor / 10 ** exp);
}

const PAGE_CSS = `*{box-sizing:border-box}
body{margin:0;font:15px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1a1a1a;background:#fff}
a{color:#1773b0}
.top{border-bottom:1px solid #dedede;padding:18px 32px;display:flex;align-items:center;gap:24px}
.top .shop{font-size:1.3rem;font-weight:650;text-decoration:none;color:#1a1a1a}
.top nav{display:flex;gap:20px;flex:1}.top nav a{text-decoration:none;color:#1a1a1a}.top nav a[aria-current]{font-weight:650;text-decoration:underline;text-underline-offset:6px}
.who{font-size:.9rem;color:#6b6b6b}
.card{border:1px solid #dedede;border-radius:12px;padding:20px}
.card h2{font-size:1.1rem;margin:0 0 8px}
.muted{color:#6b6b6b}
.extension-slot iframe{display:block;width:100%;border:0;height:120px;color-scheme:light}
.toasts{position:fixed;left:50%;bottom:24px;transform:translateX(-50%);display:flex;flex-direction:column;gap:8px;z-index:10}
.toast{background:#1a1a1a;color:#fff;padding:10px 16px;border-radius:10px;font-size:.9rem}
.sandbox-note{font-size:.75rem;color:#8a8a8a;padding:16px 32px}`;

/** Sizes each extension frame to its content and shows its toasts, as Shopify's host does. */
const HOST_SCRIPT = `<div class="toasts" role="status" aria-live="polite"></div>
<script>
window.addEventListener("message", function (event) {
  var data = event.data || {};
  if (event.origin !== location.origin || data.source !== "sandbox-extension") return;
  var frame = Array.prototype.find.call(document.querySelectorAll("iframe[data-extension-target]"), function (f) { return f.contentWindow === event.source; });
  if (data.type === "resize" && frame) frame.style.height = data.height + "px";
  if (data.type === "toast") {
    var toast = document.createElement("div");
    toast.className = "toast";
    toast.textContent = data.message;
    document.querySelector(".toasts").appendChild(toast);
    setTimeout(function () { toast.remove(); }, 5000);
  }
});
</script>`;

function extensionFrame(shop: string, target: string, params: Record<string, string>): string {
  const query = new URLSearchParams({ shop, target, ...params });
  const title = target === THANK_YOU_TARGET ? "Twofold share and earn" : "Twofold referrals";
  return `<div class="extension-slot" data-target="${escapeHtml(target)}"><iframe data-extension-target="${escapeHtml(target)}" title="${escapeHtml(title)}" allow="clipboard-write" src="/__sandbox/extension-frame?${escapeHtml(query.toString())}"></iframe></div>`;
}

function page(title: string, body: string, lang = "en"): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${PAGE_CSS}${THANK_YOU_CSS}${ACCOUNT_CSS}</style>
</head>
<body>
${body}
<div class="sandbox-note">Shopify sandbox (local test server): extensions run with a stand-in for Shopify's runtime and call the real app.</div>
${HOST_SCRIPT}
</body>
</html>`;
}

function sendPage(res: ServerResponse, status: number, html: string, cookies: string[] = []): void {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", ...(cookies.length ? { "Set-Cookie": cookies } : {}) });
  res.end(html);
}

// --- thank-you

const THANK_YOU_CSS = `
.checkout{display:grid;grid-template-columns:minmax(0,1fr) 440px;min-height:calc(100vh - 140px)}
.checkout .main{padding:32px 40px 40px max(32px,calc(50vw - 560px));display:flex;flex-direction:column;gap:20px}
.checkout .summary{background:#f5f5f5;border-left:1px solid #dedede;padding:32px 40px}
.confirmed{display:flex;gap:14px;align-items:center}
.confirmed svg{flex:none}
.confirmed h1{font-size:1.6rem;margin:0}
.line{display:flex;gap:12px;align-items:center;margin-bottom:14px}
.thumb{position:relative;width:60px;height:60px;border:1px solid #dedede;border-radius:8px;background:linear-gradient(135deg,#fff,#e9e9e9);flex:none}
.qty{position:absolute;top:-8px;right:-8px;background:#666;color:#fff;border-radius:999px;font-size:.75rem;min-width:20px;height:20px;display:flex;align-items:center;justify-content:center;padding:0 6px}
.line .title{flex:1}
.totals{display:grid;grid-template-columns:1fr auto;gap:8px;margin-top:20px}
.totals>span:nth-child(even){text-align:right}
.totals .total{font-size:1.2rem;font-weight:650;margin-top:6px}
.code{display:inline-block;margin-left:6px;padding:1px 8px;border-radius:6px;background:#e6e6e6;font-size:.8rem;font-weight:600}
.details{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.details h3{font-size:.9rem;margin:0 0 4px}
.actions{display:flex;justify-content:space-between;align-items:center}
.button{display:inline-block;background:#1773b0;color:#fff;text-decoration:none;padding:12px 20px;border-radius:8px;font-weight:600}`;

function thankYouHtml(shop: SandboxShop, order: SandboxOrder, buyer: SandboxCustomer | null, locale: string | null): string {
  const known = order.customerId ? shop.customers.get(order.customerId) : undefined;
  const firstName = buyer?.firstName ?? known?.firstName ?? null;
  // In the buyer's currency: the order's shop amounts converted; store credit already is in it.
  const paid = (minor: number) => formatMoney(minor, order.presentmentCurrencyCode);
  const money = (minor: number) => paid(orderPresentmentMinor(order, minor));
  const byCard = paid(orderPresentmentMinor(order, order.totalMinor) - order.storeCreditMinor);
  const lines = order.lines
    .map(
      (l) =>
        `<div class="line"><div class="thumb"><span class="qty">${l.quantity}</span></div><span class="title">${escapeHtml(l.title)}</span><span>${money(l.priceMinor * l.quantity)}</span></div>`,
    )
    .join("");
  // As Shopify's order summary: order discounts as lines; a free-shipping code on the shipping line.
  const discounts = order.discounts
    .filter((d) => d.type !== "shipping")
    .map((d) => `<span>Discount <span class="code">${escapeHtml(d.code)}</span></span><span>−${money(d.amountMinor)}</span>`)
    .join("");
  const shippingCode = order.discounts.find((d) => d.type === "shipping");
  const shipping = shippingCode
    ? `<span class="code">${escapeHtml(shippingCode.code)}</span> <s>${money(order.shippingMinor)}</s> Free`
    : order.shippingMinor === 0
      ? "Free"
      : money(order.shippingMinor);
  const base = `/storefront/${shop.domain}`;
  const shopName = shop.name || shop.domain.split(".")[0];
  const orderNumericId = order.id.replace(/^gid:\/\/shopify\/Order\//, "");
  return page(
    `Thank you for your purchase! – ${shopName}`,
    `<header class="top"><a class="shop" href="${base}">${escapeHtml(shopName)}</a></header>
<div class="checkout">
<main class="main">
  <div class="confirmed">
    <svg width="46" height="46" viewBox="0 0 46 46" aria-hidden="true"><circle cx="23" cy="23" r="21" fill="none" stroke="#1773b0" stroke-width="2"/><path d="M14 23.5l6 6 12-13" fill="none" stroke="#1773b0" stroke-width="2.5"/></svg>
    <div><div class="muted order-name">Order ${escapeHtml(order.name)}</div><h1>Thank you${firstName ? `, ${escapeHtml(firstName)}` : ""}!</h1></div>
  </div>
  <section class="card"><h2>Your order is confirmed</h2><p class="muted" style="margin:0">You'll receive a confirmation email with your order number shortly.</p></section>
  ${extensionFrame(shop.domain, THANK_YOU_TARGET, { order: orderNumericId, ...(locale ? { locale } : {}) })}
  <section class="card"><h2>Order details</h2>
    <div class="details">
      <div><h3>Contact information</h3><div class="order-email">${escapeHtml(order.email)}</div></div>
      <div><h3>Payment method</h3><div>${order.storeCreditMinor > 0 ? `Store credit · ${paid(order.storeCreditMinor)}<br>` : ""}Sandbox card · ${byCard}</div></div>
    </div>
  </section>
  <div class="actions"><span class="muted">Need help? <a href="mailto:${escapeHtml(shop.email)}">Contact us</a></span><a class="button" href="${base}">Continue shopping</a></div>
</main>
<aside class="summary" aria-label="Order summary">
  ${lines}
  <div class="totals">
    <span>Subtotal</span><span>${money(order.subtotalMinor)}</span>
    ${discounts}
    <span>Shipping</span><span>${shipping}</span>
    <span class="total">Total</span><span class="total"><span class="muted" style="font-size:.8rem;font-weight:400">${escapeHtml(order.presentmentCurrencyCode)}</span> ${money(order.totalMinor)}</span>
    ${order.storeCreditMinor > 0 ? `<span>Paid with store credit</span><span>−${paid(order.storeCreditMinor)}</span><span>Paid by card</span><span>${byCard}</span>` : ""}
  </div>
</aside>
</div>`,
    locale ?? order.locale ?? "en",
  );
}

// --- customer account

const ACCOUNT_CSS = `
.account{max-width:1000px;margin:0 auto;padding:32px}
.login{max-width:460px;margin:48px auto;padding:0 24px}
.login ul{list-style:none;padding:0;display:flex;flex-direction:column;gap:8px}
.login li a{display:block;padding:12px 16px;border:1px solid #dedede;border-radius:10px;text-decoration:none;color:#1a1a1a}
.login li a:hover{border-color:#1773b0}`;

function accountHeader(shop: SandboxShop, customer: SandboxCustomer | null, current: "referrals" | null): string {
  const base = `/storefront/${shop.domain}`;
  const shopName = shop.name || shop.domain.split(".")[0];
  const nav = customer
    ? `<nav><a href="${base}">Shop</a><a href="${base}/account/referrals"${current === "referrals" ? ' aria-current="page"' : ""}>Referrals</a></nav>
<span class="who" data-sandbox-customer="${escapeHtml(numericCustomerId(customer.id))}">${escapeHtml(customer.email ?? customer.id)} · <a href="${base}/account?as_customer=">Log out</a></span>`
    : `<nav><a href="${base}">Shop</a></nav>`;
  return `<header class="top"><a class="shop" href="${base}">${escapeHtml(shopName)}</a>${nav}</header>`;
}

function loginHtml(shop: SandboxShop, pathOnShop: string): string {
  const customers = [...shop.customers.values()];
  const items = customers
    .map((c) => {
      const name = [c.firstName, c.lastName].filter(Boolean).join(" ");
      return `<li><a href="/storefront/${shop.domain}${pathOnShop}?as_customer=${encodeURIComponent(numericCustomerId(c.id))}">${escapeHtml(c.email ?? c.id)}${name ? ` <span class="muted">(${escapeHtml(name)})</span>` : ""}</a></li>`;
    })
    .join("");
  return page(
    `Log in – ${shop.name}`,
    `${accountHeader(shop, null, null)}
<main class="login"><h1>Log in</h1>
<p class="muted">The sandbox has no passwords: pick a customer of ${escapeHtml(shop.domain)} to log in as.</p>
${customers.length ? `<ul class="customers">${items}</ul>` : `<p>No customers yet: add some with <code>POST /__sandbox/customers</code>.</p>`}
</main>`,
  );
}

function classicHtml(shop: SandboxShop, customer: SandboxCustomer | null): string {
  return page(
    `Account – ${shop.name}`,
    `${accountHeader(shop, customer, null)}
<main class="account"><h1>Account</h1>
<p class="classic-accounts">${escapeHtml(shop.name || shop.domain)} uses classic customer accounts. Customer account UI extensions, such as Twofold's Referrals page, appear only on new customer accounts.</p>
</main>`,
  );
}

function notFoundHtml(what: string): string {
  return page("Not found", `<main class="login"><h1>Page not found</h1><p class="muted">${escapeHtml(what)}</p></main>`);
}

// ------------------------------------------------------------------------- routes

interface SettingsBody {
  shop?: string;
  extension?: string;
  settings?: Record<string, unknown>;
}

export function extensionHostRoutes(): SandboxRoute[] {
  return [
    {
      method: "GET",
      path: /^\/storefront\/([^/]+)\/checkouts\/thank-you\/([^/]+)\/?$/,
      handle(req, res, m, ctx) {
        const url = requestUrl(req);
        const domain = normalizeShopDomain(decodeURIComponent(m[1]));
        const shop = ctx.state.shops.get(domain);
        const order = shop ? orderOf(shop, decodeURIComponent(m[2])) : null;
        if (!shop || !order) return sendPage(res, 404, notFoundHtml(`No order ${m[2]} in ${domain}.`));
        const buyer = buyerOnThankYou(req, url, shop, order);
        sendPage(res, 200, thankYouHtml(shop, order, buyer, url.searchParams.get("locale")), identityCookies(url, domain));
      },
    },
    {
      method: "GET",
      path: /^\/storefront\/([^/]+)\/account(\/referrals)?\/?$/,
      handle(req, res, m, ctx) {
        const url = requestUrl(req);
        const domain = normalizeShopDomain(decodeURIComponent(m[1]));
        const shop = ctx.state.shops.get(domain);
        if (!shop) return sendPage(res, 404, notFoundHtml(`No shop ${domain}.`));
        const cookies = identityCookies(url, domain);
        const customer = loggedInCustomer(req, url, shop);
        if (shop.customerAccountsVersion !== "NEW_CUSTOMER_ACCOUNTS") return sendPage(res, 200, classicHtml(shop, customer), cookies);
        if (!customer) return sendPage(res, 200, loginHtml(shop, `/account${m[2] ?? ""}`), cookies);
        const locale = url.searchParams.get("locale");
        // The frame and its session tokens know the customer from the same cookie as this page.
        const params: Record<string, string> = locale ? { locale } : {};
        sendPage(
          res,
          200,
          page(
            `Referrals – ${shop.name}`,
            `${accountHeader(shop, customer, "referrals")}\n<main class="account">${extensionFrame(domain, ACCOUNT_PAGE_TARGET, params)}</main>`,
            locale ?? customer.locale ?? "en",
          ),
          cookies,
        );
      },
    },
    {
      method: "GET",
      path: /^\/__sandbox\/extension-frame\/?$/,
      handle(req, res, _m, ctx) {
        const url = requestUrl(req);
        const shop = shopOrThrow(ctx, url.searchParams.get("shop") ?? "");
        const config = frameConfig(ctx, req, url, shop, url.searchParams.get("target") ?? "");
        sendText(res, 200, frameHtml(config), "text/html; charset=utf-8", { "Cache-Control": "no-store" });
      },
    },
    {
      method: "GET",
      path: /^\/__sandbox\/extension-runtime\.js$/,
      handle(_req, res) {
        sendText(res, 200, runtimeSource, "text/javascript; charset=utf-8", { "Cache-Control": "no-cache" });
      },
    },
    {
      method: "GET",
      path: /^\/__sandbox\/extensions\/(twofold-checkout|twofold-customer-account)\.js$/,
      async handle(_req, res, m, ctx) {
        const bundle = await extensionBundle(m[1] as ExtensionName, ctx.options.appUrl);
        res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8", "Content-Length": bundle.code.byteLength, "Cache-Control": "no-cache", "X-Sandbox-Bundle": bundle.version });
        res.end(bundle.code);
      },
    },
    {
      method: "POST",
      path: /^\/__sandbox\/extension-session-token\/?$/,
      async handle(req, res, _m, ctx) {
        const body = await readJson<TokenRequest>(req);
        sendJson(res, 200, tokenFor(ctx, req, body), { "Cache-Control": "no-store" });
      },
    },
    {
      // Control: the merchant's settings of an extension block (checkout editor), e.g. {"heading": "..."}.
      method: "POST",
      path: /^\/__sandbox\/extension-settings\/?$/,
      async handle(req, res, _m, ctx) {
        const body = await readJson<SettingsBody>(req);
        if (!body.shop || (body.extension !== "twofold-checkout" && body.extension !== "twofold-customer-account")) {
          throw new HttpError(400, { errors: "shop and extension (twofold-checkout | twofold-customer-account) are required" });
        }
        const shop = normalizeShopDomain(body.shop);
        const all = hostState(ctx).settings;
        const current = all.get(shop) ?? {};
        current[body.extension] = { ...(current[body.extension] ?? {}), ...(body.settings ?? {}) };
        all.set(shop, current);
        sendJson(res, 200, { shop, extension: body.extension, settings: current[body.extension] });
      },
    },
  ];
}
