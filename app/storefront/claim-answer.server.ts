// How a claim is answered over the app proxy (POST claim and GET claim-status/:token): the code
// when it is made (200, as always), or "pending" (JSON 202) with the path to ask again.
import { env } from "../env.server";
import type { ClaimResult } from "./claim-friend-offer.server";
import { claimStatusToken } from "./claim-status-token";
import { claimJson, claimLiquid } from "./proxy-answers";
import type { ProxyRequest } from "./proxy-http.server";

export function claimResponse(proxy: ProxyRequest, claim: ClaimResult, locale: string | null): Response {
  const poll = claim.pending
    ? `${proxy.pathPrefix.replace(/\/$/, "")}/claim-status/${claimStatusToken(env().SHOPIFY_API_SECRET, proxy.shop, claim.referralId)}${locale ? `?locale=${encodeURIComponent(locale)}` : ""}`
    : undefined;
  if (proxy.wantsJson) return Response.json(claimJson(claim, locale, poll), { status: claim.pending ? 202 : 200 });
  // A page Shopify renders in the theme: a whole answer either way, with a link to ask again.
  return proxy.liquid(claimLiquid(claim, locale, poll));
}
