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
import { authenticateProxy, refusalResponse, shopperLocale } from "../storefront/proxy-http.server";
import { LIMITS, recordLimitRefusal, takeAttempt, type AbuseLimit } from "../storefront/rate-limit.server";
import { readShopperForm } from "../storefront/read-form.server";
import { isShopInstalled } from "../shops/record-install.server";

const formSchema = z.object({
  email: z.string().trim().min(3).max(254),
  ref: z.string().trim().max(64).default(""),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticateProxy(request);
  return Response.json({ error: "Use POST to claim the offer." }, { status: 405, headers: { Allow: "POST" } });
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
  } catch (error) {
    if (error instanceof StorefrontError) {
      if (error.limit) await recordLimitRefusal(prisma, proxy.shop, error.limit as AbuseLimit);
      return refusalResponse(proxy, error, locale);
    }
    throw error;
  }
};

