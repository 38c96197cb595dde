// Before an advocate's store credit is first sent: when their latest order was paid in another
// currency than the shop's, the reward is converted to it at the rate Shopify used for that
// order and recorded with the rate and the shop-currency amount (Shopify applies only the
// balance in the checkout's currency, so shop-currency credit would be invisible to them).
import { withSqliteBusyRetry, type Db } from "../db.server";
import { RetryJobLaterError } from "../jobs/define-job";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { customerLatestOrderCurrency } from "../shopify/customer-orders.server";
import { ShopifyApiError, ShopifyUserError } from "../shopify/errors";
import { minorUnitsToDecimal } from "../lib/money";
import { paidAsStoreCredit } from "../program/reward-kinds";
import { paysOnlyIn } from "../shops/presentment-currencies.server";
import { adjustRewardAmount } from "./reward-ledger.server";
import { convertMinor, rateFromAmounts } from "./shopping-currency";

interface ConvertibleReward {
  id: string;
  shopId: string;
  recipient: string;
  kind: string;
  status: string;
  attempts: number;
  amountMinor: bigint;
  currency: string;
  customerGid: string | null;
  exchangeRate: string | null;
}

/** True when the reward was converted (the caller reloads it). Converts at most once: a converted reward has its rate. */
export async function creditInShoppingCurrency(db: Db, client: AdminGraphql, reward: ConvertibleReward): Promise<boolean> {
  if (reward.recipient !== "advocate" || !paidAsStoreCredit(reward.kind) || !reward.customerGid) return false;
  if (reward.status !== "pending" || reward.attempts !== 0 || reward.exchangeRate !== null || reward.amountMinor <= 0n) return false;
  // A shop buyers pay in one currency has nothing to convert: no read of the customer's orders.
  if (await paysOnlyIn(db, client, reward.shopId, reward.currency)) return false;
  let latest;
  try {
    latest = await customerLatestOrderCurrency(client, reward.customerGid);
  } catch (error) {
    // Shopify will not say (no access to orders, say): the credit goes out in the shop's currency.
    if (error instanceof ShopifyUserError || (error instanceof ShopifyApiError && !error.retryable)) return false;
    throw error;
  }
  if (!latest || latest.shop.currency !== reward.currency || latest.presentment.currency === reward.currency) return false;
  const rate = rateFromAmounts(latest.shop, latest.presentment);
  if (!rate) return false;
  const to = latest.presentment.currency;
  const converted = convertMinor(reward.amountMinor, reward.currency, to, rate);
  if (converted <= 0n) return false;
  const reason =
    `issued in ${to}, the currency of the advocate's latest order (${latest.orderGid}): ` +
    `${minorUnitsToDecimal(reward.amountMinor, reward.currency)} ${reward.currency} at ${rate} = ${minorUnitsToDecimal(converted, to)} ${to}`;
  await withSqliteBusyRetry(db, () =>
    db.$transaction(async (t) => {
      const converts = await adjustRewardAmount(t, {
        rewardId: reward.id,
        shopId: reward.shopId,
        status: "pending",
        fromMinor: reward.amountMinor,
        toMinor: converted,
        where: { attempts: 0, exchangeRate: null, currency: reward.currency },
        data: { currency: to, shopAmountMinor: reward.amountMinor, exchangeRate: rate },
        reason,
      });
      if (!converts) throw new RetryJobLaterError(`reward ${reward.id} changed while converting its currency`, 50);
    }),
  );
  return true;
}
