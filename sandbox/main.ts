/**
 * Starts the local Shopify sandbox from the environment: `npm run sandbox`.
 *
 *   SANDBOX_PORT (3457), SANDBOX_HOST (127.0.0.1), SHOPIFY_APP_URL, SHOPIFY_API_KEY,
 *   SHOPIFY_API_SECRET, SHOPIFY_ADMIN_SCHEMA (graphql/admin-2026-10.graphql), SCOPES,
 *   SANDBOX_RESTORE_RATE (100), SANDBOX_BUCKET_SIZE (2000), SANDBOX_STORE_CREDIT_LIMIT,
 *   SANDBOX_SHOP + SANDBOX_ACCESS_TOKEN (optional: seed one shop with a known token),
 *   SANDBOX_WEBHOOK_DROP_RATE (0: share of webhook deliveries never sent) + SANDBOX_WEBHOOK_DROP_SEED (1).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { issueToken, upsertShop } from "./admin/state";
import type { SandboxContext, SandboxRoute } from "./router";
import { createSandbox } from "./server";

const here = path.dirname(fileURLToPath(import.meta.url));

async function pluginRoutes(ctx: SandboxContext): Promise<SandboxRoute[]> {
  const routes: SandboxRoute[] = [];
  for (const candidate of ["storefront/routes.ts", "storefront/routes.js"]) {
    const file = path.join(here, candidate);
    if (!existsSync(file)) continue;
    const mod = (await import(pathToFileURL(file).href)) as {
      storefrontRoutes?: (ctx: SandboxContext) => SandboxRoute[] | Promise<SandboxRoute[]>;
    };
    if (typeof mod.storefrontRoutes === "function") routes.push(...(await mod.storefrontRoutes(ctx)));
    break;
  }
  return routes;
}

function num(v: string | undefined): number | undefined {
  return v != null && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : undefined;
}

const env = process.env;
const sandbox = await createSandbox({
  port: num(env.SANDBOX_PORT) ?? 3457,
  host: env.SANDBOX_HOST || "127.0.0.1",
  appUrl: env.SHOPIFY_APP_URL || "http://127.0.0.1:3000",
  apiKey: env.SHOPIFY_API_KEY || "sandbox-api-key",
  apiSecret: env.SHOPIFY_API_SECRET || "sandbox-api-secret",
  scopes: env.SCOPES || undefined,
  restoreRate: num(env.SANDBOX_RESTORE_RATE),
  bucketSize: num(env.SANDBOX_BUCKET_SIZE),
  storeCreditLimit: env.SANDBOX_STORE_CREDIT_LIMIT || undefined,
  webhookDropRate: num(env.SANDBOX_WEBHOOK_DROP_RATE),
  webhookDropSeed: num(env.SANDBOX_WEBHOOK_DROP_SEED),
  logRequests: env.SANDBOX_LOG === "1",
  routes: pluginRoutes,
});

if (env.SANDBOX_SHOP) {
  const shop = upsertShop(sandbox.state, { domain: env.SANDBOX_SHOP, accessToken: env.SANDBOX_ACCESS_TOKEN || undefined });
  const token = env.SANDBOX_ACCESS_TOKEN || issueToken(sandbox.state, shop.domain);
  console.log(`Sandbox shop ${shop.domain} access token ${token}`);
}

console.log(`Shopify sandbox listening on ${sandbox.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
