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
  /** cart token -> attributes. */
  carts: Map<string, Record<string, string>>;
  /** cart token -> discount codes applied through /discount/CODE. */
  cartDiscountCodes: Map<string, string[]>;
  /** Last deliveries, newest last (capped). */
  webhookLog: WebhookDelivery[];
}

export function storefrontStateOf(state: Pick<SandboxState, "ext">): StorefrontState {
  const ext = state.ext as { storefront?: StorefrontState };
  ext.storefront ??= {
    customerCodes: new Map(),
    appMetafields: new Map(),
    blockSettings: new Map(),
    carts: new Map(),
    cartDiscountCodes: new Map(),
    webhookLog: [],
  };
  return ext.storefront;
}

export function numericCustomerId(id: string): string {
  return id.replace(/^gid:\/\/shopify\/Customer\//, "");
}
