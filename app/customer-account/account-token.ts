// Who a customer account extension request is for. Shopify's library checks the session
// token's signature (HS256, app secret) and exp/nbf but not its audience for extension
// tokens, and nothing about dest or sub: this decides the rest. Pure, so tests cover every claim.

export type AccountTokenRefusal = "wrong_audience" | "bad_destination" | "not_a_customer";

export type AccountTokenCheck =
  | { ok: true; shop: string; customerGid: string }
  | { ok: false; status: 401 | 403; reason: AccountTokenRefusal };

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/[1-9][0-9]{0,19}$/;

/** `dest` is the shop's myshopify domain, with or without a scheme. */
export function shopFromDest(dest: unknown): string | null {
  if (typeof dest !== "string" || dest.length > 300) return null;
  let host: string;
  try {
    host = new URL(dest.includes("://") ? dest : `https://${dest}`).hostname.toLowerCase();
  } catch {
    return null;
  }
  return SHOP_DOMAIN.test(host) ? host : null;
}

/**
 * The shop and customer a verified token speaks for. Wrong audience (a token minted for
 * another app) is 401, like a bad signature; a token that is genuine but names no
 * customer of a shop is 403.
 */
export function checkAccountToken(payload: { aud?: unknown; dest?: unknown; sub?: unknown }, apiKey: string): AccountTokenCheck {
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!aud.includes(apiKey)) return { ok: false, status: 401, reason: "wrong_audience" };
  const shop = shopFromDest(payload.dest);
  if (!shop) return { ok: false, status: 403, reason: "bad_destination" };
  if (typeof payload.sub !== "string" || !CUSTOMER_GID.test(payload.sub)) return { ok: false, status: 403, reason: "not_a_customer" };
  return { ok: true, shop, customerGid: payload.sub };
}
