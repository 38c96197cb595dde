// POST /apps/twofold/advocate (app proxy): get or create the shopper's referral link.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import prisma from "../db.server";
import { StorefrontError } from "../storefront/errors";
import { getOrCreateAdvocate } from "../storefront/get-or-create-advocate.server";
import { advocateLinkLiquid, advocateLinkJson } from "../storefront/proxy-answers";
import { LIMITS, takeAttempt } from "../storefront/rate-limit.server";
import { answerShopperPost, postOnlyAnswer } from "../storefront/shopper-post.server";
import { storefrontAddress } from "../shops/storefront-address.server";

const formSchema = z.object({ email: z.string().trim().max(254).optional() });

export const loader = ({ request }: LoaderFunctionArgs) => postOnlyAnswer(request, "Use POST to get your referral link.");

export const action = ({ request }: ActionFunctionArgs) =>
  answerShopperPost(prisma, request, async ({ proxy, fields, locale }) => {
    const form = formSchema.safeParse(fields);
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
  });
