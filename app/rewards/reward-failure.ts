// Why a reward failed, in words a merchant understands, read from the reason the issuer stored
// (Shopify's user-error code in parentheses, or Twofold's own sentence), and whether staff can
// send the advocate a discount code instead.

export interface RewardFailure {
  /** Shopify's user-error code when there is one, else a short Twofold code. */
  code: string;
  words: string;
  /** A customer-bound discount code could still reach the advocate. */
  canIssueAsCode: boolean;
}

const SHOPIFY_WORDS: Record<string, { words: string; canIssueAsCode: boolean }> = {
  UNSUPPORTED_CURRENCY: {
    words: "Shopify does not support store credit in this currency for your store (it is neither your store currency nor one of its enabled currencies).",
    canIssueAsCode: true,
  },
  CREDIT_LIMIT_EXCEEDED: {
    words: "The advocate's store credit balance has reached Shopify's limit: this credit would take it over the maximum.",
    canIssueAsCode: true,
  },
  OWNER_NOT_FOUND: { words: "The advocate's customer record no longer exists in Shopify.", canIssueAsCode: false },
  ACCOUNT_NOT_FOUND: { words: "Shopify could not find the advocate's store credit account.", canIssueAsCode: true },
  MISMATCHING_CURRENCY: { words: "The advocate's store credit account is in another currency than the reward.", canIssueAsCode: true },
  EXPIRES_AT_IN_PAST: { words: "The credit's expiry date was already in the past when it was sent.", canIssueAsCode: true },
  NEGATIVE_OR_ZERO_AMOUNT: { words: "The credit amount was zero, which Shopify does not accept.", canIssueAsCode: false },
};

export function explainRewardFailure(reason: string | null | undefined): RewardFailure {
  const text = reason ?? "";
  const codes = [...text.matchAll(/\(([A-Z][A-Z_]+)\)/g)].map((m) => m[1]);
  const known = codes.find((c) => c in SHOPIFY_WORDS);
  if (known) return { code: known, ...SHOPIFY_WORDS[known] };
  if (/Shopify has no customer/i.test(text)) return { code: "OWNER_NOT_FOUND", ...SHOPIFY_WORDS.OWNER_NOT_FOUND };
  if (/no Shopify customer account/i.test(text)) {
    return { code: "NO_CUSTOMER", words: "The advocate signed up with an email only and has no Shopify customer account to receive the reward.", canIssueAsCode: false };
  }
  if (/access-denied/i.test(text)) {
    return { code: "ACCESS_DENIED", words: "Twofold is not allowed to give store credit in this store (a permission is missing or the app's access was revoked).", canIssueAsCode: true };
  }
  if (codes[0]) return { code: codes[0], words: `Shopify refused the reward: ${stripPrefix(text)}`, canIssueAsCode: true };
  return { code: "OTHER", words: text ? stripPrefix(text) : "The reason was not recorded.", canIssueAsCode: true };
}

/** "Shopify refused: storeCreditAccountCredit: Foo (X)" → "Foo (X)". */
function stripPrefix(text: string): string {
  return text.replace(/^Shopify refused:\s*/, "").replace(/^[a-zA-Z]+:\s*/, "");
}
