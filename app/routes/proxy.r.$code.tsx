// GET /apps/twofold/r/CODE (app proxy): the advocate's share link. Counts the click and
// sends the friend to the shop with ?ref=CODE (the app embed keeps it); any code that is not
// live lands on the shop's home page. Never an error page: a bad link still reaches the shop.
import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { eventNow } from "../lib/clock.server";
import { cleanReferralCode } from "../storefront/codes";
import { authenticateProxy } from "../storefront/proxy-http.server";
import { recordReferralClick } from "../storefront/record-referral-click.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const proxy = await authenticateProxy(request);
  const outcome = await recordReferralClick(prisma, {
    shop: proxy.shop,
    code: params.code ?? "",
    ipHash: proxy.ipHash,
    userAgent: request.headers.get("user-agent"),
    landing: `${proxy.pathPrefix}/r/${params.code ?? ""}`,
    now: await eventNow(),
  }).catch((error: Error) => {
    // Attribution matters more than the count: still pass a well-formed code on.
    console.error(`[twofold] referral click in ${proxy.shop} not recorded:`, error.message);
    const code = cleanReferralCode(params.code);
    return code ? { kind: "referral" as const, code } : { kind: "home" as const };
  });
  const location = outcome.kind === "referral" ? `/?ref=${encodeURIComponent(outcome.code)}` : "/";
  return new Response(null, { status: 302, headers: { Location: location, "Cache-Control": "no-store" } });
};
