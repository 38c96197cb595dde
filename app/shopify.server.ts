import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import prisma from "./db.server";
import { env } from "./env.server";
import { routeShopifyToSandbox } from "./shopify-sandbox.server";
import { recordInstall } from "./shops/record-install.server";

const config = env();
if (config.SHOPIFY_SANDBOX_URL) routeShopifyToSandbox(config.SHOPIFY_SANDBOX_URL);

export const API_VERSION = ApiVersion.October26;
/**
 * Kept equal to shopify.app.toml's access_scopes (test/toml.test.ts checks). write_customers
 * (not read_customers) because the app sets the `$app:twofold.code` metafield on customers,
 * which Shopify allows only with write access to the owner (the sandbox refuses it too).
 * read_themes: the setup guide reads the published theme's settings to tell whether the app
 * embed is on and the advocate block is placed.
 */
export const ACCESS_SCOPES = [
  "write_customers",
  "read_orders",
  "write_discounts",
  "read_store_credit_accounts",
  "read_store_credit_account_transactions",
  "write_store_credit_account_transactions",
  "write_app_proxy",
  "read_themes",
];

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: config.SCOPES?.split(",") ?? ACCESS_SCOPES,
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(prisma),
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: false,
  },
  hooks: {
    afterAuth: async ({ session }) => {
      await recordInstall(prisma, { shop: session.shop, scopes: session.scope ?? null });
    },
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const apiVersion = API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
/**
 * A `host` query parameter that is not base64 of a host name (the library's atob threw, a 500)
 * is refused with 400 before the library sees it. Shopify's admin always sends a valid one.
 */
export function refuseMalformedHost(request: Request): void {
  const host = new URL(request.url).searchParams.get("host");
  if (host === null) return;
  let decoded: string;
  try {
    decoded = atob(host.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    throw new Response("Bad request: the host parameter is not valid.", { status: 400 });
  }
  if (!/^[a-z0-9.-]+(:\d+)?(\/[\w./-]*)?$/i.test(decoded)) throw new Response("Bad request: the host parameter is not valid.", { status: 400 });
}

export const authenticate: typeof shopify.authenticate = {
  ...shopify.authenticate,
  admin: (async (request: Request) => {
    refuseMalformedHost(request);
    return shopify.authenticate.admin(request);
  }) as typeof shopify.authenticate.admin,
};
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
