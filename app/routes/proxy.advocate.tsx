// POST /apps/twofold/advocate (app proxy): get or create the shopper's referral link.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import prisma from "../db.server";
import { StorefrontError } from "../storefront/errors";
import { getOrCreateAdvocate } from "../storefront/get-or-create-advocate.server";
import { advocateLinkLiquid, advocateLinkJson } from "../storefront/proxy-answers";
import { authenticateProxy, refusalResponse, shopperLocale } from "../storefront/proxy-http.server";
import { LIMITS, recordLimitRefusal, takeAttempt, type AbuseLimit } from "../storefront/rate-limit.server";
import { readShopperForm } from "../storefront/read-form.server";
import { isShopInstalled } from "../shops/record-install.server";
import { storefrontAddress } from "../shops/storefront-address.server";

const formSchema = z.object({ email: z.string().trim().max(254).optional() });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticateProxy(request);
  return Response.json({ error: "Use POST to get your referral link." }, { status: 405, headers: { Allow: "POST" } });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const proxy = await authenticateProxy(request);
  const fields = await readShopperForm(request);
  const form = formSchema.safeParse(fields);
  const locale = shopperLocale(fields, request);
  try {
    // Uninstalled (or never installed): refuse before anything is counted or written.
    if (!(await isShopInstalled(prisma, proxy.shop))) throw new StorefrontError("program_unavailable");
    await takeAttempt(prisma, proxy.shop, `ip:${proxy.ipHash ?? "unknown"}`, "attempts_per_ip", LIMITS.attemptsPerIp);
    const email = form.success ? form.data.email : undefined;
    if (!proxy.customerId && !email) throw new StorefrontError("invalid_email");
    if (email) await takeAttempt(prisma, proxy.shop, `email:${email.toLowerCase()}`, "attempts_per_email", LIMITS.attemptsPerEmail);
    const link = await getOrCreateAdvocate(prisma, {
      shop: proxy.shop,
      who: proxy.customerId ? { customerId: proxy.customerId } : { email: email ?? "" },
      locale,
    });
    const answer = { code: link.code, pathPrefix: proxy.pathPrefix, shop: proxy.shop, store: await storefrontAddress(prisma, proxy.shop), program: link.program, locale };
    return proxy.wantsJson ? Response.json(advocateLinkJson(answer)) : proxy.liquid(advocateLinkLiquid(answer));
  } catch (error) {
    if (error instanceof StorefrontError) {
      if (error.limit) await recordLimitRefusal(prisma, proxy.shop, error.limit as AbuseLimit);
      return refusalResponse(proxy, error, locale);
    }
    throw error;
  }
};
