/**
 * The storefront half of the sandbox: a store page that renders the theme app extension,
 * the signed app proxy, a minimal cart API, signed webhook delivery, and the admin frame
 * with its App Bridge stand-in and session tokens.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createHmac, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, readBody, sendJson, sendText, type SandboxContext, type SandboxRoute } from "../router";
import { normalizeShopDomain } from "../admin/state";
import { numericCustomerId } from "./state";
import { APP_PROXY_PREFIX, forwardProxyRequest, readRawBody, sendProxyResult } from "./app-proxy";
import { parseJsonLossless } from "./json";
import {
  EXTENSION_DIR,
  THEME_ASSET_PATH,
  escapeHtml,
  readBlockSchema,
  renderBlock,
  renderLiquid,
  type BlockName,
  type RenderContext,
  type StorefrontCustomer,
} from "./liquid";
import { adminHostParam, createSessionToken } from "./session-token";
import { deliverWebhook } from "./webhooks";
import { checkoutRoutes } from "../checkout/routes";
import { productSection } from "../checkout/pages";
import {
  cartFor,
  CART_COOKIE,
  CUSTOMER_COOKIE,
  loggedInCustomerId,
  requestUrl,
  SHOP_COOKIE,
  shopOfRequest,
  shopPath,
  storefrontState,
} from "./session";
import { extensionHostRoutes } from "./extension-host";

export type { StorefrontState } from "./state";
export { cartFor, cartCookie, loggedInCustomerId, parseCookies, shopPath, storefrontState, type Cart } from "./session";

function lookupCustomer(ctx: SandboxContext, shop: string, id: string | null): StorefrontCustomer | null {
  if (!id) return null;
  const known = ctx.state.shops.get(shop)?.customers.get(`gid://shopify/Customer/${id}`);
  const code = storefrontState(ctx).customerCodes.get(shop)?.get(id) ?? null;
  return {
    id,
    email: known?.email ?? `customer${id}@example.com`,
    firstName: known?.firstName ?? "Demo",
    lastName: known?.lastName ?? `Customer ${id}`,
    referralCode: code,
  };
}

function storefrontLocale(tag: string | null | undefined): string {
  try {
    return (tag && Intl.getCanonicalLocales(tag.trim())[0]) || "en";
  } catch {
    return "en";
  }
}

function renderContext(ctx: SandboxContext, req: IncomingMessage, shop: string, url: URL): RenderContext {
  const sf = storefrontState(ctx);
  const known = ctx.state.shops.get(shop);
  // Shopify serves the storefront in a published language (/sv/, /ja/): here ?locale= or the browser's first language.
  const locale = storefrontLocale(url.searchParams.get("locale") ?? req.headers["accept-language"]?.split(",")[0]?.split(";")[0]);
  return {
    shop: {
      domain: shop,
      name: known?.name || shop.split(".")[0],
      currency: known?.currencyCode ?? "USD",
      url: `${ctx.baseUrl}/storefront/${shop}`,
    },
    customer: lookupCustomer(ctx, shop, loggedInCustomerId(req, url)),
    locale,
    cartAttributes: cartFor(ctx, req).attributes,
    appMetafields: sf.appMetafields.get(shop) ?? {},
    requestPath: url.pathname,
  };
}

function identityCookies(ctx: SandboxContext, req: IncomingMessage, url: URL, shop: string): string[] {
  const cookies = [`${SHOP_COOKIE}=${encodeURIComponent(shop)}; Path=/; SameSite=Lax`];
  if (url.searchParams.has("as_customer")) {
    const id = loggedInCustomerId(req, url);
    cookies.push(id ? `${CUSTOMER_COOKIE}=${id}; Path=/; SameSite=Lax` : `${CUSTOMER_COOKIE}=; Path=/; Max-Age=0`);
  }
  const cart = cartFor(ctx, req);
  if (cart.isNew) cookies.push(`${CART_COOKIE}=${cart.token}; Path=/; SameSite=Lax`);
  return cookies;
}

// ------------------------------------------------------------------------- page layout

interface PageOptions {
  title: string;
  body: string;
  blocks: BlockName[];
  ctx: RenderContext;
  nav: string;
  withoutEmbed?: boolean;
}

/** The storefront layout: head assets of the blocks (as Shopify injects them), then the app embed. */
async function renderPage(opts: PageOptions): Promise<string> {
  const assets = new Set<string>();
  const head: string[] = [];
  for (const block of opts.blocks) {
    const schema = readBlockSchema(block);
    if (schema.stylesheet && !assets.has(schema.stylesheet)) {
      assets.add(schema.stylesheet);
      head.push(`<link rel="stylesheet" href="${THEME_ASSET_PATH}/${schema.stylesheet}">`);
    }
    if (schema.javascript && !assets.has(schema.javascript)) {
      assets.add(schema.javascript);
      head.push(`<script src="${THEME_ASSET_PATH}/${schema.javascript}" defer></script>`);
    }
  }
  const embed = opts.withoutEmbed ? "" : await renderBlock("referral-embed", opts.ctx);
  const shopName = escapeHtml(opts.ctx.shop.name);
  return `<!doctype html>
<html lang="${opts.ctx.locale ?? "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)} – ${shopName}</title>
<style>body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a}header,main,footer{padding:1rem 2rem}header{display:flex;gap:1rem;align-items:center;border-bottom:1px solid #ddd}header nav{display:flex;gap:1rem;flex:1}.sandbox-note{font-size:.8rem;color:#666}.products{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem;margin:1.5rem 0}.products .product{border:1px solid #e3e3e3;border-radius:8px;padding:1rem}.products h2{font-size:1.1rem;margin:0 0 .25rem}.products .price{margin:0 0 .75rem}.products button{display:inline-block;padding:.65rem 1.1rem;border-radius:6px;border:0;background:#1a1a1a;color:#fff;font:inherit;font-size:1rem;cursor:pointer}.products button:hover{background:#333}</style>
${head.join("\n")}
</head>
<body>
<header><strong class="shop-name">${shopName}</strong><nav>${opts.nav}</nav></header>
<main>
${opts.body}
</main>
<footer class="sandbox-note">Shopify sandbox storefront (local test server)</footer>
${embed}
</body>
</html>`;
}

function navHtml(shop: string, customer: StorefrontCustomer | null): string {
  const base = `/storefront/${shop}`;
  const who = customer
    ? `<span data-sandbox-customer="${escapeHtml(customer.id)}">${escapeHtml(customer.email)}</span> <a href="${base}?as_customer=">Log out</a>`
    : `<span>Guest</span> <a href="${base}/account/login">Log in</a>`;
  return `<a href="${base}">Home</a><a href="${base}/products/demo">Shop</a><a href="${base}/cart">Cart</a><span style="flex:1"></span>${who}`;
}

async function blockSection(ctx: SandboxContext, name: BlockName, render: RenderContext, shop: string): Promise<string> {
  const settings = storefrontState(ctx).blockSettings.get(shop)?.[name] ?? {};
  const html = await renderBlock(name, { ...render, settings });
  return `<section class="shopify-app-block" data-block="${name}">${html}</section>`;
}

async function storefrontPage(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  shop: string,
  page: "home" | "product",
): Promise<void> {
  const url = requestUrl(req);
  const render = renderContext(ctx, req, shop, url);
  // Shopify keeps the visit's first page (with its query) as the order's landing_site.
  const visit = cartFor(ctx, req).cart;
  visit.shop ??= shop;
  if (visit.landingSite == null) {
    const pathOnShop = url.pathname.slice(`/storefront/${shop}`.length) || "/";
    visit.landingSite = `${pathOnShop}${url.search}`;
    const referer = req.headers.referer;
    visit.referringSite = typeof referer === "string" && !referer.startsWith(ctx.baseUrl) ? referer : null;
  }
  // ?sandbox_no_app=1 renders the same page as if Twofold were not installed (bench baseline).
  const withoutApp = url.searchParams.get("sandbox_no_app") === "1";
  // ?sandbox_embed_only=1: the app embed without any block, as on most pages of a real theme (collections, cart, blog).
  const embedOnly = url.searchParams.get("sandbox_embed_only") === "1";
  const blocks: BlockName[] = withoutApp || embedOnly ? [] : page === "home" ? ["friend-landing", "social-proof", "advocate"] : ["advocate"];
  const sections: string[] = [];
  if (page === "product") {
    sections.push(productSection(shop, render.shop.currency ?? "USD"));
  } else {
    sections.push(`<section class="hero"><h1>Welcome to ${escapeHtml(render.shop.name)}</h1></section>`);
  }
  for (const block of blocks) sections.push(await blockSection(ctx, block, render, shop));
  const html = await renderPage({
    title: page === "home" ? "Home" : "Demo product",
    body: sections.join("\n"),
    blocks,
    ctx: render,
    nav: navHtml(shop, render.customer ?? null),
    withoutEmbed: withoutApp,
  });
  res.writeHead(200, {
    "Content-Type": "text/html; charset=utf-8",
    "Set-Cookie": identityCookies(ctx, req, url, shop),
  });
  res.end(html);
}

// ------------------------------------------------------------------------- admin frame

function adminFrameUrl(ctx: SandboxContext, shop: string, subpath: string): string {
  const { token } = createSessionToken({
    shop,
    apiKey: ctx.options.apiKey,
    apiSecret: ctx.options.apiSecret,
    now: Math.floor(ctx.state.signingNow() / 1000),
  });
  const params = new URLSearchParams({
    embedded: "1",
    host: adminHostParam(shop),
    id_token: token,
    locale: "en",
    session: randomUUID().replace(/-/g, ""),
    shop,
    timestamp: String(Math.floor(ctx.state.signingNow() / 1000)),
  });
  // Shopify's admin also signs the launch query (OAuth-style hmac, hex, sorted key=value&...).
  const message = [...params.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  params.set("hmac", createHmac("sha256", ctx.options.apiSecret).update(message).digest("hex"));
  return `${ctx.options.appUrl.replace(/\/$/, "")}/app${subpath}?${params.toString()}`;
}

/**
 * Shopify's admin around the app: a top bar, the app's navigation (its <ui-nav-menu>, sent up by
 * the App Bridge stand-in) as a side navigation, and the app in its frame.
 */
function adminFramePage(shop: string, src: string): string {
  const appOrigin = new URL(src).origin;
  const base = `/admin/apps/twofold`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Twofold – ${escapeHtml(shop)} – Sandbox admin</title>
<style>
html,body{margin:0;height:100%;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f1f1f1}
header{height:44px;display:flex;align-items:center;padding:0 16px;background:#1a1a1a;color:#fff;font-size:14px}
.admin{display:flex;height:calc(100% - 44px)}
nav{width:220px;flex:none;padding:12px 8px;box-sizing:border-box;background:#ebebeb;border-right:1px solid #ddd;overflow-y:auto}
nav .app{font-size:13px;font-weight:650;color:#303030;padding:6px 10px}
nav a{display:block;padding:6px 10px 6px 22px;margin:1px 0;border-radius:8px;color:#303030;font-size:13px;text-decoration:none}
nav a:hover{background:#f7f7f7}
nav a[aria-current="page"]{background:#fff;font-weight:650}
iframe{border:0;flex:1;height:100%;background:#f1f1f1}
</style>
</head><body>
<header>Sandbox admin · ${escapeHtml(shop)} · Twofold</header>
<div class="admin">
<nav aria-label="Twofold"><div class="app">Twofold</div><div id="app-nav"></div></nav>
<iframe id="app-iframe" name="app-iframe" title="Twofold" src="${escapeHtml(src)}"></iframe>
</div>
<script>
(function () {
  var shop = ${JSON.stringify(shop)};
  var list = document.getElementById('app-nav');
  window.addEventListener('message', function (event) {
    if (event.origin !== ${JSON.stringify(appOrigin)} || !event.data || event.data.type !== 'sandbox:nav') return;
    list.textContent = '';
    event.data.items.forEach(function (item, i) {
      var sub = item.path.indexOf('/app') === 0 ? item.path.slice(4) : item.path;
      var a = document.createElement('a');
      a.href = ${JSON.stringify(base)} + sub + '?shop=' + encodeURIComponent(shop);
      a.textContent = item.label;
      var current = i === 0 ? event.data.current === item.path : event.data.current.indexOf(item.path) === 0;
      if (current) a.setAttribute('aria-current', 'page');
      list.appendChild(a);
    });
  });
})();
</script>
</body></html>`;
}

// ------------------------------------------------------------------------- control bodies

interface WebhookRequestBody {
  shop?: string;
  topic?: string;
  payload?: unknown;
  webhookId?: string;
  eventId?: string;
  forge?: boolean;
  path?: string;
  apiVersion?: string;
  omitHeaders?: string[];
}

interface MetafieldsRequestBody {
  shop?: string;
  /** App-data metafields, namespace "twofold" (friend_reward, advocate_reward ...). */
  app?: Record<string, string>;
  /** customer id (numeric or gid) -> advocate code ($app:twofold.code), null to remove. */
  customerCodes?: Record<string, string | null>;
  /** block -> settings overrides (merchant settings in the theme editor). */
  blockSettings?: Partial<Record<BlockName, Record<string, unknown>>>;
}

const ASSET_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

const appBridgeSource = readFileSync(new URL("./app-bridge.js", import.meta.url), "utf8");

// ------------------------------------------------------------------------- routes

export function storefrontRoutes(_ctx?: SandboxContext): SandboxRoute[] {
  return [
    ...checkoutRoutes(),
    ...extensionHostRoutes(),
    {
      method: "GET",
      path: /^\/storefront\/([^/]+)\/?$/,
      handle: (req, res, m, ctx) => storefrontPage(ctx, req, res, normalizeShopDomain(decodeURIComponent(m[1])), "home"),
    },
    {
      method: "GET",
      path: /^\/storefront\/([^/]+)\/products\/demo\/?$/,
      handle: (req, res, m, ctx) => storefrontPage(ctx, req, res, normalizeShopDomain(decodeURIComponent(m[1])), "product"),
    },
    {
      method: "GET",
      path: /^\/__sandbox\/theme-assets\/([A-Za-z0-9._-]+)$/,
      handle(_req, res, m) {
        const name = m[1];
        const ext = path.extname(name);
        let body: Buffer;
        try {
          body = readFileSync(path.join(EXTENSION_DIR, "assets", name));
        } catch {
          throw new HttpError(404, { errors: "Not Found" });
        }
        res.writeHead(200, {
          "Content-Type": ASSET_TYPES[ext] ?? "application/octet-stream",
          "Content-Length": body.length,
          "Access-Control-Allow-Origin": "*",
        });
        res.end(body);
      },
    },
    {
      // The app proxy: /apps/twofold/<rest> -> <appUrl>/proxy/<rest>, signed, cookies stripped.
      // Also under /storefront/<shop>/ (the sandbox's stand-in for the shop's own domain).
      method: "*",
      path: new RegExp(`^(?:/storefront/([^/]+))?${APP_PROXY_PREFIX}(/.*)?$`),
      async handle(req, res, m, ctx) {
        const url = requestUrl(req);
        const shop = m[1] ? normalizeShopDomain(decodeURIComponent(m[1])) : shopOfRequest(ctx, req, url);
        const rawBody = await readRawBody(req);
        const customerId = loggedInCustomerId(req, url);
        let result;
        try {
          result = await forwardProxyRequest(req, rawBody, {
            appUrl: ctx.options.appUrl,
            apiSecret: ctx.options.apiSecret,
            shop,
            rest: m[2] ?? "",
            search: url.search.slice(1),
            // The machine calling the shop. Tests play several shoppers with X-Sandbox-Client-Ip
            // (the sandbox's stand-in for other machines); a shopper's own X-Forwarded-For is
            // passed on to the left of that hop, as Shopify does, and proves nothing.
            clientIp: (typeof req.headers["x-sandbox-client-ip"] === "string" && req.headers["x-sandbox-client-ip"]) || req.socket.remoteAddress || null,
            clientForwardedFor: typeof req.headers["x-forwarded-for"] === "string" ? req.headers["x-forwarded-for"] : null,
            customerId,
            timestamp: Math.floor(ctx.state.signingNow() / 1000),
          });
        } catch (error) {
          // Shopify shows its own error page when the app cannot be reached in time.
          sendText(res, 502, `App proxy: the app did not answer (${(error as Error).message})`);
          return;
        }
        // The app's relative redirects ("/?ref=CODE", "/") mean the shop's own pages.
        const location = result.headers.location;
        if (location?.startsWith("/") && !location.startsWith("//")) result.headers.location = shopPath(shop, location);
        if (!result.liquid) return sendProxyResult(res, result);
        const render = renderContext(ctx, req, shop, url);
        const content = await renderLiquid(result.body.toString("utf8"), render);
        const html = await renderPage({
          title: "Twofold",
          body: `<section class="app-proxy">${content}</section>`,
          blocks: [],
          ctx: render,
          nav: navHtml(shop, render.customer ?? null),
        });
        sendText(res, result.status, html, "text/html; charset=utf-8");
      },
    },
    {
      // Shopify's shareable discount link: applies the code to the cart, then redirects.
      method: "GET",
      path: /^(?:\/storefront\/([^/]+))?\/discount\/([^/]+)\/?$/,
      handle(req, res, m, ctx) {
        const url = requestUrl(req);
        const shop = m[1] ? normalizeShopDomain(decodeURIComponent(m[1])) : shopOfRequest(ctx, req, url);
        const cart = cartFor(ctx, req);
        const code = decodeURIComponent(m[2]);
        // One order-level code at a time: a newer code replaces the cart's.
        cart.cart.discountCodes = [code];
        const redirect = url.searchParams.get("redirect") ?? "/";
        const cookies = [`discount_code=${encodeURIComponent(code)}; Path=/; SameSite=Lax`];
        if (cart.isNew) cookies.push(`${CART_COOKIE}=${cart.token}; Path=/; SameSite=Lax`);
        res.writeHead(302, { Location: shopPath(shop, redirect.startsWith("/") ? redirect : "/"), "Set-Cookie": cookies });
        res.end();
      },
    },
    {
      // Control: deliver one signed webhook to the app and answer with the result.
      method: "POST",
      path: /^\/__sandbox\/webhooks\/?$/,
      async handle(req, res, _m, ctx) {
        const text = await readBody(req);
        let body: WebhookRequestBody;
        try {
          body = text.trim() ? parseJsonLossless<WebhookRequestBody>(text) : {};
        } catch {
          throw new HttpError(400, { errors: "Invalid JSON body" });
        }
        if (!body.shop || !body.topic || body.payload === undefined) {
          throw new HttpError(400, { errors: "shop, topic and payload are required" });
        }
        const delivery = await deliverWebhook({
          appUrl: ctx.options.appUrl,
          apiSecret: ctx.options.apiSecret,
          shop: normalizeShopDomain(body.shop),
          topic: body.topic,
          payload: body.payload,
          webhookId: body.webhookId,
          eventId: body.eventId,
          forge: body.forge,
          path: body.path,
          apiVersion: body.apiVersion,
          omitHeaders: body.omitHeaders,
        });
        const log = storefrontState(ctx).webhookLog;
        log.push(delivery);
        if (log.length > 200) log.splice(0, log.length - 200);
        sendJson(res, 200, delivery);
      },
    },
    {
      method: "GET",
      path: /^\/__sandbox\/webhooks\/?$/,
      handle: (_req, res, _m, ctx) => sendJson(res, 200, { deliveries: storefrontState(ctx).webhookLog }),
    },
    {
      // Control: what the app would have written to metafields, and merchant block settings.
      method: "POST",
      path: /^\/__sandbox\/storefront\/metafields\/?$/,
      async handle(req, res, _m, ctx) {
        const text = await readBody(req);
        const body = (text.trim() ? JSON.parse(text) : {}) as MetafieldsRequestBody;
        if (!body.shop) throw new HttpError(400, { errors: "shop is required" });
        const shop = normalizeShopDomain(body.shop);
        const sf = storefrontState(ctx);
        if (body.app) sf.appMetafields.set(shop, { ...(sf.appMetafields.get(shop) ?? {}), ...body.app });
        if (body.customerCodes) {
          const codes = sf.customerCodes.get(shop) ?? new Map<string, string>();
          for (const [id, code] of Object.entries(body.customerCodes)) {
            if (code) codes.set(numericCustomerId(id), code);
            else codes.delete(numericCustomerId(id));
          }
          sf.customerCodes.set(shop, codes);
        }
        if (body.blockSettings) {
          const current = sf.blockSettings.get(shop) ?? {};
          for (const [block, settings] of Object.entries(body.blockSettings)) {
            current[block as BlockName] = { ...(current[block as BlockName] ?? {}), ...settings };
          }
          sf.blockSettings.set(shop, current);
        }
        sendJson(res, 200, {
          shop,
          app: sf.appMetafields.get(shop) ?? {},
          customerCodes: Object.fromEntries(sf.customerCodes.get(shop) ?? []),
          blockSettings: sf.blockSettings.get(shop) ?? {},
        });
      },
    },
    {
      method: "GET",
      path: /^\/admin\/apps\/twofold(\/.*)?$/,
      handle(req, res, m, ctx) {
        const url = requestUrl(req);
        const shopParam = url.searchParams.get("shop");
        if (!shopParam) throw new HttpError(400, { errors: "shop is required (?shop=<name>.myshopify.com)" });
        const shop = normalizeShopDomain(shopParam);
        sendText(res, 200, adminFramePage(shop, adminFrameUrl(ctx, shop, m[1] ?? "")), "text/html; charset=utf-8");
      },
    },
    {
      method: "GET",
      path: /^\/__sandbox\/session-token\/?$/,
      handle(req, res, _m, ctx) {
        const url = requestUrl(req);
        const shopParam = url.searchParams.get("shop");
        const cors = { "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" };
        if (!shopParam) return sendJson(res, 400, { errors: "shop is required" }, cors);
        const result = createSessionToken({
          shop: normalizeShopDomain(shopParam),
          apiKey: ctx.options.apiKey,
          apiSecret: ctx.options.apiSecret,
          userId: url.searchParams.get("user") ?? undefined,
          now: Math.floor(ctx.state.signingNow() / 1000),
        });
        sendJson(res, 200, result, cors);
      },
    },
    {
      method: "OPTIONS",
      path: /^\/__sandbox\/session-token\/?$/,
      handle(_req, res) {
        res.writeHead(204, {
          "Access-Control-Allow-Origin": "*",
          "Access-Control-Allow-Methods": "GET, OPTIONS",
          "Access-Control-Allow-Headers": "*",
        });
        res.end();
      },
    },
    {
      method: "GET",
      path: /^\/__sandbox\/app-bridge\.js$/,
      handle(_req, res) {
        sendText(res, 200, appBridgeSource, "text/javascript; charset=utf-8", {
          "Access-Control-Allow-Origin": "*",
          "Cache-Control": "no-cache",
        });
      },
    },
  ];
}
