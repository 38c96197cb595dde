// POST /apps/twofold/advocate (app proxy): get or create the shopper's referral link.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import prisma from "../db.server";
import { StorefrontError } from "../storefront/errors";
import { getOrCreateAdvocate } from "../storefront/get-or-create-advocate.server";
import { advocateLinkLiquid, advocateLinkJson } from "../storefront/proxy-answers";
import { authenticateProxy, refusalResponse } from "../storefront/proxy-http.server";
import { attempts, LIMITS } from "../storefront/rate-limit.server";
import { readShopperForm } from "../storefront/read-form.server";

const formSchema = z.object({ email: z.string().trim().max(254).optional() });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticateProxy(request);
  return Response.json({ error: "Use POST to get your referral link." }, { status: 405, headers: { Allow: "POST" } });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const proxy = await authenticateProxy(request);
  const form = formSchema.safeParse(await readShopperForm(request));
  try {
    if (!attempts.take(`ip:${proxy.ipHash ?? "unknown"}`, LIMITS.attemptsPerIp)) throw new StorefrontError("rate_limited");
    const email = form.success ? form.data.email : undefined;
    if (!proxy.customerId && !email) throw new StorefrontError("invalid_email");
    if (email && !attempts.take(`email:${email.toLowerCase()}`, LIMITS.attemptsPerEmail)) throw new StorefrontError("rate_limited");
    const link = await getOrCreateAdvocate(prisma, {
      shop: proxy.shop,
      who: proxy.customerId ? { customerId: proxy.customerId } : { email: email ?? "" },
    });
    const answer = { code: link.code, pathPrefix: proxy.pathPrefix, shop: proxy.shop, program: link.program };
    return proxy.wantsJson ? Response.json(advocateLinkJson(answer)) : proxy.liquid(advocateLinkLiquid(answer));
  } catch (error) {
    if (error instanceof StorefrontError) return refusalResponse(proxy, error);
    throw error;
  }
};
