// The one switch that points Shopify's libraries at the local sandbox (npm run demo, tests).
// Off unless SHOPIFY_SANDBOX_URL is set; refused in production by env validation.
import { abstractFetch, setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

let installedFor: string | undefined;

/** Rewrites https://<shop>.myshopify.com/... to <sandbox>/... and passes the shop on in a header. */
export function routeShopifyToSandbox(sandboxUrl: string): void {
  if (installedFor === sandboxUrl) return;
  installedFor = sandboxUrl;
  const realFetch = abstractFetch;
  const base = new URL(sandboxUrl);
  setAbstractFetchFunc(async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (!url.hostname.endsWith(".myshopify.com")) return realFetch(input, init);
    const shop = url.hostname;
    const target = new URL(url.pathname + url.search, base);
    const headers = new Headers(init?.headers);
    headers.set("X-Shopify-Shop-Domain", shop);
    return realFetch(target.href, { ...init, headers });
  });
}

/**
 * Lets the sandbox's admin page frame the app (Shopify's CSP names only Shopify's admin) and
 * drops the preload of App Bridge from Shopify's CDN, which the sandbox replaces.
 */
export function adaptDocumentHeadersForSandbox(headers: Headers, sandboxUrl: string | undefined): void {
  if (!sandboxUrl) return;
  const link = headers.get("Link");
  if (link) {
    const kept = link.split(/,\s*(?=<)/).filter((part) => !part.includes("cdn.shopify.com/shopifycloud/app-bridge"));
    if (kept.length) headers.set("Link", kept.join(", "));
    else headers.delete("Link");
  }
  const csp = headers.get("Content-Security-Policy");
  if (!csp) return;
  const origin = new URL(sandboxUrl).origin;
  headers.set("Content-Security-Policy", csp.replace(/frame-ancestors ([^;]*)/, (_m, list) => `frame-ancestors ${list} ${origin}`));
}
