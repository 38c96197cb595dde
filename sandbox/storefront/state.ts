/**
 * The storefront's slot in the sandbox state (state.ext.storefront): what the app wrote to
 * metafields, merchant block settings, carts and webhook deliveries. Shared by the storefront
 * routes and the Admin resolvers (metafieldsSet on the app installation or a customer).
 */
import type { SandboxState } from "../admin/state";
import type { BlockName } from "./liquid";
import type { WebhookDelivery } from "./webhooks";

export interface StorefrontState {
  /** shop -> customer numeric id -> advocate code ($app:twofold.code metafield). */
  customerCodes: Map<string, Map<string, string>>;
  /** shop -> app-data metafields in the "twofold" namespace. */
  appMetafields: Map<string, Record<string, string>>;
  /** shop -> block -> merchant settings overrides. */
  blockSettings: Map<string, Partial<Record<BlockName, Record<string, unknown>>>>;
  /** cart token -> cart (line items, attributes, note, discount codes, checkout fields). */
  carts: Map<string, SandboxCart>;
  /** Last deliveries, newest last (capped). */
  webhookLog: WebhookDelivery[];
}

export interface SandboxCartLine {
  /** ProductVariant gid. */
  variantId: string;
  quantity: number;
}

/** A storefront cart, as /cart.js shows it, plus what the buyer typed at checkout. */
export interface SandboxCart {
  token: string;
  shop: string | null;
  items: SandboxCartLine[];
  attributes: Record<string, string>;
  note: string | null;
  /** Order-level discount codes (from /discount/CODE or typed at checkout); the first applies. */
  discountCodes: string[];
  /** The first storefront page of the visit, path and query (the order's landing_site). */
  landingSite: string | null;
  referringSite: string | null;
  /** Checkout: the contact email a guest typed, and whether to pay with store credit. */
  email: string | null;
  useStoreCredit: boolean;
  /** Checkout: the last refusal of a typed code, shown beside the field. */
  discountError: string | null;
  /** The buyer's currency when not the shop's (`?currency=EUR` on a storefront URL, as on Shopify). */
  currency?: string | null;
}

export function newCart(token: string): SandboxCart {
  return { token, shop: null, items: [], attributes: {}, note: null, discountCodes: [], landingSite: null, referringSite: null, email: null, useStoreCredit: true, discountError: null };
}

export function storefrontStateOf(state: Pick<SandboxState, "ext">): StorefrontState {
  const ext = state.ext as { storefront?: StorefrontState };
  ext.storefront ??= {
    customerCodes: new Map(),
    appMetafields: new Map(),
    blockSettings: new Map(),
    carts: new Map(),
    webhookLog: [],
  };
  return ext.storefront;
}

export function numericCustomerId(id: string): string {
  return id.replace(/^gid:\/\/shopify\/Customer\//, "");
}
