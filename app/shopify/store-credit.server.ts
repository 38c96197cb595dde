// Store credit for advocates, and its reversal. Neither mutation is idempotent: keep one
// credit in flight per account and, after an ambiguous failure (ShopifyApiError with
// `ambiguous`), read listStoreCreditTransactions before trying again.
import { operationName, requestOperation, requestOperationWith, type AdminGraphql, type RequestOptions } from "./admin-graphql";
import { mutationResult } from "./errors";
import { fromMoneyV2, toMoneyInput, type MinorMoney } from "../lib/money";
import type { TransactionFieldsFragment } from "./types/admin.generated";
import type { CurrencyCode, MoneyInput } from "./types/admin.types";

/** What the app keeps of any store credit transaction: when, how much, the balance after it. */
export const TRANSACTION_FIELDS = `#graphql
  fragment TransactionFields on StoreCreditAccountTransaction {
    createdAt
    amount {
      amount
      currencyCode
    }
    balanceAfterTransaction {
      amount
      currencyCode
    }
  }
`;

export const CREDIT_STORE_CREDIT = `#graphql
  mutation CreditStoreCredit($id: ID!, $creditInput: StoreCreditAccountCreditInput!) {
    storeCreditAccountCredit(id: $id, creditInput: $creditInput) {
      storeCreditAccountTransaction {
        id
        expiresAt
        ...TransactionFields
        account {
          id
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
  ${TRANSACTION_FIELDS}` as const;

export const DEBIT_STORE_CREDIT = `#graphql
  mutation DebitStoreCredit($id: ID!, $debitInput: StoreCreditAccountDebitInput!) {
    storeCreditAccountDebit(id: $id, debitInput: $debitInput) {
      storeCreditAccountTransaction {
        id
        ...TransactionFields
        account {
          id
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
  ${TRANSACTION_FIELDS}` as const;

export const LIST_STORE_CREDIT_TRANSACTIONS = `#graphql
  query ListStoreCreditTransactions($customerId: ID!, $accountCount: Int!, $transactionCount: Int!) {
    customer(id: $customerId) {
      id
      storeCreditAccounts(first: $accountCount) {
        nodes {
          id
          balance {
            amount
            currencyCode
          }
          transactions(first: $transactionCount, reverse: true, sortKey: CREATED_AT) {
            nodes {
              __typename
              ...TransactionFields
              ... on StoreCreditAccountCreditTransaction {
                id
                expiresAt
              }
              ... on StoreCreditAccountDebitTransaction {
                id
              }
            }
          }
        }
      }
    }
  }
  ${TRANSACTION_FIELDS}` as const;

/** Shopify checks the code against its CurrencyCode enum; an unknown one is a variables error. */
function shopifyMoneyInput(money: MinorMoney): MoneyInput {
  const { amount, currencyCode } = toMoneyInput(money);
  return { amount, currencyCode: currencyCode as CurrencyCode };
}

export interface StoreCreditTransaction {
  /** null for expiration transactions, which have no id of their own. */
  id: string | null;
  kind: "credit" | "debit" | "expiration" | "other";
  accountId: string;
  amount: MinorMoney & { minorUnits: number };
  balanceAfter: MinorMoney & { minorUnits: number };
  createdAt: string;
  expiresAt: string | null;
}

export interface CreditStoreCreditInput {
  /** A customer GID (an account in the currency is created when missing) or an account GID. */
  ownerId: string;
  amount: MinorMoney;
  expiresAt?: Date | null;
  /** Let Shopify email the customer about the credit. */
  notify?: boolean;
}

export async function creditStoreCredit(client: AdminGraphql, input: CreditStoreCreditInput, options: RequestOptions = {}): Promise<StoreCreditTransaction> {
  const { storeCreditAccountCredit: payload } = await requestOperationWith(client, options, CREDIT_STORE_CREDIT, {
    id: input.ownerId,
    creditInput: {
      creditAmount: shopifyMoneyInput(input.amount),
      expiresAt: input.expiresAt ? input.expiresAt.toISOString() : null,
      notify: input.notify ?? false,
    },
  });
  const tx = mutationResult("storeCreditAccountCredit", payload, "storeCreditAccountTransaction");
  return madeTransaction("credit", tx, tx.expiresAt ?? null);
}

/** A transaction the credit or debit mutation made, as the app keeps it. */
function madeTransaction(kind: "credit" | "debit", tx: TransactionFieldsFragment & { id: string; account: { id: string } }, expiresAt: string | null): StoreCreditTransaction {
  return {
    id: tx.id,
    kind,
    accountId: tx.account.id,
    amount: fromMoneyV2(tx.amount),
    balanceAfter: fromMoneyV2(tx.balanceAfterTransaction),
    createdAt: tx.createdAt,
    expiresAt,
  };
}

export interface DebitStoreCreditInput {
  /** A customer GID or a store credit account GID. */
  ownerId: string;
  amount: MinorMoney;
}

/** Throws ShopifyUserError with INSUFFICIENT_FUNDS when the advocate already spent it. */
export async function debitStoreCredit(client: AdminGraphql, input: DebitStoreCreditInput, options: RequestOptions = {}): Promise<StoreCreditTransaction> {
  const { storeCreditAccountDebit: payload } = await requestOperationWith(client, options, DEBIT_STORE_CREDIT, {
    id: input.ownerId,
    debitInput: { debitAmount: shopifyMoneyInput(input.amount) },
  });
  return madeTransaction("debit", mutationResult("storeCreditAccountDebit", payload, "storeCreditAccountTransaction"), null);
}

export interface StoreCreditAccountSummary {
  id: string;
  balance: MinorMoney & { minorUnits: number };
  /** Newest first. */
  transactions: StoreCreditTransaction[];
}

/**
 * A customer's store credit accounts (one per currency) with their latest transactions,
 * newest first: after an ambiguous credit, look here for it before crediting again.
 * Returns null when the customer does not exist. The requested cost grows with
 * accountCount × transactionCount (3 × 10 ≈ 100 points; 10 × 20 was 643 in the sandbox).
 */
export async function listStoreCreditTransactions(
  client: AdminGraphql,
  customerId: string,
  { accountCount = 3, transactionCount = 10 }: { accountCount?: number; transactionCount?: number } = {},
): Promise<StoreCreditAccountSummary[] | null> {
  const { customer } = await requestOperation(client, LIST_STORE_CREDIT_TRANSACTIONS, {
    customerId,
    accountCount,
    transactionCount,
  });
  if (!customer) return null;
  return customer.storeCreditAccounts.nodes.map((account) => ({
    id: account.id,
    balance: fromMoneyV2(account.balance),
    transactions: account.transactions.nodes.map((tx) => ({
      id: "id" in tx ? tx.id : null,
      kind:
        tx.__typename === "StoreCreditAccountCreditTransaction"
          ? "credit"
          : tx.__typename === "StoreCreditAccountDebitTransaction"
            ? "debit"
            : tx.__typename === "StoreCreditAccountExpirationTransaction"
              ? "expiration"
              : "other",
      accountId: account.id,
      amount: fromMoneyV2(tx.amount),
      balanceAfter: fromMoneyV2(tx.balanceAfterTransaction),
      createdAt: tx.createdAt,
      expiresAt: "expiresAt" in tx ? (tx.expiresAt ?? null) : null,
    })),
  }));
}

export const FETCH_STORE_CREDIT_BALANCES = `#graphql
  query FetchStoreCreditBalances($customerId: ID!) {
    customer(id: $customerId) {
      id
      storeCreditAccounts(first: 10) {
        nodes {
          id
          balance {
            amount
            currencyCode
          }
        }
      }
    }
  }
`;

/**
 * A customer's store credit balance in each currency they hold an account in (cheap: about
 * 12 points). Returns null when the customer does not exist in the shop.
 */
export async function fetchStoreCreditBalances(
  client: AdminGraphql,
  customerId: string,
): Promise<Array<{ accountId: string; balance: MinorMoney & { minorUnits: number } }> | null> {
  const { customer } = await requestOperation(client, FETCH_STORE_CREDIT_BALANCES, { customerId });
  if (!customer) return null;
  return customer.storeCreditAccounts.nodes.map((account) => ({ accountId: account.id, balance: fromMoneyV2(account.balance) }));
}

/** The operation names of the credit and debit mutations, for waiting on the shop's budget before taking the account's lock. */
export const CREDIT_OPERATION = operationName(CREDIT_STORE_CREDIT);
export const DEBIT_OPERATION = operationName(DEBIT_STORE_CREDIT);

export const READ_CUSTOMER_CREDIT = `#graphql
  query ReadCustomerCredit($customerId: ID!) {
    customer(id: $customerId) {
      id
      displayName
      storeCreditAccounts(first: 10) {
        nodes {
          balance {
            amount
            currencyCode
          }
        }
      }
    }
  }
`;

/** A customer's name and store credit balance per currency, for staff; null when the customer does not exist. */
export async function readCustomerCredit(client: AdminGraphql, customerId: string): Promise<{ name: string | null; balances: Array<MinorMoney & { minorUnits: number }> } | null> {
  const { customer } = await requestOperation(client, READ_CUSTOMER_CREDIT, { customerId });
  if (!customer) return null;
  return { name: customer.displayName || null, balances: customer.storeCreditAccounts.nodes.map((a) => fromMoneyV2(a.balance)) };
}
