// A shopper's form posted through the app proxy (get my link, claim the offer), answered the
// same way whatever it asks: the signature checked (401 otherwise), the form read, refused
// before anything is counted or written when the shop is not installed, counted against the
// per-IP limit, then handled; a StorefrontError is answered in the shopper's language as JSON
// or Liquid, and counted on the dashboard when an abuse limit refused it.
import type { Db } from "../db.server";
import { isShopInstalled } from "../shops/record-install.server";
import { StorefrontError } from "./errors";
import { authenticateProxy, refusalResponse, shopperLocale, type ProxyRequest } from "./proxy-http.server";
import { LIMITS, recordLimitRefusal, takeAttempt, type AbuseLimit } from "./rate-limit.server";
import { readShopperForm } from "./read-form.server";

export interface ShopperPost {
  proxy: ProxyRequest;
  fields: Record<string, string>;
  locale: string | null;
}

export async function answerShopperPost(db: Db, request: Request, handle: (post: ShopperPost) => Promise<Response>): Promise<Response> {
  const proxy = await authenticateProxy(request);
  const fields = await readShopperForm(request);
  const locale = shopperLocale(fields, request);
  try {
    if (!(await isShopInstalled(db, proxy.shop))) throw new StorefrontError("program_unavailable");
    await takeAttempt(db, proxy.shop, `ip:${proxy.ipHash ?? "unknown"}`, "attempts_per_ip", LIMITS.attemptsPerIp);
    return await handle({ proxy, fields, locale });
  } catch (error) {
    if (error instanceof StorefrontError) {
      if (error.limit) await recordLimitRefusal(db, proxy.shop, error.limit as AbuseLimit);
      return refusalResponse(proxy, error, locale);
    }
    throw error;
  }
}

/** A GET on an endpoint that only takes the shopper's POST: 405 (once the signature holds). */
export async function postOnlyAnswer(request: Request, error: string): Promise<Response> {
  await authenticateProxy(request);
  return Response.json({ error }, { status: 405, headers: { Allow: "POST" } });
}
