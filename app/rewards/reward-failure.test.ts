import { describe, expect, it } from "vitest";
import { explainRewardFailure } from "./reward-failure";

describe("explainRewardFailure", () => {
  it.each([
    ["Shopify refused: storeCreditAccountCredit: The currency provided is not currently supported. (UNSUPPORTED_CURRENCY)", "UNSUPPORTED_CURRENCY", /not support store credit in this currency/, true],
    ["Shopify refused: storeCreditAccountCredit: The operation would cause the account's credit limit to be exceeded. (CREDIT_LIMIT_EXCEEDED)", "CREDIT_LIMIT_EXCEEDED", /reached Shopify's limit/, true],
    ["Shopify refused: storeCreditAccountCredit: Owner does not exist. (OWNER_NOT_FOUND)", "OWNER_NOT_FOUND", /no longer exists/, false],
    ["Shopify has no customer gid://shopify/Customer/1.", "OWNER_NOT_FOUND", /no longer exists/, false],
    ["The advocate has no Shopify customer account to credit.", "NO_CUSTOMER", /email only/, false],
    ["Shopify error (access-denied): Access denied for storeCreditAccountCredit", "ACCESS_DENIED", /not allowed/, true],
    ["Shopify refused: storeCreditAccountCredit: Something new (BRAND_NEW_CODE)", "BRAND_NEW_CODE", /^Shopify refused the reward: Something new \(BRAND_NEW_CODE\)$/, true],
    [null, "OTHER", /not recorded/, true],
  ] as const)("%s", (reason, code, words, canIssueAsCode) => {
    const failure = explainRewardFailure(reason);
    expect(failure.code).toBe(code);
    expect(failure.words).toMatch(words);
    expect(failure.canIssueAsCode).toBe(canIssueAsCode);
  });
});
