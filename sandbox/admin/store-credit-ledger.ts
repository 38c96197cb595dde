/**
 * Store credit as Shopify keeps it: each credit has a remaining amount that debits use up
 * (soonest-expiring first), and a credit whose `expiresAt` has passed leaves the balance
 * through an expiration transaction, so expired credit is neither spendable nor counted.
 */
import { gid, type SandboxShop, type SandboxState, type SandboxStoreCreditAccount } from "./state";

/** Credits that can still be spent, in the order debits use them up. */
function spendOrder(account: SandboxStoreCreditAccount) {
  return account.transactions
    .filter((t) => t.kind === "CREDIT" && !t.expired && (t.remainingMinor ?? 0) > 0)
    .sort((a, b) => {
      const ea = a.expiresAt ? Date.parse(a.expiresAt) : Infinity;
      const eb = b.expiresAt ? Date.parse(b.expiresAt) : Infinity;
      return ea - eb || Date.parse(a.createdAt) - Date.parse(b.createdAt);
    });
}

/** Writes an expiration transaction for every credit whose end date has passed. */
export function expireStoreCredit(state: SandboxState, account: SandboxStoreCreditAccount): void {
  const now = state.now();
  for (const credit of spendOrder(account)) {
    if (!credit.expiresAt || Date.parse(credit.expiresAt) > now) continue;
    const lost = credit.remainingMinor ?? 0;
    credit.expired = true;
    account.balanceMinor -= lost;
    account.transactions.push({
      id: gid("StoreCreditAccountExpirationTransaction", state.nextId()),
      kind: "EXPIRATION",
      event: "ADJUSTMENT",
      amountMinor: -lost,
      balanceAfterMinor: account.balanceMinor,
      createdAt: credit.expiresAt,
      expiresAt: null,
      notify: false,
    });
  }
}

export function expireShopStoreCredit(state: SandboxState, shop: SandboxShop): void {
  for (const account of shop.storeCreditAccounts.values()) expireStoreCredit(state, account);
}

/** Takes `amountMinor` out of the credits' remaining amounts (the caller checked the balance). */
export function consumeStoreCredit(account: SandboxStoreCreditAccount, amountMinor: number): void {
  let left = amountMinor;
  for (const credit of spendOrder(account)) {
    if (left <= 0) break;
    const take = Math.min(left, credit.remainingMinor ?? 0);
    credit.remainingMinor = (credit.remainingMinor ?? 0) - take;
    left -= take;
  }
}

/** The balance a buyer could spend now in this currency (expired credit excluded). */
export function spendableStoreCredit(state: SandboxState, shop: SandboxShop, customerId: string, currencyCode: string): { account: SandboxStoreCreditAccount | null; balanceMinor: number } {
  for (const account of shop.storeCreditAccounts.values()) {
    if (account.customerId !== customerId || account.currencyCode !== currencyCode) continue;
    expireStoreCredit(state, account);
    return { account, balanceMinor: Math.max(0, account.balanceMinor) };
  }
  return { account: null, balanceMinor: 0 };
}
