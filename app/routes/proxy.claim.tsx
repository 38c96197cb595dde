// POST /apps/twofold/claim (app proxy): a friend claims the offer behind a referral code.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import prisma from "../db.server";
import { eventNow } from "../lib/clock.server";
import { adminClientForShop } from "../shopify/admin-client.server";
import { claimFriendOffer } from "../storefront/claim-friend-offer.server";
import { StorefrontError } from "../storefront/errors";
import { claimJson, claimLiquid } from "../storefront/proxy-answers";
import { LIMITS, takeAttempt } from "../storefront/rate-limit.server";
import { answerShopperPost, postOnlyAnswer } from "../storefront/shopper-post.server";

const formSchema = z.object({
  email: z.string().trim().min(3).max(254),
  ref: z.string().trim().max(64).default(""),
});

export const loader = ({ request }: LoaderFunctionArgs) => postOnlyAnswer(request, "Use POST to claim the offer.");

export const action = ({ request }: ActionFunctionArgs) =>
  answerShopperPost(prisma, request, async ({ proxy, fields, locale }) => {
    const form = formSchema.safeParse(fields);
    if (!form.success) throw new StorefrontError("invalid_email");
    await takeAttempt(prisma, proxy.shop, `email:${form.data.email.toLowerCase()}`, "attempts_per_email", LIMITS.attemptsPerEmail);
    const claim = await claimFriendOffer(prisma, {
      shop: proxy.shop,
      referralCode: form.data.ref,
      email: form.data.email,
      customerId: proxy.customerId,
      ipHash: proxy.ipHash,
      now: await eventNow(),
      adminClient: () => adminClientForShop(prisma, proxy.shop),
      locale,
    });
    return proxy.wantsJson ? Response.json(claimJson(claim, locale)) : proxy.liquid(claimLiquid(claim, locale));
  });
