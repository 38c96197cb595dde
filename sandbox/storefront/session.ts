/**
 * A storefront visitor's session in the sandbox: which shop (cookie), which logged-in
 * customer (?as_customer= / cookie), and which cart (cookie `cart`). Shared by the
 * storefront pages, the cart API and the checkout.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { normalizeShopDomain } from "../admin/state";
import { HttpError, type SandboxContext } from "../router";
import { newCart, numericCustomerId, storefrontStateOf, type SandboxCart, type StorefrontState } from "./state";

export const SHOP_COOKIE = "sandbox_shop";
export const CUSTOMER_COOKIE = "sandbox_customer";
export const CART_COOKIE = "cart";

export function storefrontState(ctx: SandboxContext): StorefrontState {
  return storefrontStateOf(ctx.state);
}

// ------------------------------------------------------------------------- helpers

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

export function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? "/", "http://sandbox.local");
}

/** The sandbox's "logged-in customer": ?as_customer= (sticky via cookie; empty logs out). */
export function loggedInCustomerId(req: IncomingMessage, url: URL): string | null {
  if (url.searchParams.has("as_customer")) {
    const value = url.searchParams.get("as_customer") ?? "";
    return value ? numericCustomerId(value) : null;
  }
  const cookie = parseCookies(req.headers.cookie)[CUSTOMER_COOKIE];
  return cookie ? numericCustomerId(cookie) : null;
}

export interface Cart {
  token: string;
  attributes: Record<string, string>;
  cart: SandboxCart;
  isNew: boolean;
}
const cartOfRequest = new WeakMap<IncomingMessage, Cart>();

/** The request's cart (cookie `cart`), created on first use; `isNew` means set the cookie. */
export function cartFor(ctx: SandboxContext, req: IncomingMessage): Cart {
  const seen = cartOfRequest.get(req);
  if (seen) return seen;
  const cart = findOrCreateCart(ctx, req);
  cartOfRequest.set(req, cart);
  return cart;
}

function findOrCreateCart(ctx: SandboxContext, req: IncomingMessage): Cart {
  const carts = storefrontState(ctx).carts;
  const existing = parseCookies(req.headers.cookie)[CART_COOKIE];
  const found = existing ? carts.get(existing) : undefined;
  if (found) return { token: found.token, attributes: found.attributes, cart: found, isNew: false };
  const token = existing || randomUUID().replace(/-/g, "");
  const cart = newCart(token);
  carts.set(token, cart);
  return { token, attributes: cart.attributes, cart, isNew: !existing };
}

/** Set-Cookie for a cart made by this request. */
export function cartCookie(cart: Cart): string[] {
  return cart.isNew ? [`${CART_COOKIE}=${cart.token}; Path=/; SameSite=Lax`] : [];
}

/** A path on the shop's own domain ("/", "/?ref=X") as a sandbox URL (/storefront/<shop>/...). */
export function shopPath(shop: string, pathOnShop: string): string {
  const p = pathOnShop.startsWith("/") ? pathOnShop : `/${pathOnShop}`;
  return `/storefront/${shop}${p}`;
}

/** Which shop a root-level storefront request (/apps/..., /cart/...) belongs to. */
export function shopOfRequest(ctx: SandboxContext, req: IncomingMessage, url: URL): string {
  const fromHeader = req.headers["x-shopify-shop-domain"];
  const fromCookie = parseCookies(req.headers.cookie)[SHOP_COOKIE];
  const chosen = (typeof fromHeader === "string" && fromHeader) || fromCookie || url.searchParams.get("sandbox_shop");
  if (chosen) return normalizeShopDomain(chosen);
  if (ctx.state.shops.size === 1) return [...ctx.state.shops.keys()][0];
  throw new HttpError(400, { errors: "Unknown shop: open /storefront/<shop> first (sets the sandbox_shop cookie)." });
}

