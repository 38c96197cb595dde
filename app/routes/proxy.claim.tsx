// POST /apps/twofold/claim (app proxy): a friend claims the offer behind a referral code. An
// instant code is made by a job: the answer waits CLAIM_WAIT_MS for it, then says "pending"
// with the claim-status path to ask again (proxy.claim-status.$token.tsx).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import prisma from "../db.server";
import { env } from "../env.server";
import { eventNow } from "../lib/clock.server";
import { claimResponse } from "../storefront/claim-answer.server";
import { claimFriendOffer } from "../storefront/claim-friend-offer.server";
import { StorefrontError } from "../storefront/errors";
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
      locale,
      waitMs: env().CLAIM_WAIT_MS,
    });
    return claimResponse(proxy, claim, locale);
  });
