import { describe, expect, it } from "vitest";
import { claimVerificationUrl, createClaimVerificationToken, verifyClaimVerificationToken } from "./claim-verification-token";

describe("claim verification tokens", () => {
  const subject = { shop: "a.myshopify.com", referralId: "ref_123" };

  it("round-trips the shop and referral it was made for", () => {
    expect(verifyClaimVerificationToken("secret", createClaimVerificationToken("secret", subject))).toEqual(subject);
    expect(claimVerificationUrl("https://app.example/", "secret", subject)).toMatch(/^https:\/\/app\.example\/verify-claim\/c1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it("refuses another key, a changed body, junk and an unsubscribe-style token", () => {
    const token = createClaimVerificationToken("secret", subject);
    expect(verifyClaimVerificationToken("other", token)).toBeNull();
    const [v, , mac] = token.split(".");
    const forged = Buffer.from(JSON.stringify(["a.myshopify.com", "ref_999"])).toString("base64url");
    expect(verifyClaimVerificationToken("secret", `${v}.${forged}.${mac}`)).toBeNull();
    expect(verifyClaimVerificationToken("secret", "")).toBeNull();
    expect(verifyClaimVerificationToken("secret", "x".repeat(600))).toBeNull();
    expect(verifyClaimVerificationToken("secret", token.replace(/^c1/, "v1"))).toBeNull();
  });
});
