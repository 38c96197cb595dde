// GET|POST /api/checkout/link: the buyer's own referral link for the checkout UI extension
// (thank-you and order-status pages). The extension sends Shopify's checkout session token
// (Authorization: Bearer, HS256 signed with the app secret); `sub` is the logged-in
// customer's GID. Guests may POST {"email"} (the email they checked out with), as the
// storefront's guest form does. CORS: Shopify runs the extension in a sandboxed worker on
// another origin, so every answer (401 included) carries Access-Control-Allow-Origin.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import prisma from "../db.server";
import { env } from "../env.server";
import { PROXY_BODY_LIMIT, withBoundedBody } from "../lib/read-body.server";
import { isShopInstalled } from "../shops/record-install.server";
import { authenticate } from "../shopify.server";
import { storefrontAddress } from "../shops/storefront-address.server";
import { checkoutLinkAnswer, CHECKOUT_PATH_PREFIX } from "../storefront/checkout-link";
import { StorefrontError } from "../storefront/errors";
import { getOrCreateAdvocate } from "../storefront/get-or-create-advocate.server";
import { attempts, LIMITS } from "../storefront/rate-limit.server";
import { actionError } from "../lib/action-error";
import { withCors } from "../lib/cors";

const bodySchema = z.object({ email: z.string().trim().max(254).optional() }).passthrough();

const cors = (response: Response) => withCors(response, { methods: "GET, POST, OPTIONS", headers: { Vary: "Origin" } });

function checkoutLocale(tag: string | null): string | null {
  if (!tag || tag.length > 35) return null;
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}

async function readEmail(request: Request): Promise<string | undefined> {
  if (request.method !== "POST") return undefined;
  const { text } = await withBoundedBody(request, PROXY_BODY_LIMIT);
  if (!text.trim()) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new StorefrontError("invalid_email");
  }
  const parsed = bodySchema.safeParse(json);
  return parsed.success ? parsed.data.email || undefined : undefined;
}

async function answer(request: Request): Promise<Response> {
  let token: { dest: string; sub?: string; aud?: string | string[] };
  try {
    ({ sessionToken: token } = await authenticate.public.checkout(request));
  } catch (error) {
    // OPTIONS preflight (204), and 401 for a missing, forged or expired token: with CORS
    // headers, so the extension can read the status instead of a network error.
    if (error instanceof Response) {
      if (error.status === 204) return cors(error);
      return cors(actionError(401, "This request was not signed by Shopify."));
    }
    throw error;
  }
  // The library does not check a checkout token's `aud`: a token made for another app is refused.
  const audiences = Array.isArray(token.aud) ? token.aud : [token.aud];
  if (!audiences.includes(env().SHOPIFY_API_KEY)) {
    return cors(actionError(401, "This request was not signed by Shopify."));
  }
  const shop = new URL(token.dest.includes("://") ? token.dest : `https://${token.dest}`).hostname;
  const customerGid = token.sub && token.sub.startsWith("gid://shopify/Customer/") ? token.sub : null;
  try {
    if (!(await isShopInstalled(prisma, shop))) throw new StorefrontError("program_unavailable");
    const email = customerGid ? undefined : await readEmail(request);
    if (!customerGid && !email) throw new StorefrontError("invalid_email");
    if (!attempts.take(`checkout:${customerGid ?? email?.toLowerCase()}`, customerGid ? LIMITS.attemptsPerIp : LIMITS.attemptsPerEmail)) {
      throw new StorefrontError("rate_limited");
    }
    // The buyer's checkout language (the extension sends shopify.localization's): the sentences come back in it.
    const locale = checkoutLocale(new URL(request.url).searchParams.get("locale"));
    const link = await getOrCreateAdvocate(prisma, { shop, who: customerGid ? { customerId: customerGid } : { email: email ?? "" }, locale });
    return cors(Response.json(checkoutLinkAnswer({ store: await storefrontAddress(prisma, shop), pathPrefix: CHECKOUT_PATH_PREFIX, code: link.code, program: link.program, locale: locale ?? undefined })));
  } catch (error) {
    if (error instanceof StorefrontError) return cors(Response.json({ error: error.message, reason: error.reason }, { status: error.status }));
    throw error;
  }
}

export const loader = ({ request }: LoaderFunctionArgs) => answer(request);
export const action = ({ request }: ActionFunctionArgs) => answer(request);
