// GET /apps/twofold/claim-status/:token (app proxy): a claim whose code was still being made,
// asked about again. The token came with the pending answer (claim-status-token.ts); the answer
// is the claim's own, as a repeated claim would give it, without counting as one.
import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { env } from "../env.server";
import { claimStatus } from "../storefront/claim-friend-offer.server";
import { claimResponse } from "../storefront/claim-answer.server";
import { claimOfStatusToken } from "../storefront/claim-status-token";
import { StorefrontError } from "../storefront/errors";
import { authenticateProxy, refusalResponse, shopperLocale } from "../storefront/proxy-http.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const proxy = await authenticateProxy(request);
  const locale = shopperLocale({ locale: new URL(request.url).searchParams.get("locale") ?? "" }, request);
  try {
    const referralId = claimOfStatusToken(env().SHOPIFY_API_SECRET, proxy.shop, params.token ?? "");
    const claim = referralId ? await claimStatus(prisma, { shop: proxy.shop, referralId, locale, waitMs: env().CLAIM_WAIT_MS }) : null;
    if (!claim) throw new StorefrontError("unknown_code");
    return claimResponse(proxy, claim, locale);
  } catch (error) {
    if (error instanceof StorefrontError) return refusalResponse(proxy, error, locale);
    throw error;
  }
};
