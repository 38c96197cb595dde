// Issues one reward through the Admin API, exactly once as the shopper sees it, whatever
// crashes, retries and duplicate jobs happen. What comes off or changes before the first send
// (a guest's customer, classic accounts, the shopping currency, what the advocate owes) is
// settled here; then the reward goes out as a discount code (issue-discount-code.server.ts:
// derived code, TAKEN read back) or as store credit (issue-store-credit.server.ts, under the
// account's lock: store-credit-lock.server.ts).
import type { Db } from "../db.server";
import { RetryJobLaterError } from "../jobs/define-job";
import { completeAdvocate } from "../advocates/advocate-identity.server";
import { adminClientForShop, type AdminClientOptions } from "../shopify/admin-client.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { ShopifyUserError } from "../shopify/errors";
import { adjustRewardsForRefunds } from "./refund-adjustment.server";
import { paidAsStoreCredit } from "../program/reward-kinds";
import { bindRewardCustomer, transitionReward } from "./reward-ledger.server";
import { ReplacementExistsError, replaceCreditWithCode } from "./failed-rewards.server";
import { deductOwedFromReward } from "./recover-owed.server";
import { creditInShoppingCurrency } from "./shopping-currency.server";
import { issueDiscountCode } from "./issue-discount-code.server";
import { issueStoreCredit } from "./issue-store-credit.server";
import { loadReward, markFailed, tx, type IssueOutcome, type RewardRow } from "./reward-issuance.server";
import { CREDIT_TIMEOUT_MS } from "./store-credit-lock.server";

export type { IssueOutcome } from "./reward-issuance.server";

export interface IssueOptions {
  client?: AdminGraphql;
  clientOptions?: Omit<AdminClientOptions, "shop" | "accessToken">;
  now?: Date;
}

export async function issueReward(db: Db, rewardId: string, options: IssueOptions = {}): Promise<IssueOutcome> {
  let reward = await loadReward(db, rewardId);
  if (!reward) return "skipped";
  if (reward.status !== "pending" && reward.status !== "issuing") return "skipped";
  const client = options.client ?? (await adminClientForShop(db, reward.shopId, { timeoutMs: CREDIT_TIMEOUT_MS, ...options.clientOptions }));
  if (reward.recipient === "advocate" && !reward.customerGid) {
    reward = await payOnTheGuestsCustomer(db, client, reward);
    if (!reward.customerGid) return markFailed(db, reward, "The advocate shared as a guest and has no Shopify customer account; the program does not create accounts for guest advocates (Program → Pay guest advocates on a customer account).");
  }
  if (reward.status === "pending" && (await payCreditAsCodeInstead(db, reward))) return "skipped";
  // Credit in the currency the advocate shops in, before owed amounts (kept per currency) come off.
  if (await creditInShoppingCurrency(db, client, reward)) reward = (await loadReward(db, reward.id)) ?? reward;
  // What the advocate owes from earlier reversals comes off this reward before its first send
  // (not off a goodwill reward: staff give that amount to the person, whole).
  if (reward.status === "pending" && reward.recipient === "advocate" && reward.attempts === 0 && reward.referralId) {
    if (await deductOwedFromReward(db, reward.id)) reward = (await loadReward(db, reward.id)) ?? reward;
    if (reward.amountMinor === 0n && reward.deductedMinor > 0n) return settleFullyDeducted(db, reward, options.now);
  }
  const outcome = paidAsStoreCredit(reward.kind) ? await issueStoreCredit(db, client, reward, options.now) : await issueDiscountCode(db, client, reward, options.now);
  // A refund may have come in while we were issuing: let the reversal see the issued reward.
  if (outcome === "issued" && reward.referralId) await adjustRewardsForRefunds(db, reward.shopId, reward.referralId);
  return outcome;
}

/**
 * A guest advocate (an email, no customer) is paid on the Shopify customer with that email,
 * created when there is none and the program allows it. The reward then carries the customer.
 */
async function payOnTheGuestsCustomer(db: Db, client: AdminGraphql, reward: RewardRow): Promise<RewardRow> {
  let advocate;
  try {
    advocate = await completeAdvocate(db, client, reward.advocateId, { createCustomer: reward.config?.advocateReward.createGuestCustomers ?? false });
  } catch (error) {
    // Shopify refused the guest's email as a customer (invalid, say): no retry can change that.
    if (error instanceof ShopifyUserError) return reward;
    throw error;
  }
  if (!advocate?.customerGid) return reward;
  await bindRewardCustomer(db, { rewardId: reward.id, shopId: reward.shopId, customerGid: advocate.customerGid });
  return (await loadReward(db, reward.id)) ?? reward;
}

/**
 * Readiness at issuance: store credit only reaches a buyer logged in with new customer
 * accounts. When the shop is on classic accounts now (whatever it was when the program was
 * set up), an advocate's credit is paid as the program's fallback, a code bound to them, with
 * the reason on both rewards. True when the credit was replaced (or already had been).
 */
async function payCreditAsCodeInstead(db: Db, reward: RewardRow): Promise<boolean> {
  // A goodwill credit is refused on classic accounts when staff give it (review/goodwill-reward.server.ts).
  const referralId = reward.referralId;
  if (reward.recipient !== "advocate" || !paidAsStoreCredit(reward.kind) || !reward.customerGid || !referralId) return false;
  const shop = await db.shop.findUnique({ where: { id: reward.shopId }, select: { customerAccountsVersion: true } });
  if (shop?.customerAccountsVersion !== "CLASSIC") return false;
  try {
    await tx(db, (t) =>
      replaceCreditWithCode(t, { ...reward, referralId }, {
        from: "pending",
        reason: "the shop is on classic customer accounts, where store credit cannot be spent: paid as a discount code for the advocate instead",
        replacementReason: `replaces store credit ${reward.id}: classic customer accounts cannot spend store credit`,
      }),
    );
  } catch (error) {
    if (!(error instanceof ReplacementExistsError)) throw error;
  }
  return true;
}

/** A reward wholly taken by what the advocate owed: nothing to send, so it is settled as paid. */
async function settleFullyDeducted(db: Db, reward: RewardRow, now = new Date()): Promise<IssueOutcome> {
  await tx(db, async (t) => {
    const started = await transitionReward(t, { rewardId: reward.id, shopId: reward.shopId, from: "pending", to: "issuing", reason: "nothing to send: the whole reward went to what the advocate owed" });
    if (!started) throw new RetryJobLaterError(`reward ${reward.id} changed while settling a deduction`, 50);
    await transitionReward(t, { rewardId: reward.id, shopId: reward.shopId, from: "issuing", to: "issued", reason: `${reward.deductedMinor} owed deducted; nothing left to pay`, data: { issuedAt: now } });
  });
  return "issued";
}
