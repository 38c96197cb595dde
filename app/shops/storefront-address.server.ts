// Where shoppers' links point and the name they read: the shop's primary domain once read from
// Shopify (Shop.primaryUrl, stored by every profile read), else its myshopify domain, which
// Shopify redirects to the primary one; the shop's name, else its handle.
import type { DbClient } from "../db.server";

export interface StorefrontAddress {
  /** Origin without a trailing slash, e.g. https://www.acme.com */
  url: string;
  name: string;
}

export async function storefrontAddress(db: DbClient, shop: string): Promise<StorefrontAddress> {
  const row = await db.shop.findUnique({ where: { id: shop }, select: { primaryUrl: true, name: true } });
  return { url: (row?.primaryUrl ?? `https://${shop}`).replace(/\/+$/, ""), name: row?.name || shop.replace(/\.myshopify\.com$/, "") };
}

/** The app proxy's path on the storefront, as shoppers see it. */
export const APP_PROXY_PATH = "/apps/twofold";

/** An advocate's referral link on the shop's storefront. */
export function advocateLinkUrl(store: StorefrontAddress, code: string): string {
  return `${store.url}${APP_PROXY_PATH}/r/${encodeURIComponent(code)}`;
}
