// The advocate's store credit balance, read from the Admin API inside the page's request.
// A shopper is waiting, so this asks once, with a short timeout, and never waits for the
// shop's API budget: any pause, throttle or failure makes the page fall back to the ledger
// (loadReferralPage) instead of holding the request or stealing budget from reward jobs.
import type { Db } from "../db.server";
import { adminClientForShop, systemClock, type Clock } from "../shopify/admin-client.server";
import { fetchStoreCreditBalances } from "../shopify/store-credit.server";
import { sharedAdminBudget } from "../shopify/shared-budget.server";

/** Shopify answers this 12-point query in well under a second; past this the ledger is shown. */
export const BALANCE_TIMEOUT_MS = 2_000;

const noWaitClock: Clock = {
  ...systemClock,
  sleep: async () => {
    throw new Error("the shop's Admin API budget is in use; not waiting inside a shopper's request");
  },
};

export async function storeCreditBalancesNow(
  db: Db,
  shop: string,
  customerGid: string,
): Promise<Array<{ minorUnits: number; currencyCode: string }>> {
  // The shop's budget shared with the jobs (through the DB). Look before reserving: points
  // reserved and then not spent would delay the reward jobs.
  const budget = sharedAdminBudget(db);
  if ((await budget.waitFor(shop, budget.estimateCost("FetchStoreCreditBalances", 12), Date.now())) > 0) {
    throw new Error("the shop's Admin API budget is in use; not waiting inside a shopper's request");
  }
  const client = await adminClientForShop(db, shop, { buckets: budget, maxAttempts: 1, timeoutMs: BALANCE_TIMEOUT_MS, clock: noWaitClock });
  const accounts = await fetchStoreCreditBalances(client, customerGid);
  // A customer Shopify does not know (deleted since the token was minted) has no credit.
  return (accounts ?? []).map((a) => a.balance);
}
