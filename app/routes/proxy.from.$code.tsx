// GET /apps/twofold/from/CODE (app proxy): who sent the friend's gift, for the landing block's
// heading: the advocate's first name when Shopify has one, otherwise null (the block keeps its
// neutral sentence). Never an email, never an error a shopper sees: an unknown code is null too.
import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { giftSenderFirstName } from "../storefront/gift-sender.server";
import { authenticateProxy } from "../storefront/proxy-http.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const proxy = await authenticateProxy(request);
  const firstName = await giftSenderFirstName(prisma, proxy.shop, params.code);
  return Response.json({ firstName }, { headers: { "Cache-Control": "private, max-age=300" } });
};
