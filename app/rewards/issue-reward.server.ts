// Issues one reward through the Admin API, exactly once as the shopper sees it, whatever
// crashes, retries and duplicate jobs happen:
// - discount codes: the code is derived from the reward (reward-code.ts); a retry that meets
//   TAKEN looks the code up and accepts it when it is ours (same title).
// - store credit: one credit in flight per account (StoreCreditLock, committed before the
//   mutation is sent). A lock left by an earlier attempt means the outcome is unknown: only
//   then are the account's transactions read, and an unrecorded credit of our amount made
//   after the lock was taken is ours; otherwise the credit never landed and is sent again.
//   Without such a lock no credit of this reward can have landed unrecorded (a credit is only
//   sent under a lock, and the lock goes in the transaction that records the outcome), so a
//   first attempt sends the credit straight away: one mutation per reward, no read.
//   The shop's API budget is reserved before the lock is taken and the reservation is handed
//   to the request, so the lock is held only while the credit is sent.
import { withSqliteBusyRetry, type Db, isUniqueViolation } from "../db.server";
import { enqueueFlowTrigger } from "../flow/send-flow-trigger.job.server";
import { RetryJobLaterError } from "../jobs/define-job";
import { readProgramConfig } from "../program/program-config";
import { currentProgramVersion } from "../program/program.server";
import { completeAdvocate } from "../advocates/advocate-identity.server";
import { adminClientForShop, notSentInTime, type AdminClientOptions } from "../shopify/admin-client.server";
import type { AdminGraphql, BudgetReservation } from "../shopify/admin-graphql";
import { createBasicDiscountCode, findDiscountCodeByCode, type DiscountValue } from "../shopify/discount-codes.server";
import { ShopifyApiError, ShopifyUserError } from "../shopify/errors";
import { CREDIT_OPERATION, creditStoreCredit, listStoreCreditTransactions, type StoreCreditAccountSummary } from "../shopify/store-credit.server";
import { adjustRewardsForRefunds } from "./refund-adjustment.server";
import { rewardDiscountCode, rewardDiscountTitle } from "./reward-code";
import { queueMilestoneEmail, queueRewardIssuedEmail } from "../notifications/queue-email.server";
import { enqueue } from "../jobs/queue.server";
import { awardMilestonesJob } from "./award-milestones.job.server";
import { isMilestoneKind, milestoneOfKey, paidAsStoreCredit } from "../program/reward-kinds";
import { transitionReward, type TransitionArgs } from "./reward-ledger.server";
import { friendDiscountValue } from "../program/friend-discount";
import { ReplacementExistsError, replaceCreditWithCode } from "./failed-rewards.server";
import { deductOwedFromReward } from "./recover-owed.server";
import { creditInShoppingCurrency } from "./shopping-currency.server";

/** Clock slack when matching Shopify's transaction timestamps against our lock time. */
export const CLOCK_SLACK_MS = 60_000;
/**
 * A store-credit mutation gets at most this long (the client aborts it after that). A lock is
 * only reconciled once it is older than this plus a margin: before that, the run that took it
 * may still be waiting for Shopify's answer (a lease taken over, a duplicate job), and reading
 * the account then would miss a credit that is about to land.
 */
export const CREDIT_TIMEOUT_MS = Number(process.env.TWOFOLD_CREDIT_TIMEOUT_MS ?? 10_000);
/**
 * A credit or debit is sent within this long of taking (or refreshing) the account's lock, or
 * not at all (the request's `notAfter`): waiting for the shop's API budget happens before the
 * lock, and a budget that frees up later than this gives the lock back unsent. So every call
 * made under a lock has landed or failed by lock time + SEND_WITHIN_MS + CREDIT_TIMEOUT_MS.
 */
export const SEND_WITHIN_MS = Math.max(2_000, CREDIT_TIMEOUT_MS / 4);
export const IN_FLIGHT_WINDOW_MS = SEND_WITHIN_MS + CREDIT_TIMEOUT_MS + 2_000;

/** Retry later unless the lock's in-flight window is over. */
export function assertLockSettled(lock: { createdAt: Date }, now = Date.now()): void {
  const age = now - lock.createdAt.getTime();
  if (age < IN_FLIGHT_WINDOW_MS) throw new RetryJobLaterError("an earlier store-credit call may still be in flight", IN_FLIGHT_WINDOW_MS - age + 50, { countsAsAttempt: false });
}
export const LOCK_BUSY_RETRY_MS = 500;

/**
 * A run waiting for an account another run holds: its turn comes, so the wait is not a failed
 * attempt. The delay is spread (±50 %) so that runs waiting for the same account do not all
 * look again at the same moment.
 */
export function lockBusy(message: string, delayMs = LOCK_BUSY_RETRY_MS, random = Math.random): RetryJobLaterError {
  return new RetryJobLaterError(message, Math.round(delayMs * (0.5 + random())), { countsAsAttempt: false });
}

/**
 * Whether a store-credit call may still be in flight under a lock, from its holder's state.
 * A credit is only sent while the holder is issuing, and the move to issued or failed deletes
 * the lock in the same transaction; a debit only while the holder is issued, and the move to
 * reversed (or the settling of a partial one) deletes it too. Any other state means the run
 * that took the lock died before sending (SIGKILL after the lock's commit; then a refund
 * cancelled the reward, or another run issued it). Without freeing those, that advocate's
 * every later credit would wait forever (the 2,000-order fault run found two such accounts).
 * A credit lock of a pending reward is the holder's own to reconcile (its sweep re-queues it).
 */
function holderMayBeSending(operation: string, holderStatus: string | undefined): boolean {
  if (holderStatus === undefined) return false;
  return operation === "debit" ? holderStatus === "issued" : holderStatus === "issuing" || holderStatus === "pending";
}

/**
 * Another reward holds the account's lock: frees it when nothing can be in flight under it
 * (see above) and returns, so the caller reads the lock again; otherwise throws a wait for
 * its turn.
 */
async function freeSettledLockOrWait(db: Db, lock: { id: string; rewardId: string; operation: string; createdAt: Date; customerGid: string; currency: string }): Promise<void> {
  const holder = await db.reward.findUnique({ where: { id: lock.rewardId }, select: { status: true } });
  if (holderMayBeSending(lock.operation, holder?.status)) throw lockBusy(`another store credit is in flight for ${lock.customerGid} (${lock.currency})`);
  await releaseAccountLock(db, lock);
}

/** Gives the account back: deletes this lock, and only this one (a refreshed or retaken lock has another createdAt). */
export async function releaseAccountLock(db: Db, lock: { id: string; createdAt: Date }): Promise<void> {
  await withSqliteBusyRetry(db, () => db.storeCreditLock.deleteMany({ where: { id: lock.id, createdAt: lock.createdAt } }));
}

/**
 * The account's lock as `reward` may use it: its own (left by a run of it that did not finish),
 * or null when the account is free. Another reward's lock is freed when nothing can be in
 * flight under it; otherwise this throws a wait for its turn.
 */
export async function ownAccountLock(db: Db, reward: { id: string; shopId: string; currency: string }, customerGid: string) {
  const where = { shopId_customerGid_currency: { shopId: reward.shopId, customerGid, currency: reward.currency } };
  let lock = await db.storeCreditLock.findUnique({ where });
  if (lock && lock.rewardId !== reward.id) {
    await freeSettledLockOrWait(db, lock);
    lock = await db.storeCreditLock.findUnique({ where });
    if (lock && lock.rewardId !== reward.id) throw lockBusy(`another store credit is in flight for ${customerGid} (${reward.currency})`);
  }
  return lock;
}

type RewardRow = NonNullable<Awaited<ReturnType<typeof loadReward>>>;

/**
 * The reward with whose it is and the program it follows: its referral's version, or for a
 * goodwill reward (no referral) its own advocate and the program in force now (null: none).
 */
async function loadReward(db: Db, rewardId: string) {
  const row = await db.reward.findUnique({ where: { id: rewardId }, include: { referral: { include: { advocate: true, programVersion: true } } } });
  if (!row) return null;
  const advocateId = row.referral?.advocateId ?? row.advocateId;
  if (!advocateId) throw new Error(`reward ${rewardId} has neither a referral nor an advocate`);
  const config = row.referral ? readProgramConfig(row.referral.programVersion.config) : ((await currentProgramVersion(db, row.shopId))?.config ?? null);
  return { ...row, advocateId, config };
}

export interface IssueOptions {
  client?: AdminGraphql;
  clientOptions?: Omit<AdminClientOptions, "shop" | "accessToken">;
  now?: Date;
}

export type IssueOutcome = "issued" | "failed" | "skipped";

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

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

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
  await db.reward.updateMany({ where: { id: reward.id, customerGid: null }, data: { customerGid: advocate.customerGid } });
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

async function tx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withSqliteBusyRetry(db, () => db.$transaction(fn));
}

async function markIssuing(db: Db, reward: RewardRow, data: { discountCode?: string } = {}): Promise<void> {
  await tx(db, async (t) => {
    if (reward.status === "pending") {
      const moved = await transitionReward(t, {
        rewardId: reward.id,
        shopId: reward.shopId,
        from: "pending",
        to: "issuing",
        reason: "sending to Shopify",
        data: { attempts: { increment: 1 }, ...data },
      });
      if (!moved) throw new RetryJobLaterError(`reward ${reward.id} changed while starting issuance`, 50);
    } else {
      // Guarded too: a run that read "issuing" before another run finished must not send again.
      const { count } = await t.reward.updateMany({ where: { id: reward.id, status: "issuing" }, data: { attempts: { increment: 1 }, ...data } });
      if (count !== 1) throw new RetryJobLaterError(`reward ${reward.id} changed while resuming issuance`, 50);
    }
  });
}

async function markFailed(db: Db, reward: RewardRow, reason: string, afterLock?: () => Promise<void>): Promise<IssueOutcome> {
  await tx(db, async (t) => {
    const moved = await transitionReward(t, { rewardId: reward.id, shopId: reward.shopId, from: ["issuing", "pending"], to: "failed", reason, data: { failureReason: reason.slice(0, 2000) } });
    // Only when this run's move landed, and only its own credit lock: a reward another run
    // moved on (issued, then reversing) may hold a debit lock that is not ours to drop.
    if (moved) await t.storeCreditLock.deleteMany({ where: { rewardId: reward.id, operation: "credit" } });
  });
  await afterLock?.();
  return "failed";
}

/**
 * The move to `issued` and its email commit together: the friend's code email or the
 * advocate's "you earned" email is queued only by the run whose transition landed (and the
 * email's dedupe key makes a second queueing a no-op anyway).
 */
async function markIssued(t: Tx, reward: RewardRow, args: Omit<TransitionArgs, "rewardId" | "shopId" | "to">): Promise<boolean> {
  const moved = await transitionReward(t, { ...args, rewardId: reward.id, shopId: reward.shopId, to: "issued" });
  if (!moved) return false;
  // Every advocate reward that reached Shopify (referral, milestone, goodwill) is one Flow event.
  if (reward.recipient === "advocate") await enqueueFlowTrigger(t, reward.shopId, { trigger: "rewardIssued", rewardId: reward.id }, reward.id);
  if (isMilestoneKind(reward.kind)) {
    const referrals = milestoneOfKey(reward.idempotencyKey);
    if (referrals !== null) {
      await queueMilestoneEmail(t, { shopId: reward.shopId, advocateId: reward.advocateId, referrals, bonusMinor: reward.amountMinor, currency: reward.currency, rewardId: reward.id });
    }
    return true;
  }
  // A goodwill reward is staff's own gesture (they tell the advocate themselves); it is not a
  // successful referral either, so no milestone counts it.
  if (!reward.referralId) return true;
  await queueRewardIssuedEmail(t, { id: reward.id, shopId: reward.shopId, referralId: reward.referralId, recipient: reward.recipient, kind: reward.kind });
  // One more successful referral for the advocate: a milestone may be due (its own job, so a
  // crash after this commit still pays it).
  if (reward.recipient === "advocate") {
    await enqueue(t, awardMilestonesJob, { shopId: reward.shopId, advocateId: reward.advocateId }, { shopId: reward.shopId, uniqueKey: `milestones:${reward.id}` });
  }
  return true;
}

function describeShopifyFailure(error: unknown): string | null {
  if (error instanceof ShopifyUserError) return `Shopify refused: ${error.message}`;
  if (error instanceof ShopifyApiError && !error.retryable) return `Shopify error (${error.kind}): ${error.message}`;
  return null;
}

// ----------------------------------------------------------------------- discount codes

function addDays(now: Date, days: number | null | undefined): Date | null {
  return days ? new Date(now.getTime() + days * 86_400_000) : null;
}

async function issueDiscountCode(db: Db, client: AdminGraphql, reward: RewardRow, now = new Date()): Promise<IssueOutcome> {
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

// ------------------------------------------------------------------------- store credit

function accountIn(accounts: StoreCreditAccountSummary[] | null, currency: string): StoreCreditAccountSummary | null {
  return accounts?.find((a) => a.balance.currencyCode === currency) ?? null;
}

/** Our credit from an attempt whose answer we lost, if Shopify has it. */
async function findLandedCredit(db: Db, reward: RewardRow, account: StoreCreditAccountSummary | null, since: Date) {
  if (!account) return null;
  const candidates = account.transactions.filter(
    (t) => t.kind === "credit" && t.id && BigInt(t.amount.minorUnits) === reward.amountMinor && Date.parse(t.createdAt) >= since.getTime() - CLOCK_SLACK_MS,
  );
  if (candidates.length === 0) return null;
  const recorded = await db.reward.findMany({ where: { shopId: reward.shopId, shopifyRef: { in: candidates.map((c) => c.id!) } }, select: { shopifyRef: true } });
  const known = new Set(recorded.map((r) => r.shopifyRef));
  // Oldest unrecorded first: the one our in-flight attempt made.
  return candidates.filter((c) => !known.has(c.id)).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))[0] ?? null;
}

async function issueStoreCredit(db: Db, client: AdminGraphql, reward: RewardRow, now = new Date()): Promise<IssueOutcome> {
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
