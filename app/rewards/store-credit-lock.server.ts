// The store-credit lock protocol: at most one store-credit mutation (a credit or a debit) in
// flight per customer account and currency (StoreCreditLock, committed before the mutation is
// sent), so that after an ambiguous failure the account's transactions identify ours
// unambiguously. A lock left by an earlier attempt means the outcome is unknown: only then are
// the account's transactions read (findLandedCredit for a credit), and only once nothing can
// still be in flight under it (assertLockSettled). Credit issuance (issue-store-credit.server.ts)
// and reversal (reverse-reward.server.ts) both take it.
import { withSqliteBusyRetry, type Db } from "../db.server";
import { setting } from "../env.server";
import { RetryJobLaterError } from "../jobs/define-job";
import type { StoreCreditAccountSummary } from "../shopify/store-credit.server";

/** Clock slack when matching Shopify's transaction timestamps against our lock time. */
export const CLOCK_SLACK_MS = 60_000;
/**
 * A store-credit mutation gets at most this long (the client aborts it after that). A lock is
 * only reconciled once it is older than this plus a margin: before that, the run that took it
 * may still be waiting for Shopify's answer (a lease taken over, a duplicate job), and reading
 * the account then would miss a credit that is about to land.
 */
export const CREDIT_TIMEOUT_MS = setting("TWOFOLD_CREDIT_TIMEOUT_MS");
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

export function accountIn(accounts: StoreCreditAccountSummary[] | null, currency: string): StoreCreditAccountSummary | null {
  return accounts?.find((a) => a.balance.currencyCode === currency) ?? null;
}

/** Our credit from an attempt whose answer we lost, if Shopify has it. */
export async function findLandedCredit(db: Db, reward: { shopId: string; amountMinor: bigint }, account: StoreCreditAccountSummary | null, since: Date) {
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
