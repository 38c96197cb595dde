/**
 * The sandbox's shopping routes: Shopify's cart API (/cart/add.js, /cart/update.js,
 * /cart/change.js, /cart/clear.js, /cart.js), the cart and checkout pages, customer login,
 * the merchant's order pages, and the control API tests use (checkout, refund, cancel,
 * clock, webhook outbox).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { toMinorUnits } from "../admin/money";
import { addCustomer, normalizeShopDomain, type SandboxOrder, type SandboxShop, type SandboxState } from "../admin/state";
import { HttpError, readBody, sendJson, sendText, type SandboxContext, type SandboxRoute } from "../router";
import { parseJsonLossless } from "../storefront/json";
import { cartCookie, cartFor, CUSTOMER_COOKIE, loggedInCustomerId, requestUrl, shopOfRequest, SHOP_COOKIE, type Cart } from "../storefront/session";
import { newCart, type SandboxCart } from "../storefront/state";
import { priceMinor, productByVariant } from "./catalog";
import { cartPage, checkoutPage, loginPage, orderPage, ordersPage, shell, storeNav } from "./pages";
import { cancelOrder, customerByEmail, placeOrder, quoteCheckout, refundOrder, type CheckoutInput } from "./place-order";
import { configureDrops, dropSettings, outboxMessages, outboxSettled, sendWebhook } from "./webhook-outbox";
import { appUninstalledPayload } from "../storefront/payloads";

function shopOrThrow(state: SandboxState, domain: string | null | undefined): SandboxShop {
  if (!domain) throw new HttpError(400, { errors: "shop is required" });
  const shop = state.shops.get(normalizeShopDomain(domain));
  if (!shop) throw new HttpError(404, { errors: `Unknown shop ${domain}` });
  return shop;
}

async function readForm(req: IncomingMessage): Promise<{ json: Record<string, unknown> | null; form: URLSearchParams }> {
  const text = await readBody(req);
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json")) {
    try {
      return { json: (text.trim() ? JSON.parse(text) : {}) as Record<string, unknown>, form: new URLSearchParams() };
    } catch {
      throw new HttpError(400, { errors: "Invalid JSON body" });
    }
  }
  return { json: null, form: new URLSearchParams(text) };
}

// ------------------------------------------------------------------------- cart API

function cartJson(ctx: SandboxContext, cart: SandboxCart): Record<string, unknown> {
  const shop = cart.shop ? ctx.state.shops.get(cart.shop) : undefined;
  const currency = shop?.currencyCode ?? "USD";
  const items = cart.items.map((line, i) => {
    const p = productByVariant(line.variantId)!;
    const price = priceMinor(p, currency);
    return {
      key: `${p.variantId.split("/").pop()}:${i}`,
      id: Number(p.variantId.split("/").pop()),
      variant_id: Number(p.variantId.split("/").pop()),
      product_id: Number(p.productId.split("/").pop()),
      handle: p.handle,
      title: p.title,
      quantity: line.quantity,
      price,
      line_price: price * line.quantity,
    };
  });
  return {
    token: cart.token,
    note: cart.note,
    attributes: cart.attributes,
    item_count: cart.items.reduce((s, l) => s + l.quantity, 0),
    items,
    total_price: items.reduce((s, i) => s + i.line_price, 0),
    currency,
    discount_codes: cart.discountCodes.map((code) => ({ code, applicable: true })),
  };
}

function addToCart(cart: SandboxCart, id: unknown, quantity: unknown): void {
  const product = productByVariant(String(id ?? ""));
  if (!product) throw new HttpError(404, { status: 404, message: "Cart Error", description: "Cannot find variant" });
  const qty = quantity == null || quantity === "" ? 1 : Number(quantity);
  if (!Number.isInteger(qty) || qty <= 0) throw new HttpError(422, { status: 422, message: "Cart Error", description: "Quantity must be a whole number above 0" });
  const line = cart.items.find((l) => l.variantId === product.variantId);
  if (line) line.quantity += qty;
  else cart.items.push({ variantId: product.variantId, quantity: qty });
}

function applyCartUpdate(cart: SandboxCart, body: Record<string, unknown>): void {
  const attributes = body.attributes as Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(attributes ?? {})) {
    if (v == null || v === "") delete cart.attributes[k];
    else cart.attributes[k] = String(v);
  }
  if (typeof body.note === "string") cart.note = body.note || null;
  const updates = body.updates as Record<string, unknown> | unknown[] | undefined;
  if (Array.isArray(updates)) updates.forEach((q, i) => setQuantity(cart, i, Number(q)));
  else for (const [id, q] of Object.entries(updates ?? {})) {
    const product = productByVariant(id.split(":")[0]);
    const index = product ? cart.items.findIndex((l) => l.variantId === product.variantId) : -1;
    if (index >= 0) setQuantity(cart, index, Number(q));
    else if (product && Number(q) > 0) cart.items.push({ variantId: product.variantId, quantity: Number(q) });
  }
  if (typeof body.discount === "string") cart.discountCodes = body.discount.trim() ? [body.discount.trim()] : [];
}

function setQuantity(cart: SandboxCart, index: number, quantity: number): void {
  if (!cart.items[index]) return;
  if (!Number.isInteger(quantity) || quantity < 0) throw new HttpError(422, { status: 422, message: "Cart Error", description: "Quantity must be a whole number" });
  if (quantity === 0) cart.items.splice(index, 1);
  else cart.items[index].quantity = quantity;
}

/** Form fields as Shopify's cart forms send them: attributes[x], updates[id], note, id, quantity. */
function formToBody(form: URLSearchParams): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const attributes: Record<string, string> = {};
  const updates: Record<string, string> = {};
  for (const [k, v] of form) {
    const attr = /^attributes\[(.+)\]$/.exec(k);
    const upd = /^updates\[(.+)\]$/.exec(k);
    if (attr) attributes[attr[1]] = v;
    else if (upd) updates[upd[1]] = v;
    else body[k] = v;
  }
  if (Object.keys(attributes).length) body.attributes = attributes;
  if (Object.keys(updates).length) body.updates = updates;
  return body;
}

function cartShop(ctx: SandboxContext, req: IncomingMessage, cart: Cart, fromPath?: string): string {
  const shop = fromPath ? normalizeShopDomain(decodeURIComponent(fromPath)) : shopOfRequest(ctx, req, requestUrl(req));
  cart.cart.shop ??= shop;
  return shop;
}

function sendCart(ctx: SandboxContext, res: ServerResponse, cart: Cart, body: unknown = cartJson(ctx, cart.cart)): void {
  sendJson(res, 200, body, cart.isNew ? { "Set-Cookie": cartCookie(cart) } : {});
}

function redirect(res: ServerResponse, location: string, cookies: string[] = []): void {
  res.writeHead(303, { Location: location, ...(cookies.length ? { "Set-Cookie": cookies } : {}) });
  res.end();
}

// ------------------------------------------------------------------------- checkout

function checkoutInputFromCart(ctx: SandboxContext, req: IncomingMessage, shop: SandboxShop, cart: SandboxCart): CheckoutInput {
  const url = requestUrl(req);
  const id = loggedInCustomerId(req, url);
  const ip = req.headers["x-forwarded-for"];
  return {
    lines: cart.items.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
    customerId: id ? `gid://shopify/Customer/${id}` : null,
    email: cart.email,
    discountCode: cart.discountCodes[0] ?? null,
    useStoreCredit: cart.useStoreCredit,
    attributes: cart.attributes,
    note: cart.note,
    landingSite: cart.landingSite,
    referringSite: cart.referringSite,
    browserIp: (typeof ip === "string" && ip.split(",")[0].trim()) || req.socket.remoteAddress || null,
    userAgent: (req.headers["user-agent"] as string | undefined) ?? null,
    locale: (req.headers["accept-language"] as string | undefined)?.slice(0, 2) || "en",
    presentmentCurrency: cart.currency ?? null,
  };
}

/** `?currency=EUR` picks the buyer's currency, as Shopify's storefront URLs do; one the shop does not sell in is ignored. */
function pickCurrency(req: IncomingMessage, shop: SandboxShop, cart: SandboxCart): void {
  const wanted = requestUrl(req).searchParams.get("currency")?.trim().toUpperCase();
  if (!wanted) return;
  cart.currency = wanted === shop.currencyCode || !shop.presentmentRates[wanted] ? null : wanted;
}

function currentCustomer(req: IncomingMessage, shop: SandboxShop) {
  const id = loggedInCustomerId(req, requestUrl(req));
  return id ? (shop.customers.get(`gid://shopify/Customer/${id}`) ?? null) : null;
}

function renderShop(res: ServerResponse, shop: SandboxShop, req: IncomingMessage, cart: SandboxCart, title: string, body: string, status = 200, cookies: string[] = []): void {
  const nav = storeNav(shop.domain, currentCustomer(req, shop), cart.items.reduce((s, l) => s + l.quantity, 0));
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Set-Cookie": [`${SHOP_COOKIE}=${encodeURIComponent(shop.domain)}; Path=/; SameSite=Lax`, ...cookies] });
  res.end(shell(title, shop.name || shop.domain, nav, body));
}

async function checkoutPost(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, shop: SandboxShop): Promise<void> {
  const cart = cartFor(ctx, req);
  cart.cart.shop ??= shop.domain;
  const { form } = await readForm(req);
  const action = form.get("action") ?? "pay";
  const base = `/storefront/${shop.domain}`;
  if (form.has("email")) cart.cart.email = form.get("email")!.trim() || null;
  if (form.has("store_credit_shown")) cart.cart.useStoreCredit = form.get("use_store_credit") === "1";
  if (action === "apply_discount") {
    const code = (form.get("discount") ?? "").trim();
    // One order-level code at a time: a new code replaces the one applied.
    cart.cart.discountCodes = code ? [code] : [];
    return redirect(res, `${base}/checkout`, cartCookie(cart));
  }
  if (action === "remove_discount") {
    cart.cart.discountCodes = [];
    return redirect(res, `${base}/checkout`, cartCookie(cart));
  }
  const placed = placeOrder(ctx, shop, checkoutInputFromCart(ctx, req, shop, cart.cart));
  if ("errors" in placed) {
    const html = checkoutPage({ shop, cart: cart.cart, customer: currentCustomer(req, shop), quote: placed.quote, errors: placed.errors });
    return renderShop(res, shop, req, cart.cart, "Checkout", html, 422, cartCookie(cart));
  }
  // A paid checkout empties the cart (the referral cookie of the app embed stays, as on Shopify).
  const fresh = newCart(cart.token);
  fresh.shop = shop.domain;
  fresh.landingSite = cart.cart.landingSite;
  Object.assign(cart.cart, fresh);
  redirect(res, `${base}/checkouts/thank-you/${placed.order.id.split("/").pop()}`, cartCookie(cart));
}

// ------------------------------------------------------------------------- control bodies

interface CheckoutControlBody {
  shop?: string;
  customerId?: string | number | null;
  email?: string | null;
  lines?: { variantId?: string | number; handle?: string; quantity?: number }[];
  discountCode?: string | null;
  useStoreCredit?: boolean;
  /** The buyer's currency (one of the shop's presentment rates); the shop's when omitted. */
  currency?: string | null;
  attributes?: Record<string, string>;
  noteAttributes?: { name: string; value: string }[];
  note?: string | null;
  landingSite?: string | null;
  referringSite?: string | null;
  browserIp?: string | null;
  userAgent?: string | null;
  locale?: string;
  firstName?: string | null;
  lastName?: string | null;
}

function customerGid(id: string | number | null | undefined): string | null {
  if (id == null || id === "") return null;
  const text = String(id);
  return text.startsWith("gid://") ? text : `gid://shopify/Customer/${text}`;
}

function orderOrThrow(shop: SandboxShop, id: unknown): SandboxOrder {
  const text = String(id ?? "");
  const order = shop.orders.get(text.startsWith("gid://") ? text : `gid://shopify/Order/${text}`);
  if (!order) throw new HttpError(404, { errors: `Unknown order ${text}` });
  return order;
}

/** "15d", "36h", "90m", "30s" or milliseconds. */
export function parseDuration(value: unknown): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  const m = /^(-?\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(String(value ?? "").trim());
  if (!m) throw new HttpError(400, { errors: `Not a duration: ${String(value)} (use e.g. "15d", "36h" or milliseconds)` });
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? "ms") as "ms"];
  return Math.round(Number(m[1]) * unit);
}

// ------------------------------------------------------------------------- routes

export function checkoutRoutes(): SandboxRoute[] {
  return [
    {
      method: "POST",
      path: /^(?:\/storefront\/([^/]+))?\/cart\/add(\.js)?$/,
      async handle(req, res, m, ctx) {
        const cart = cartFor(ctx, req);
        const shop = cartShop(ctx, req, cart, m[1]);
        const { json, form } = await readForm(req);
        const body = json ?? formToBody(form);
        const items = Array.isArray(body.items) ? (body.items as Record<string, unknown>[]) : [body];
        for (const item of items) addToCart(cart.cart, item.id, item.quantity);
        if (m[2]) return sendCart(ctx, res, cart);
        redirect(res, `/storefront/${shop}/cart`, cartCookie(cart));
      },
    },
    {
      method: "POST",
      path: /^\/cart\/(update|change|clear)\.js$/,
      async handle(req, res, m, ctx) {
        const cart = cartFor(ctx, req);
        const { json, form } = await readForm(req);
        const body = json ?? formToBody(form);
        if (m[1] === "update") applyCartUpdate(cart.cart, body);
        else if (m[1] === "clear") cart.cart.items = [];
        else {
          const line = body.line != null ? Number(body.line) - 1 : cart.cart.items.findIndex((l) => productByVariant(String(body.id ?? "").split(":")[0])?.variantId === l.variantId);
          if (line < 0 || !cart.cart.items[line]) throw new HttpError(400, { status: 400, message: "Cart Error", description: "No valid id or line parameter" });
          if (body.quantity != null) setQuantity(cart.cart, line, Number(body.quantity));
        }
        sendCart(ctx, res, cart);
      },
    },
    {
      method: "GET",
      path: /^\/cart\.js$/,
      handle(req, res, _m, ctx) {
        sendCart(ctx, res, cartFor(ctx, req));
      },
    },
    {
      method: "GET",
      path: /^\/storefront\/([^/]+)\/cart\/?$/,
      handle(req, res, m, ctx) {
        const shop = shopOrThrow(ctx.state, decodeURIComponent(m[1]));
        const cart = cartFor(ctx, req);
        cart.cart.shop ??= shop.domain;
        renderShop(res, shop, req, cart.cart, "Cart", cartPage(shop.domain, cart.cart, shop.currencyCode), 200, cartCookie(cart));
      },
    },
    {
      method: "GET",
      path: /^\/storefront\/([^/]+)\/checkout\/?$/,
      handle(req, res, m, ctx) {
        const shop = shopOrThrow(ctx.state, decodeURIComponent(m[1]));
        const cart = cartFor(ctx, req);
        cart.cart.shop ??= shop.domain;
        pickCurrency(req, shop, cart.cart);
        const { quote, errors } = quoteCheckout(ctx.state, shop, checkoutInputFromCart(ctx, req, shop, cart.cart));
        // Only refusals the buyer acted on show before paying: a bad code, not an untyped email.
        const shown = errors.filter((x) => x.field === "discountCode");
        const html = checkoutPage({ shop, cart: cart.cart, customer: currentCustomer(req, shop), quote, errors: shown });
        renderShop(res, shop, req, cart.cart, "Checkout", html, 200, cartCookie(cart));
      },
    },
    {
      method: "POST",
      path: /^\/storefront\/([^/]+)\/checkout\/?$/,
      handle: (req, res, m, ctx) => checkoutPost(ctx, req, res, shopOrThrow(ctx.state, decodeURIComponent(m[1]))),
    },
    {
      method: "GET",
      path: /^\/storefront\/([^/]+)\/account\/login\/?$/,
      handle(req, res, m, ctx) {
        const shop = shopOrThrow(ctx.state, decodeURIComponent(m[1]));
        const returnTo = requestUrl(req).searchParams.get("return_to") ?? "/";
        renderShop(res, shop, req, cartFor(ctx, req).cart, "Log in", loginPage(shop, returnTo, null));
      },
    },
    {
      method: "POST",
      path: /^\/storefront\/([^/]+)\/account\/login\/?$/,
      async handle(req, res, m, ctx) {
        const shop = shopOrThrow(ctx.state, decodeURIComponent(m[1]));
        const { form } = await readForm(req);
        const email = (form.get("email") ?? "").trim();
        const returnTo = form.get("return_to") ?? "/";
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
          return renderShop(res, shop, req, cartFor(ctx, req).cart, "Log in", loginPage(shop, returnTo, "Enter a valid email"), 422);
        }
        const customer = customerByEmail(shop, email) ?? addCustomer(ctx.state, shop, { email });
        const id = customer.id.split("/").pop();
        const target = returnTo.startsWith("/") && !returnTo.startsWith("//") ? returnTo : "/";
        redirect(res, `/storefront/${shop.domain}${target === "/" ? "" : target}`, [`${CUSTOMER_COOKIE}=${id}; Path=/; SameSite=Lax`]);
      },
    },
    {
      method: "GET",
      path: /^\/admin\/orders(?:\/(\d+))?\/?$/,
      handle(req, res, m, ctx) {
        const shop = shopOrThrow(ctx.state, requestUrl(req).searchParams.get("shop"));
        const body = m[1] ? orderPage(shop, orderOrThrow(shop, m[1]), null) : ordersPage(shop);
        const nav = `<a href="/admin/orders?shop=${shop.domain}">Orders</a><a href="/admin/apps/twofold?shop=${shop.domain}">Twofold</a>`;
        sendText(res, 200, shell("Sandbox admin", shop.name || shop.domain, nav, body), "text/html; charset=utf-8");
      },
    },
    {
      method: "POST",
      path: /^\/admin\/orders\/(\d+)\/?$/,
      async handle(req, res, m, ctx) {
        const shop = shopOrThrow(ctx.state, requestUrl(req).searchParams.get("shop"));
        const order = orderOrThrow(shop, m[1]);
        const { form } = await readForm(req);
        let result: { ok: true } | { error: string };
        if (form.get("action") === "cancel") result = cancelOrder(ctx, shop, order, {});
        else {
          let amountMinor: number | undefined;
          try {
            amountMinor = toMinorUnits(form.get("amount") ?? "", order.currencyCode);
          } catch {
            amountMinor = NaN;
          }
          result = refundOrder(ctx, shop, order, { amountMinor });
        }
        if ("error" in result) {
          const nav = `<a href="/admin/orders?shop=${shop.domain}">Orders</a>`;
          return sendText(res, 422, shell("Sandbox admin", shop.name, nav, orderPage(shop, order, result.error)), "text/html; charset=utf-8");
        }
        redirect(res, `/admin/orders/${m[1]}?shop=${shop.domain}`);
      },
    },
    {
      // Theme links on the shop's own domain (routes.account_login_url, cart_url, checkout).
      method: "GET",
      path: /^\/(account\/login|cart|checkout)\/?$/,
      handle(req, res, m, ctx) {
        const url = requestUrl(req);
        redirect(res, `/storefront/${shopOfRequest(ctx, req, url)}/${m[1]}${url.search}`);
      },
    },
    // ----------------------------------------------------------------- control API
    {
      method: "POST",
      path: /^\/__sandbox\/checkout\/?$/,
      async handle(req, res, _m, ctx) {
        const text = await readBody(req);
        let body: CheckoutControlBody;
        try {
          body = text.trim() ? parseJsonLossless<CheckoutControlBody>(text) : {};
        } catch {
          throw new HttpError(400, { errors: "Invalid JSON body" });
        }
        const shop = shopOrThrow(ctx.state, body.shop);
        const attributes = { ...(body.attributes ?? {}) };
        for (const a of body.noteAttributes ?? []) attributes[a.name] = a.value;
        const placed = placeOrder(ctx, shop, {
          lines: (body.lines?.length ? body.lines : [{ handle: "demo", quantity: 1 }]).map((l) => ({ variantId: String(l.variantId ?? l.handle ?? ""), quantity: l.quantity ?? 1 })),
          customerId: customerGid(body.customerId),
          email: body.email ?? null,
          discountCode: body.discountCode ?? null,
          useStoreCredit: body.useStoreCredit ?? false,
          presentmentCurrency: body.currency ?? null,
          attributes,
          note: body.note ?? null,
          landingSite: body.landingSite ?? null,
          referringSite: body.referringSite ?? null,
          browserIp: body.browserIp ?? null,
          userAgent: body.userAgent ?? null,
          locale: body.locale ?? "en",
          firstName: body.firstName ?? null,
          lastName: body.lastName ?? null,
        });
        if ("errors" in placed) return sendJson(res, 422, { errors: placed.errors });
        sendJson(res, 200, { order: placed.order });
      },
    },
    {
      method: "GET",
      path: /^\/__sandbox\/orders\/?$/,
      handle(req, res, _m, ctx) {
        const shop = shopOrThrow(ctx.state, requestUrl(req).searchParams.get("shop"));
        sendJson(res, 200, { orders: [...shop.orders.values()] });
      },
    },
    {
      method: "POST",
      path: /^\/__sandbox\/orders\/(refund|cancel)\/?$/,
      async handle(req, res, m, ctx) {
        const { json } = await readForm(req);
        const body = (json ?? {}) as { shop?: string; orderId?: string; amount?: string; note?: string; reason?: string; refund?: boolean };
        const shop = shopOrThrow(ctx.state, body.shop);
        const order = orderOrThrow(shop, body.orderId);
        let result: { ok: true } | { error: string };
        if (m[1] === "cancel") result = cancelOrder(ctx, shop, order, { reason: body.reason, refund: body.refund });
        else {
          let amountMinor: number | undefined;
          if (body.amount != null) {
            try {
              amountMinor = toMinorUnits(String(body.amount), order.currencyCode);
            } catch {
              throw new HttpError(400, { errors: `Not a money amount: ${String(body.amount)}` });
            }
          }
          result = refundOrder(ctx, shop, order, { amountMinor, note: body.note });
        }
        if ("error" in result) return sendJson(res, 422, { errors: result.error });
        sendJson(res, 200, { order });
      },
    },
    {
      // The merchant changes the shop's settings in Shopify's admin: Shopify sends shop/update.
      method: "POST",
      path: /^\/__sandbox\/shops\/settings\/?$/,
      async handle(req, res, _m, ctx) {
        const { json } = await readForm(req);
        const body = (json ?? {}) as { shop?: string; name?: string; customerAccountsVersion?: string };
        const shop = shopOrThrow(ctx.state, body.shop);
        if (body.customerAccountsVersion !== undefined) {
          if (body.customerAccountsVersion !== "NEW_CUSTOMER_ACCOUNTS" && body.customerAccountsVersion !== "CLASSIC") {
            throw new HttpError(400, { errors: "customerAccountsVersion must be NEW_CUSTOMER_ACCOUNTS or CLASSIC" });
          }
          shop.customerAccountsVersion = body.customerAccountsVersion;
        }
        if (typeof body.name === "string" && body.name.trim()) shop.name = body.name.trim();
        sendWebhook(ctx, shop.domain, "shop/update", appUninstalledPayload({ shop: shop.domain, name: shop.name, email: shop.email, currency: shop.currencyCode }));
        sendJson(res, 200, { shop: shop.domain, name: shop.name, customerAccountsVersion: shop.customerAccountsVersion });
      },
    },
    {
      method: "GET",
      path: /^\/__sandbox\/clock\/?$/,
      handle: (_req, res, _m, ctx) => sendJson(res, 200, { now: new Date(ctx.state.now()).toISOString(), offsetMs: ctx.state.clockOffsetMs }),
    },
    {
      method: "POST",
      path: /^\/__sandbox\/clock\/?$/,
      async handle(req, res, _m, ctx) {
        const { json } = await readForm(req);
        const body = (json ?? {}) as { advance?: string | number; set?: string; reset?: boolean };
        if (body.reset) ctx.state.clockOffsetMs = 0;
        else if (body.set != null) {
          const target = Date.parse(body.set);
          if (Number.isNaN(target)) throw new HttpError(400, { errors: `Not a date: ${body.set}` });
          ctx.state.clockOffsetMs += target - ctx.state.now();
        } else if (body.advance != null) {
          const ms = parseDuration(body.advance);
          if (ms < 0) throw new HttpError(400, { errors: "The sandbox clock only moves forward (use reset to go back)" });
          ctx.state.clockOffsetMs += ms;
        } else throw new HttpError(400, { errors: "Give advance (\"15d\"), set (an ISO date) or reset: true" });
        sendJson(res, 200, { now: new Date(ctx.state.now()).toISOString(), offsetMs: ctx.state.clockOffsetMs });
      },
    },
    {
      method: "GET",
      path: /^\/__sandbox\/outbox\/?$/,
      handle(req, res, _m, ctx) {
        const shop = requestUrl(req).searchParams.get("shop");
        sendJson(res, 200, { messages: outboxMessages(ctx, shop ? normalizeShopDomain(shop) : undefined) });
      },
    },
    {
      method: "GET",
      path: /^\/__sandbox\/webhooks\/drop\/?$/,
      handle(_req, res, _m, ctx) {
        sendJson(res, 200, dropSettings(ctx));
      },
    },
    {
      method: "POST",
      path: /^\/__sandbox\/webhooks\/drop\/?$/,
      async handle(req, res, _m, ctx) {
        const { json } = await readForm(req);
        const body = (json ?? {}) as { dropRate?: number; seed?: number; next?: { topic: string; shop?: string; count: number }[]; clear?: boolean };
        if (body.next !== undefined && !Array.isArray(body.next)) throw new HttpError(400, { errors: "next must be a list of {topic, shop?, count}" });
        try {
          sendJson(res, 200, configureDrops(ctx, { ...body, next: body.next?.map((r) => ({ ...r, shop: r.shop ? normalizeShopDomain(r.shop) : undefined })) }));
        } catch (error) {
          throw new HttpError(400, { errors: (error as Error).message });
        }
      },
    },
    {
      method: "POST",
      path: /^\/__sandbox\/outbox\/settle\/?$/,
      async handle(req, res, _m, ctx) {
        const { json } = await readForm(req);
        const timeoutMs = Math.min(Number((json as { timeoutMs?: number } | null)?.timeoutMs ?? 10_000), 120_000);
        sendJson(res, 200, await outboxSettled(ctx, timeoutMs));
      },
    },
  ];
}
