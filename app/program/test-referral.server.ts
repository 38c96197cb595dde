// The setup guide's test referral: a dry run of a referral on the merchant's real shop, with no
// order and no money. Shopify is asked to make the friend's discount exactly as a claim would
// (the program's offer, minimum and combinations; valid for one minute, one use), and the code
// is deleted at once; then the program's numbers are shown on a sample first order. It proves
// the shop accepts the offer (a discount Shopify refuses is named here, not at a friend's claim).
import { randomBytes } from "node:crypto";
import type { DbClient } from "../db.server";
import { withSqliteBusyRetry } from "../db.server";
import { createBasicDiscountCode, deleteDiscountCode } from "../shopify/discount-codes.server";
import { ShopifyApiError, ShopifyUserError } from "../shopify/errors";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { friendDiscountOffer } from "./friend-discount";
import { currentProgramVersion } from "./program.server";
import type { ProgramConfig } from "./program-config";
import { describeAdvocateReward, describeFriendOffer, formatMoney } from "./program-text";
import { advocateRewardAmount, percentOf, sampleOrderMinor } from "./reward-math";
import { recordAudit } from "../lib/audit-log.server";

export type TestReferralResult = { ok: true; summary: string } | { ok: false; message: string };

/** The sample first order: 100 in the shop's currency, or the offer's minimum when that is higher. */
export function previewOnSampleOrder(config: ProgramConfig): string {
  const friend = config.friendReward;
  const minimum = friend.minimumSubtotalMinor != null ? BigInt(friend.minimumSubtotalMinor) : 0n;
  const sample = sampleOrderMinor(config.currency);
  const order = minimum > sample ? minimum : sample;
  const discount =
    friend.type === "percentage" ? percentOf(order, friend.percent ?? 0) : friend.type === "fixed_amount" ? (BigInt(friend.amountMinor ?? 0) > order ? order : BigInt(friend.amountMinor ?? 0)) : 0n;
  const reward = advocateRewardAmount(config.advocateReward, order - discount);
  const money = (minor: bigint) => formatMoney(minor, config.currency);
  const offer = describeFriendOffer(config, "en", "others");
  const friendPart = friend.type === "free_shipping" ? `gets ${offer}` : `gets ${money(discount)} off (${offer})`;
  const rewardPart = config.advocateReward.kind === "store_credit" ? `${money(reward)} in store credit` : `a ${money(reward)} discount code`;
  return `A friend's first order of ${money(order)} ${friendPart}; their advocate earns ${rewardPart} (the program: ${describeAdvocateReward(config)}).`;
}

export async function runTestReferral(db: DbClient, shop: string, client: AdminGraphql, actor: string, now: Date = new Date()): Promise<TestReferralResult> {
  const version = await currentProgramVersion(db, shop);
  if (!version) return { ok: false, message: "Save your program first: the test referral uses its offer and reward." };
  const code = `TWOFOLD-TEST-${randomBytes(5).toString("hex").toUpperCase()}`;
  let created;
  try {
    created = await createBasicDiscountCode(client, {
      title: "Twofold test referral (deleted right away)",
      code,
      ...friendDiscountOffer(version.config),
      startsAt: now,
      endsAt: new Date(now.getTime() + 60_000),
      usageLimit: 1,
    });
  } catch (error) {
    if (error instanceof ShopifyUserError) return { ok: false, message: `Shopify refused the friend's discount, so a friend's claim would fail too: ${error.message}` };
    if (error instanceof ShopifyApiError && error.kind === "access-denied") {
      return { ok: false, message: "Twofold may not create discounts on your shop yet: open the app from your Shopify admin to approve its permissions, then try again." };
    }
    throw error;
  }
  await deleteDiscountCode(client, created.id);
  const summary = `${previewOnSampleOrder(version.config)} Shopify accepted the friend's discount (a test code, deleted again).`;
  await withSqliteBusyRetry(db, () => db.shop.updateMany({ where: { id: shop }, data: { testReferralAt: now, testReferralSummary: summary } }));
  await recordAudit(db, { shop, actor, action: "setup.test_referral", subject: "Shop", subjectId: shop, data: { programVersionId: version.id, code } });
  return { ok: true, summary };
}
