// Issues an advocate's store credit, exactly once as the shopper sees it, whatever crashes,
// retries and duplicate jobs happen: one credit in flight per account (StoreCreditLock,
// committed before the mutation is sent; store-credit-lock.server.ts). A lock left by an
// earlier attempt means the outcome is unknown: only then are the account's transactions read,
// and an unrecorded credit of our amount made after the lock was taken is ours; otherwise the
// credit never landed and is sent again. Without such a lock no credit of this reward can have
// landed unrecorded (a credit is only sent under a lock, and the lock goes in the transaction
// that records the outcome), so a first attempt sends the credit straight away: one mutation
// per reward, no read. The shop's API budget is reserved before the lock is taken and the
// reservation is handed to the request, so the lock is held only while the credit is sent.
import { withSqliteBusyRetry, type Db, isUniqueViolation } from "../db.server";
import { notSentInTime } from "../shopify/admin-client.server";
import type { AdminGraphql, BudgetReservation } from "../shopify/admin-graphql";
import { ShopifyApiError } from "../shopify/errors";
import { CREDIT_OPERATION, creditStoreCredit, listStoreCreditTransactions } from "../shopify/store-credit.server";
import { transitionReward } from "./reward-ledger.server";
import { addDays, describeShopifyFailure, markFailed, markIssued, markIssuing, tx, type IssueOutcome, type RewardRow } from "./reward-issuance.server";
import { accountIn, assertLockSettled, findLandedCredit, lockBusy, ownAccountLock, releaseAccountLock, SEND_WITHIN_MS } from "./store-credit-lock.server";

export async function issueStoreCredit(db: Db, client: AdminGraphql, reward: RewardRow, now = new Date()): Promise<IssueOutcome> {
  const customerGid = reward.customerGid;
  if (!customerGid) return markFailed(db, reward, "The advocate has no Shopify customer account to credit.");
  const config = reward.config;

  let lock = await ownAccountLock(db, reward, customerGid);
  // This reward's own debit lock: it was issued meanwhile and a reversal holds the account; this
  // run read it before that and has nothing to do (its retry sees the reward issued).
  if (lock && lock.operation !== "credit") throw lockBusy(`reward ${reward.id} is being reversed`);
  let reservation: BudgetReservation | undefined;
  const giveBack = async () => {
    if (reservation) await client.releaseBudget?.(reservation);
    reservation = undefined;
  };
  if (lock) {
    // Resuming after a crash or an ambiguous failure: the outcome is unknown until the
    // account's transactions say whether the earlier credit landed.
    assertLockSettled(lock);
    const accounts = await listStoreCreditTransactions(client, customerGid);
    if (accounts === null) return markFailed(db, reward, `Shopify has no customer ${customerGid}.`);
    const account = accountIn(accounts, reward.currency);
    const landed = await findLandedCredit(db, reward, account, lock.createdAt);
    if (landed) {
      await tx(db, async (t) => {
        // Every source state is checked against the target up front, and pending → issued is
        // not a ledger move: a reward still pending (its run died between taking the lock and
        // marking it issuing) goes through issuing, so its history stays a valid path.
        if (reward.status === "pending") {
          await transitionReward(t, { rewardId: reward.id, shopId: reward.shopId, from: "pending", to: "issuing", reason: "resuming an attempt whose outcome was unknown" });
        }
        await markIssued(t, reward, {
          from: "issuing",
          reason: `store credit found on the account after an unknown outcome (${landed.id})`,
          data: { shopifyRef: landed.id, issuedAt: new Date(landed.createdAt), expiresAt: landed.expiresAt ? new Date(landed.expiresAt) : null, failureReason: null },
        });
        await t.storeCreditLock.deleteMany({ where: { id: lock!.id } });
      });
      return "issued";
    }
    // Not there: it never landed. Reserve the budget first (not under the lock's window),
    // then restart the in-flight window from now; only one runner may.
    reservation = await client.reserveBudget?.(CREDIT_OPERATION);
    const refreshed = new Date();
    const { count } = await withSqliteBusyRetry(db, () =>
      db.storeCreditLock.updateMany({
        where: { id: lock!.id, createdAt: lock!.createdAt },
        data: { createdAt: refreshed, balanceBeforeMinor: BigInt(account?.balance.minorUnits ?? 0) },
      }),
    );
    if (count !== 1) {
      await giveBack();
      throw lockBusy(`another run took over the store credit of reward ${reward.id}`);
    }
    lock = { ...lock, createdAt: refreshed };
  } else {
    // A first attempt: nothing of this reward can be on the account, so nothing to read.
    reservation = await client.reserveBudget?.(CREDIT_OPERATION);
    try {
      lock = await withSqliteBusyRetry(db, () =>
        db.storeCreditLock.create({
          data: { shopId: reward.shopId, customerGid, currency: reward.currency, rewardId: reward.id, balanceBeforeMinor: null, operation: "credit", createdAt: new Date() },
        }),
      );
    } catch (error) {
      await giveBack();
      if (isUniqueViolation(error)) throw lockBusy(`store credit lock for ${customerGid} taken`);
      throw error;
    }
  }
  try {
    await markIssuing(db, reward);
  } catch (error) {
    // Another run finished the reward since we read it: give the account (and the points) back.
    await releaseAccountLock(db, lock!);
    await giveBack();
    throw error;
  }

  const expiresAt = addDays(now, config?.advocateReward.creditExpiryDays);
  let credit;
  try {
    credit = await creditStoreCredit(
      client,
      { ownerId: customerGid, amount: { minorUnits: reward.amountMinor, currencyCode: reward.currency }, expiresAt },
      { notAfter: lock.createdAt.getTime() + SEND_WITHIN_MS, reservation },
    );
  } catch (error) {
    if (error instanceof ShopifyApiError && error.ambiguous) throw error; // keep the lock: next attempt reconciles
    if (notSentInTime(error)) {
      // Never sent: the account is free again, and waiting for the budget is not a failure.
      await releaseAccountLock(db, lock!);
      throw lockBusy(`store credit for reward ${reward.id} waits for the shop's API budget`);
    }
    const reason = describeShopifyFailure(error);
    if (reason) return markFailed(db, reward, reason);
    // Refused without running (throttled, 429, 5xx on a query): nothing landed, free the account.
    // Anything else (a bug, an odd answer) keeps the lock so the next attempt reconciles first.
    if (error instanceof ShopifyApiError) await withSqliteBusyRetry(db, () => db.storeCreditLock.deleteMany({ where: { id: lock!.id } }));
    throw error;
  }
  await tx(db, async (t) => {
    await markIssued(t, reward, {
      from: "issuing",
      reason: `store credit ${credit.id}`,
      data: { shopifyRef: credit.id, issuedAt: new Date(credit.createdAt), expiresAt: credit.expiresAt ? new Date(credit.expiresAt) : null, failureReason: null },
    });
    await t.storeCreditLock.deleteMany({ where: { id: lock!.id } });
  });
  return "issued";
}
