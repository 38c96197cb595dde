// The numbers the storefront's social-proof block shows ("1,240 friends got 15% off their first
// order", and optionally the month's top advocates by first name), written from the rollups to
// an app-data metafield the block reads in Liquid: no request from the shopper's page, and a
// write to Shopify only when the numbers changed. First names only, never an email or a last
// name; the block shows them only when the merchant ticks its leaderboard setting.
import { z } from "zod";
import type { DbClient } from "../db.server";
import { withSqliteBusyRetry } from "../db.server";
import { defineJob } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { formattingLocale, SUPPORTED_LOCALES } from "../lib/i18n/locales";
import { adminClientForShop } from "../shopify/admin-client.server";
import { permanentOnUserErrors } from "../shopify/errors";
import { setAppDataMetafields } from "../shopify/metafields.server";

/** The app-data metafield key the social-proof block reads (app.metafields.twofold.social_proof). */
export const SOCIAL_PROOF_KEY = "social_proof";
/** The leaderboard ranks the last 30 days (the rollup job's ranking for that period). */
export const LEADERBOARD_PERIOD_DAYS = 30;
const LEADERS = 5;

export interface SocialProof {
  /** Friends whose referred order was paid, not cancelled and not refunded in full (the dashboard's referred orders), since the program began. */
  friends: number;
  /** `friends` written for each storefront language (Intl), and for "default". */
  friendsText: Record<string, string>;
  /** The month's top advocates who have a first name, best first: the first name and the friends they brought. */
  leaders: { name: string; friends: number }[];
}

/** "Ada" from " ada-maría  Lovelace": the first word, capitalised, at most 20 characters. */
export function displayFirstName(firstName: string | null | undefined): string | null {
  const word = firstName?.trim().split(/\s+/)[0];
  if (!word) return null;
  return (word.charAt(0).toLocaleUpperCase() + word.slice(1)).slice(0, 20);
}

/** The shop's social-proof facts; "default" is written in `primaryLocale` (the shop's primary language). */
export async function loadSocialProof(db: DbClient, shop: string, primaryLocale = "en"): Promise<SocialProof> {
  const [sum, top] = await Promise.all([
    db.dailyStat.aggregate({ where: { shopId: shop }, _sum: { orders: true } }),
    db.topAdvocateStat.findMany({ where: { shopId: shop, periodDays: LEADERBOARD_PERIOD_DAYS, orders: { gt: 0 } }, orderBy: { rank: "asc" }, select: { advocateId: true, orders: true } }),
  ]);
  const friends = sum._sum.orders ?? 0;
  const names = new Map(
    (await db.advocate.findMany({ where: { shopId: shop, id: { in: top.map((t) => t.advocateId) } }, select: { id: true, firstName: true } })).map((a) => [a.id, displayFirstName(a.firstName)]),
  );
  const leaders = top.flatMap((t) => {
    const name = names.get(t.advocateId);
    return name ? [{ name, friends: t.orders }] : [];
  });
  const friendsText: Record<string, string> = { default: new Intl.NumberFormat(formattingLocale(primaryLocale, "en")).format(friends) };
  for (const locale of SUPPORTED_LOCALES) friendsText[locale] = new Intl.NumberFormat(locale).format(friends);
  return { friends, friendsText, leaders: leaders.slice(0, LEADERS) };
}

export const syncSocialProofJob = defineJob({
  name: "analytics.sync-social-proof",
  payload: z.object({ shop: z.string().min(1) }),
  maxAttempts: 5,
  handler: async ({ shop }, { db }) => {
    const row = await db.shop.findUnique({ where: { id: shop }, select: { uninstalledAt: true, primaryLocale: true } });
    if (!row || row.uninstalledAt) return;
    const value = JSON.stringify(await loadSocialProof(db, shop, row.primaryLocale));
    const state = await db.rollupState.findUnique({ where: { shopId: shop }, select: { socialProof: true } });
    if (state?.socialProof === value) return;
    await setAppDataMetafields(await adminClientForShop(db, shop), { [SOCIAL_PROOF_KEY]: value }, { [SOCIAL_PROOF_KEY]: "json" }).catch(permanentOnUserErrors);
    await withSqliteBusyRetry(db, () => db.rollupState.updateMany({ where: { shopId: shop }, data: { socialProof: value } }));
  },
});

/** After a rollup that changed the shop's days: one sync per shop and rollup run. */
export async function requestSocialProofSync(db: DbClient, shop: string, run: string): Promise<void> {
  await enqueue(db, syncSocialProofJob, { shop }, { shopId: shop, uniqueKey: `${syncSocialProofJob.name}:${shop}:${run}` });
}
