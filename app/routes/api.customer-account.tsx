// GET /api/customer-account: the advocate's referral page for the customer account UI
// extension (extensions/twofold-customer-account). The extension sends the customer account
// session token (Authorization: Bearer): signature and exp/nbf are checked by Shopify's
// library, audience, shop (dest) and customer (sub) by checkAccountToken. The data is read
// for that shop and customer only; the optional `customer` parameter (the page's own
// customer id) must match the token's or the answer is 403. CORS on every answer, 401/403
// included, since the extension runs on Shopify's origin.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { checkAccountToken } from "../customer-account/account-token";
import { loadReferralPage } from "../customer-account/load-referral-page.server";
import { storeCreditBalancesNow } from "../customer-account/store-credit-now.server";
import prisma from "../db.server";
import { env } from "../env.server";
import { actionError } from "../lib/action-error";
import { withCors } from "../lib/cors";
import { authenticate } from "../shopify.server";

const REFUSED = {
  401: "This request was not signed by Shopify for this app.",
  403: "This page is not available for this account.",
} as const;

const cors = (response: Response) => withCors(response, { methods: "GET, OPTIONS", headers: { "Cache-Control": "private, no-store", Vary: "Origin, Authorization" } });

function refuse(status: 401 | 403, reason: string): Response {
  return cors(actionError(status, REFUSED[status], { reason }));
}

/** "fr-CA" → "fr-CA"; anything Intl does not know → "en". */
function pageLocale(value: string | null): string {
  if (!value || !/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(value)) return "en";
  try {
    return Intl.NumberFormat.supportedLocalesOf([value])[0] ?? "en";
  } catch {
    return "en";
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  let payload;
  try {
    ({ sessionToken: payload } = await authenticate.public.customerAccount(request));
  } catch (error) {
    if (error instanceof Response) return error.status === 204 ? cors(error) : refuse(401, "invalid_token");
    throw error;
  }
  const who = checkAccountToken(payload, env().SHOPIFY_API_KEY);
  if (!who.ok) return refuse(who.status, who.reason);

  const url = new URL(request.url);
  const claimed = url.searchParams.get("customer");
  if (claimed !== null && claimed !== who.customerGid) return refuse(403, "customer_mismatch");

  const result = await loadReferralPage(prisma, {
    shop: who.shop,
    customerGid: who.customerGid,
    locale: pageLocale(url.searchParams.get("locale")),
    fetchStoreCreditBalances: () => storeCreditBalancesNow(prisma, who.shop, who.customerGid),
  });
  if (!result.ok) return refuse(result.status, result.reason);
  return cors(Response.json(result.page));
}

// Anything but GET/OPTIONS: nothing to change here.
export const action = ({ request }: ActionFunctionArgs) =>
  request.method === "OPTIONS" ? loader({ request, params: {}, context: {} }) : cors(new Response(null, { status: 405, headers: { Allow: "GET, OPTIONS" } }));
