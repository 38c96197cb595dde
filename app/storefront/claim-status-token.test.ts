import { describe, expect, it } from "vitest";
import { createClaimVerificationToken } from "../notifications/claim-verification-token";
import { claimOfStatusToken, claimStatusToken } from "./claim-status-token";

const SECRET = "test-secret-of-the-app";
const SHOP = "acme.myshopify.com";

describe("claim status tokens", () => {
  it("name one claim of one shop and show no id", () => {
    const token = claimStatusToken(SECRET, SHOP, "ckreferral123");
    expect(token).toMatch(/^s1\.[A-Za-z0-9_-]+$/);
    expect(token).not.toContain("ckreferral123");
    expect(Buffer.from(token.slice(3), "base64url").toString("latin1")).not.toContain("ckreferral123");
    expect(claimOfStatusToken(SECRET, SHOP, token)).toBe("ckreferral123");
  });

  it("are refused for another shop, another secret, a changed token or another kind of token", () => {
    const token = claimStatusToken(SECRET, SHOP, "ckreferral123");
    expect(claimOfStatusToken(SECRET, "other.myshopify.com", token)).toBeNull();
    expect(claimOfStatusToken("another-secret-entirely", SHOP, token)).toBeNull();
    expect(claimOfStatusToken(SECRET, SHOP, `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`)).toBeNull();
    expect(claimOfStatusToken(SECRET, SHOP, createClaimVerificationToken(SECRET, { shop: SHOP, referralId: "ckreferral123" }))).toBeNull();
    expect(claimOfStatusToken(SECRET, SHOP, "")).toBeNull();
  });
});
