// Issues a reward as a discount code, exactly once as the shopper sees it, whatever crashes,
// retries and duplicate jobs happen: the code is derived from the reward (reward-code.ts); a
// retry that meets TAKEN looks the code up and accepts it when it is ours (same title).
import type { Db } from "../db.server";
import { RetryJobLaterError } from "../jobs/define-job";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { createBasicDiscountCode, findDiscountCodeByCode, type DiscountValue } from "../shopify/discount-codes.server";
import { ShopifyUserError } from "../shopify/errors";
import { rewardDiscountCode, rewardDiscountTitle } from "./reward-code";
import { friendDiscountValue } from "../program/friend-discount";
import { addDays, describeShopifyFailure, markFailed, markIssued, markIssuing, tx, type IssueOutcome, type RewardRow } from "./reward-issuance.server";

export async function issueDiscountCode(db: Db, client: AdminGraphql, reward: RewardRow, now = new Date()): Promise<IssueOutcome> {
  const config = reward.config;
  const code = reward.discountCode ?? rewardDiscountCode(reward);
  const title = rewardDiscountTitle(reward);
  let value: DiscountValue;
  let minimumSubtotal: { minorUnits: number; currencyCode: string } | undefined;
  let endsAt: Date | null;
  const customerIds: string[] = [];
  if (reward.recipient === "friend") {
    if (!config) throw new Error(`friend reward ${reward.id} without a program`);
    const friend = config.friendReward;
    // A fixed amount is the reward's own amount (it may have been adjusted in review).
    value = friend.type === "fixed_amount" ? { kind: "fixedAmount", minorUnits: Number(reward.amountMinor), currencyCode: reward.currency } : friendDiscountValue(config);
    if (friend.minimumSubtotalMinor != null) minimumSubtotal = { minorUnits: friend.minimumSubtotalMinor, currencyCode: config.currency };
    endsAt = addDays(now, friend.codeExpiryDays);
    if (reward.customerGid) customerIds.push(reward.customerGid);
  } else {
    if (!reward.customerGid) return markFailed(db, reward, "The advocate has no Shopify customer account to bind the code to.");
    value = { kind: "fixedAmount", minorUnits: Number(reward.amountMinor), currencyCode: reward.currency };
    endsAt = addDays(now, config?.advocateReward.creditExpiryDays);
    customerIds.push(reward.customerGid);
  }
  await markIssuing(db, reward, { discountCode: code });

  let discountId: string;
  try {
    const created = await createBasicDiscountCode(client, {
      title,
      code,
      customerIds,
      value,
      minimumSubtotal,
      // Dated by the issuing job's clock, as its end is: under the sandbox's clock the two must agree.
      startsAt: now,
      endsAt,
      combinesWith: reward.recipient === "friend" ? config?.friendReward.combinesWith : undefined,
      tags: ["twofold"],
    });
    discountId = created.id;
  } catch (error) {
    if (error instanceof ShopifyUserError && error.hasCode("TAKEN")) {
      // An earlier attempt (crash, lost answer) created it, or the code clashes with a merchant's.
      const existing = await findDiscountCodeByCode(client, code);
      if (!existing) throw new RetryJobLaterError(`code ${code} is TAKEN but not found yet`, 1_000);
      if (existing.title !== title) return markFailed(db, reward, `The code ${code} already exists in Shopify and is not Twofold's.`);
      discountId = existing.id;
    } else {
      const reason = describeShopifyFailure(error);
      if (reason) return markFailed(db, reward, reason);
      throw error; // throttled / 5xx / ambiguous: the queue retries, TAKEN then tells us
    }
  }
  await tx(db, (t) =>
    markIssued(t, reward, {
      from: "issuing",
      reason: `discount code ${code} created`,
      data: { shopifyRef: discountId, issuedAt: now, expiresAt: endsAt, failureReason: null },
    }),
  );
  return "issued";
}
