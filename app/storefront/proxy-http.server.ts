// HTTP glue shared by the app-proxy routes: Shopify's signature check (forged, missing or
// stale → 401, before anything is read or written), the proxy parameters, and answers as
// JSON for the script or as Liquid for a form posted without JavaScript.
import { authenticate } from "../shopify.server";
import { env } from "../env.server";
import { StorefrontError } from "./errors";
import { translate } from "../lib/i18n/i18n";
import { clientIp, hashIp } from "../lib/ip-hash.server";

export interface ProxyRequest {
  shop: string;
  /** Numeric id of the logged-in customer, or null for a guest. */
  customerId: string | null;
  /** "/apps/twofold" as the shopper sees it. */
  pathPrefix: string;
  ipHash: string | null;
  wantsJson: boolean;
  liquid: (body: string, init?: number | (ResponseInit & { layout?: boolean })) => Response;
}

/** Verifies the app-proxy signature; throws a 401 Response when it does not hold. */
export async function authenticateProxy(request: Request): Promise<ProxyRequest> {
  let context: Awaited<ReturnType<typeof authenticate.public.appProxy>>;
  try {
    context = await authenticate.public.appProxy(request);
  } catch (error) {
    // The library answers 400 for a bad, missing or expired signature; Twofold's rule is 401.
    if (error instanceof Response && error.status === 400) {
      throw Response.json({ error: "This request was not signed by Shopify." }, { status: 401 });
    }
    throw error;
  }
  const url = new URL(request.url);
  const shop = url.searchParams.get("shop") ?? "";
  return {
    shop,
    customerId: url.searchParams.get("logged_in_customer_id") || null,
    pathPrefix: url.searchParams.get("path_prefix") || "/apps/twofold",
    ipHash: hashIp(clientIp(request.headers, env().TRUSTED_PROXY_HOPS), env().IP_HASH_SALT, shop),
    wantsJson: (request.headers.get("accept") ?? "").includes("application/json"),
    liquid: context.liquid,
  };
}

/**
 * The shopper's language for a proxy answer: the `locale` the blocks post (Liquid's
 * request.locale.iso_code), else the browser's first Accept-Language tag; null when neither is
 * a valid BCP 47 tag. Answers and stored locales (for emails) use it.
 */
export function shopperLocale(form: Record<string, string> | null, request: Request): string | null {
  const candidates = [form?.locale, request.headers.get("accept-language")?.split(",")[0]?.split(";")[0]];
  for (const candidate of candidates) {
    const tag = candidate?.trim();
    if (!tag || tag.length > 35) continue;
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical) return canonical;
    } catch {
      // not a language tag: try the next source
    }
  }
  return null;
}

/** Text safe inside an application/liquid answer: HTML-escaped and no Liquid delimiters. */
export function liquidText(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
    .replace(/\{/g, "&#123;")
    .replace(/\}/g, "&#125;")
    .replace(/%/g, "&#37;");
}

/** A refusal as JSON ({error}) or as a Liquid page with the message and a way back, in the shopper's language. */
export function refusalResponse(proxy: ProxyRequest, error: StorefrontError, locale?: string | null): Response {
  const message = translate(locale, error.messageKey);
  if (proxy.wantsJson) return Response.json({ error: message, reason: error.reason }, { status: error.status });
  return proxy.liquid(
    `<div class="twofold twofold-proxy" data-twofold-error="${error.reason}"><p class="twofold__status">${liquidText(message)}</p><p><a href="/">${liquidText(translate(locale, "proxy.backToStore"))}</a></p></div>`,
    { status: error.status },
  );
}
