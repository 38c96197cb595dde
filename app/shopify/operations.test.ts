// Each operation function is driven through a fake AdminGraphql; the variables it sends are
// coerced against Shopify's schema with graphql-js, as Shopify's server would, so a wrong
// input shape or enum fails here and not in production.
import { readFileSync } from "node:fs";
import { buildSchema, getVariableValues, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import type { AdminGraphql } from "./admin-graphql";
import { customerEmailQuery, findCustomerByEmail, findCustomerById } from "./customers.server";
import { basicDiscountCodeInput, createBasicDiscountCode, findDiscountCodeByCode, isDiscountCodeTaken } from "./discount-codes.server";
import { ShopifyUserError } from "./errors";
import { resolveAdminSchemaPath } from "./schema-path";
import { fetchShopProfile } from "./shop-profile.server";
import { debitStoreCredit, listStoreCreditTransactions } from "./store-credit.server";

const schema = buildSchema(readFileSync(resolveAdminSchemaPath(), "utf8"));

/** A client that answers with `data` after checking the variables against the schema. */
function fakeClient(data: unknown) {
  const sent: { document: string; variables?: Record<string, unknown> }[] = [];
  const client: AdminGraphql = {
    async request<TData>(document: string, variables?: Record<string, unknown>) {
      const operation = parse(document).definitions[0] as OperationDefinitionNode;
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
      if (coerced.errors) throw new Error(coerced.errors.map((e) => e.message).join("\n"));
      sent.push({ document, variables });
      return data as TData;
    },
  };
  return { client, sent };
}

describe("discount codes", () => {
  const advocate = "gid://shopify/Customer/42";

  it("creates a single-use, customer-bound fixed-amount code with a minimum subtotal", async () => {
    const { client, sent } = fakeClient({
      discountCodeBasicCreate: {
        codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/1", codeDiscount: { title: "Referral", status: "ACTIVE", endsAt: null, usageLimit: 1 } },
        userErrors: [],
      },
    });
    const created = await createBasicDiscountCode(client, {
      title: "Referral",
      code: "TWOFOLD-ABC123",
      customerIds: [advocate],
      value: { kind: "fixedAmount", minorUnits: 1000, currencyCode: "EUR" },
      minimumSubtotal: { minorUnits: 5000, currencyCode: "EUR" },
      startsAt: new Date("2026-11-01T00:00:00Z"),
      endsAt: new Date("2026-12-01T00:00:00Z"),
    });
    expect(created).toEqual({ id: "gid://shopify/DiscountCodeNode/1", code: "TWOFOLD-ABC123", title: "Referral", status: "ACTIVE" });
    expect(sent[0].variables).toEqual({
      basicCodeDiscount: {
        title: "Referral",
        code: "TWOFOLD-ABC123",
        startsAt: "2026-11-01T00:00:00.000Z",
        endsAt: "2026-12-01T00:00:00.000Z",
        context: { customers: { add: [advocate] } },
        customerGets: { value: { discountAmount: { amount: "10.00", appliesOnEachItem: false } }, items: { all: true } },
        minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "50.00" } },
        usageLimit: 1,
        appliesOncePerCustomer: true,
        combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
      },
    });
  });

  it("builds a percentage code for any buyer that the schema accepts", async () => {
    const input = basicDiscountCodeInput({ title: "Friend offer", code: "FRIEND-1", value: { kind: "percentage", percent: 15 }, combinesWith: { shippingDiscounts: true } });
    expect(input.context).toEqual({ all: "ALL" });
    expect(input.customerGets.value).toEqual({ percentage: 0.15 });
    expect(input.minimumRequirement).toBeNull();
    const { client } = fakeClient({ discountCodeBasicCreate: { codeDiscountNode: { id: "x", codeDiscount: {} }, userErrors: [] } });
    await expect(createBasicDiscountCode(client, { title: "Friend offer", code: "FRIEND-1", value: { kind: "percentage", percent: 15 } })).resolves.toMatchObject({ id: "x" });
  });

  it("refuses inputs Shopify would reject or that would round", () => {
    expect(() => basicDiscountCodeInput({ title: "t", code: "a\nb", value: { kind: "percentage", percent: 10 } })).toThrow(RangeError);
    expect(() => basicDiscountCodeInput({ title: "t", code: "OK", value: { kind: "percentage", percent: 12.345 } })).toThrow(RangeError);
    expect(() => basicDiscountCodeInput({ title: "t", code: "OK", value: { kind: "percentage", percent: 0 } })).toThrow(RangeError);
  });

  it("reports a duplicate code as TAKEN so the caller can look it up", async () => {
    const { client } = fakeClient({
      discountCodeBasicCreate: { codeDiscountNode: null, userErrors: [{ code: "TAKEN", field: ["basicCodeDiscount", "code"], message: "Code must be unique." }] },
    });
    const error = await createBasicDiscountCode(client, { title: "t", code: "DUP", value: { kind: "percentage", percent: 10 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyUserError);
    expect(isDiscountCodeTaken(error)).toBe(true);
    expect(error).toMatchObject({ code: "TAKEN", field: ["basicCodeDiscount", "code"] });
  });

  it("finds an existing code and who it is for", async () => {
    const { client, sent } = fakeClient({
      codeDiscountNodeByCode: {
        id: "gid://shopify/DiscountCodeNode/7",
        codeDiscount: {
          __typename: "DiscountCodeBasic",
          title: "Referral",
          status: "ACTIVE",
          startsAt: "2026-11-01T00:00:00Z",
          endsAt: null,
          usageLimit: 1,
          asyncUsageCount: 0,
          appliesOncePerCustomer: true,
          codes: { nodes: [{ code: "DUP" }] },
          context: { __typename: "DiscountCustomers", customers: [{ id: advocate }] },
        },
      },
    });
    await expect(findDiscountCodeByCode(client, "DUP")).resolves.toMatchObject({ id: "gid://shopify/DiscountCodeNode/7", usageCount: 0, customerIds: [advocate] });
    expect(sent[0].variables).toEqual({ code: "DUP" });
    await expect(findDiscountCodeByCode(fakeClient({ codeDiscountNodeByCode: null }).client, "NONE")).resolves.toBeNull();
  });
});

describe("customers", () => {
  const node = (email: string) => ({
    id: "gid://shopify/Customer/1",
    displayName: "Ada L",
    firstName: "Ada",
    lastName: "L",
    state: "ENABLED",
    numberOfOrders: "3",
    createdAt: "2026-01-01T00:00:00Z",
    defaultEmailAddress: { emailAddress: email },
  });

  it("finds a customer by id", async () => {
    const { client } = fakeClient({ customer: node("ada@example.com") });
    await expect(findCustomerById(client, "gid://shopify/Customer/1")).resolves.toMatchObject({ email: "ada@example.com", numberOfOrders: 3 });
  });

  it("searches by quoted email and keeps only an exact match", async () => {
    const { client, sent } = fakeClient({ customers: { nodes: [node("ada.l@example.com"), node("Ada@Example.com")] } });
    await expect(findCustomerByEmail(client, " ada@example.com ")).resolves.toMatchObject({ email: "Ada@Example.com" });
    expect(sent[0].variables).toEqual({ query: 'email:"ada@example.com"' });
    expect(customerEmailQuery('a" OR email:*')).toBe('email:"a\\" OR email:*"');
    const none = fakeClient({ customers: { nodes: [node("ada.l@example.com")] } });
    await expect(findCustomerByEmail(none.client, "ada@example.com")).resolves.toBeNull();
  });
});

describe("store credit", () => {
  it("debits in exact decimals and reports INSUFFICIENT_FUNDS as a user error", async () => {
    const { client, sent } = fakeClient({
      storeCreditAccountDebit: { storeCreditAccountTransaction: null, userErrors: [{ code: "INSUFFICIENT_FUNDS", field: ["debitInput"], message: "Insufficient funds" }] },
    });
    const error = await debitStoreCredit(client, { ownerId: "gid://shopify/Customer/1", amount: { minorUnits: 500, currencyCode: "JPY" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ShopifyUserError", code: "INSUFFICIENT_FUNDS" });
    expect(sent[0].variables).toEqual({ id: "gid://shopify/Customer/1", debitInput: { debitAmount: { amount: "500", currencyCode: "JPY" } } });
  });

  it("lists accounts with their latest transactions in minor units", async () => {
    const money = (amount: string) => ({ amount, currencyCode: "USD" });
    const { client, sent } = fakeClient({
      customer: {
        id: "gid://shopify/Customer/1",
        storeCreditAccounts: {
          nodes: [
            {
              id: "gid://shopify/StoreCreditAccount/9",
              balance: money("7.5"),
              transactions: {
                nodes: [
                  { __typename: "StoreCreditAccountDebitTransaction", id: "d1", createdAt: "2026-11-02T00:00:00Z", amount: money("-5.0"), balanceAfterTransaction: money("7.5") },
                  { __typename: "StoreCreditAccountCreditTransaction", id: "c1", expiresAt: "2027-01-01T00:00:00Z", createdAt: "2026-11-01T00:00:00Z", amount: money("12.5"), balanceAfterTransaction: money("12.5") },
                  { __typename: "StoreCreditAccountExpirationTransaction", createdAt: "2026-10-01T00:00:00Z", amount: money("-1.0"), balanceAfterTransaction: money("0.0") },
                ],
              },
            },
          ],
        },
      },
    });
    const accounts = await listStoreCreditTransactions(client, "gid://shopify/Customer/1", { transactionCount: 3 });
    expect(sent[0].variables).toEqual({ customerId: "gid://shopify/Customer/1", accountCount: 3, transactionCount: 3 });
    expect(accounts).toEqual([
      {
        id: "gid://shopify/StoreCreditAccount/9",
        balance: { minorUnits: 750, currencyCode: "USD" },
        transactions: [
          expect.objectContaining({ id: "d1", kind: "debit", amount: { minorUnits: -500, currencyCode: "USD" }, expiresAt: null }),
          expect.objectContaining({ id: "c1", kind: "credit", amount: { minorUnits: 1250, currencyCode: "USD" }, expiresAt: "2027-01-01T00:00:00Z" }),
          expect.objectContaining({ id: null, kind: "expiration", balanceAfter: { minorUnits: 0, currencyCode: "USD" } }),
        ],
      },
    ]);
    await expect(listStoreCreditTransactions(fakeClient({ customer: null }).client, "gid://shopify/Customer/2")).resolves.toBeNull();
  });
});

describe("shop profile", () => {
  it("says whether buyers can spend store credit", async () => {
    const { client } = fakeClient({
      shop: { name: "Acme", myshopifyDomain: "acme.myshopify.com", primaryDomain: { url: "https://www.acme.com" }, currencyCode: "USD", customerAccountsV2: { customerAccountsVersion: "CLASSIC", loginRequiredAtCheckout: false } },
    });
    await expect(fetchShopProfile(client)).resolves.toMatchObject({ customerAccountsVersion: "CLASSIC", canSpendStoreCredit: false });
  });
});

describe("the fake client's schema check", () => {
  it("rejects variables Shopify would reject (so the tests above mean something)", async () => {
    const { client } = fakeClient({});
    const bad = `#graphql
      mutation Bad($basicCodeDiscount: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) { userErrors { code } } }`;
    await expect(client.request(bad, { basicCodeDiscount: { context: { all: "EVERYONE" } } })).rejects.toThrow(/DiscountBuyerSelection/);
  });
});
