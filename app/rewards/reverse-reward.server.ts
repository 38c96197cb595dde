// Takes back an issued advocate reward after a refund or cancellation: debits the store credit
// (never below zero: only what is left on the account) and records the rest as owed. A
// discount code cannot be taken back, so all of it is owed. Debits are not idempotent either:
// like credits they run under the account's StoreCreditLock, the debit amount is fixed by the
// lock's balanceBefore, and a lost answer is settled by finding the debit in the transactions.
import { withSqliteBusyRetry, type Db, isUniqueViolation } from "../db.server";
import { enqueueFlowTrigger } from "../flow/send-flow-trigger.job.server";
import { PermanentJobError, RetryJobLaterError } from "../jobs/define-job";
import { readProgramConfig } from "../program/program-config";
import { adjustRewardsForRefunds } from "./refund-adjustment.server";
import { adminClientForShop, notSentInTime } from "../shopify/admin-client.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { ShopifyApiError, ShopifyUserError } from "../shopify/errors";
import { DEBIT_OPERATION, debitStoreCredit, listStoreCreditTransactions } from "../shopify/store-credit.server";
import { deactivateDiscountCode, findDiscountCodeByCode } from "../shopify/discount-codes.server";
import { assertLockSettled, CLOCK_SLACK_MS, CREDIT_TIMEOUT_MS, lockBusy, ownAccountLock, releaseAccountLock, SEND_WITHIN_MS } from "./store-credit-lock.server";
import { advocateTargetAmount } from "./reward-amounts";
import { isMilestoneKind } from "../program/reward-kinds";
import { inRewardCurrency } from "./shopping-currency";
import { noteRewardFailure, transitionReward } from "./reward-ledger.server";

export type ReverseOutcome = "nothing-to-do" | "debited" | "deactivated" | "owed" | "adjusted-before-issue";

export async function reverseReward(db: Db, rewardId: string, options: { client?: AdminGraphql } = {}): Promise<ReverseOutcome> {
  const reward = await db.reward.findUnique({ where: { id: rewardId }, include: { referral: { include: { programVersion: true } } } });
  // A milestone bonus, once paid, is kept when a referral is refunded (milestones.ts).
  // A goodwill reward (no referral) has no order whose refund could take it back.
  if (!reward?.referral || !reward.referralId || reward.recipient !== "advocate" || isMilestoneKind(reward.kind)) return "nothing-to-do";
  if (reward.status === "pending" || reward.status === "held") {
    await adjustRewardsForRefunds(db, reward.shopId, reward.referralId);
    return "adjusted-before-issue";
  }
  if (reward.status === "issuing") throw lockBusy(`reward ${reward.id} is being issued; reverse after`, 1_000);
  if (reward.status !== "issued") return "nothing-to-do";

  const referral = reward.referral;
  const config = readProgramConfig(referral.programVersion.config);
  const target = inRewardCurrency(reward, advocateTargetAmount(config, referral.orderSubtotalMinor ?? 0n, referral.refundedMinor, referral.status === "cancelled"), config.currency);
  // The reward's gross value counts what was deducted from it for earlier debts: reversing it
  // voids that repayment too, so the deducted part becomes owed again (it cannot be debited).
  const need = reward.amountMinor + reward.deductedMinor - reward.reversedMinor - reward.owedMinor - target;
  const takeBackable = reward.amountMinor - reward.reversedMinor;
  if (need <= 0n) return "nothing-to-do";
  const finalStatus = target === 0n ? "reversed" : "issued";

  const settle = (debited: bigint, note: string, lockId?: string) =>
    withSqliteBusyRetry(db, () =>
      db.$transaction(async (t) => {
        const moved = await transitionReward(t, {
          rewardId: reward.id,
          shopId: reward.shopId,
          from: "issued",
          to: finalStatus,
          reason: note,
          data: { reversedMinor: { increment: debited }, owedMinor: { increment: need - debited } },
          where: { reversedMinor: reward.reversedMinor, owedMinor: reward.owedMinor },
        });
        if (lockId) await t.storeCreditLock.deleteMany({ where: { id: lockId } });
        if (!moved) throw new RetryJobLaterError(`reward ${reward.id} changed during reversal`, 50);
        // One Flow event per settled reversal; what was taken back so far names it.
        const event = { trigger: "rewardReversed", rewardId: reward.id, takenBackMinor: debited.toString(), owedMinor: (need - debited).toString(), fullyReversed: finalStatus === "reversed" } as const;
        await enqueueFlowTrigger(t, reward.shopId, event, `${reward.id}:${reward.reversedMinor + reward.owedMinor + need}`);
      }),
    );

  if (reward.kind !== "store_credit" || !reward.customerGid) {
    // A code nobody has used yet is ended in Shopify: the whole reward is taken back. A used
    // one (or a partial refund, which a code cannot follow) is owed.
    if (finalStatus === "reversed" && reward.shopifyRef && reward.discountCode) {
      const client = options.client ?? (await adminClientForShop(db, reward.shopId, { timeoutMs: CREDIT_TIMEOUT_MS }));
      const code = await findDiscountCodeByCode(client, reward.discountCode);
      if (!code || (code.usageCount ?? 0) === 0) {
        if (code) await deactivateDiscountCode(client, code.id);
        const taken = minBig(need, takeBackable);
        await settle(taken, `refund: the unused code ${reward.discountCode} was deactivated${need > taken ? `; ${need - taken} deducted from it for earlier debts owed again` : ""}`);
        return "deactivated";
      }
    }
    await settle(0n, `refund after the code was used: ${need} owed (a used code cannot be taken back)`);
    return "owed";
  }
  const client = options.client ?? (await adminClientForShop(db, reward.shopId, { timeoutMs: CREDIT_TIMEOUT_MS }));
  let lock = await ownAccountLock(db, reward, reward.customerGid);
  if (lock) assertLockSettled(lock);
  const accounts = await listStoreCreditTransactions(client, reward.customerGid);
  const account = accounts?.find((a) => a.balance.currencyCode === reward.currency) ?? null;
  const balance = BigInt(account?.balance.minorUnits ?? 0);

  if (lock) {
    // A debit of ours may have landed without us hearing back.
    const amount = minBig(minBig(need, takeBackable), lock.balanceBeforeMinor ?? 0n);
    const since = lock.createdAt.getTime() - CLOCK_SLACK_MS;
    const candidates = (account?.transactions ?? []).filter((t) => t.kind === "debit" && t.id && -BigInt(t.amount.minorUnits) === amount && Date.parse(t.createdAt) >= since);
    for (const candidate of candidates) {
      const known = await db.rewardTransition.count({ where: { shopId: reward.shopId, reason: { contains: candidate.id! } } });
      if (known === 0) {
        await settle(amount, `debited ${amount} of store credit (${candidate.id}), found after an unknown outcome`, lock.id);
        return "debited";
      }
    }
    await client.waitForBudget?.(DEBIT_OPERATION);
    const refreshed = new Date();
    const { count } = await withSqliteBusyRetry(db, () =>
      db.storeCreditLock.updateMany({ where: { id: lock!.id, createdAt: lock!.createdAt }, data: { createdAt: refreshed, balanceBeforeMinor: balance, operation: "debit" } }),
    );
    if (count !== 1) throw lockBusy(`another run took over the reversal of reward ${reward.id}`);
    lock = { ...lock, createdAt: refreshed, balanceBeforeMinor: balance };
  } else {
    // Even with nothing left on the account, the "owed" is recorded under the lock: settled
    // without it, it raced a concurrent run of this reversal that was debiting (the advocate
    // debited and owing the same amount, that run's lock left behind).
    if (balance > 0n) await client.waitForBudget?.(DEBIT_OPERATION);
    try {
      lock = await withSqliteBusyRetry(db, () =>
        db.storeCreditLock.create({ data: { shopId: reward.shopId, customerGid: reward.customerGid!, currency: reward.currency, rewardId: reward.id, balanceBeforeMinor: balance, operation: "debit", createdAt: new Date() } }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw lockBusy("store credit lock taken");
      throw error;
    }
    // Another run of this reversal may have settled between our read of the reward and our
    // lock (it deletes its lock as it settles): `need` would then be stale, and a debit of it
    // would take the credit back twice. Every debit settles under the lock, so once we hold
    // it the reward can no longer change under us; check it did not change before.
    const current = await db.reward.findUnique({ where: { id: reward.id }, select: { status: true, reversedMinor: true, owedMinor: true } });
    if (!current || current.status !== reward.status || current.reversedMinor !== reward.reversedMinor || current.owedMinor !== reward.owedMinor) {
      await releaseAccountLock(db, lock!);
      throw new RetryJobLaterError(`reward ${reward.id} changed while its reversal took the account`, 50);
    }
  }
  const amount = minBig(minBig(need, takeBackable), lock.balanceBeforeMinor ?? 0n);
  if (amount <= 0n) {
    await settle(0n, `refund after issuance: the advocate already spent the credit; ${need} owed`, lock.id);
    return "owed";
  }
  try {
    const debit = await debitStoreCredit(
      client,
      { ownerId: reward.customerGid, amount: { minorUnits: amount, currencyCode: reward.currency } },
      { notAfter: lock.createdAt.getTime() + SEND_WITHIN_MS },
    );
    await settle(amount, `debited ${amount} of store credit (${debit.id})${need > amount ? `; ${need - amount} owed` : ""}`, lock.id);
    return "debited";
  } catch (error) {
    if (error instanceof ShopifyApiError && error.ambiguous) throw error;
    if (notSentInTime(error)) {
      await releaseAccountLock(db, lock!);
      throw lockBusy(`the reversal of reward ${reward.id} waits for the shop's API budget`);
    }
    if (error instanceof ShopifyApiError || (error instanceof ShopifyUserError && error.hasCode("INSUFFICIENT_FUNDS"))) {
      // Not applied (or the advocate spent it meanwhile): free the account and read it again.
      await withSqliteBusyRetry(db, () => db.storeCreditLock.deleteMany({ where: { id: lock!.id } }));
      if (error instanceof ShopifyApiError && !error.retryable) throw new PermanentJobError(error.message);
      if (error instanceof ShopifyUserError) throw new RetryJobLaterError(error.message, 100);
      throw error;
    }
    if (error instanceof ShopifyUserError) {
      await withSqliteBusyRetry(db, () =>
        db.$transaction(async (t) => {
          await noteRewardFailure(t, { rewardId: reward.id, failureReason: `reversal refused by Shopify: ${error.message}` });
          await t.storeCreditLock.deleteMany({ where: { id: lock!.id } });
        }),
      );
      throw new PermanentJobError(error.message);
    }
    throw error;
  }
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
