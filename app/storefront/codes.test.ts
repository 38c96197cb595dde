import { describe, expect, it } from "vitest";
import { cleanReferralCode, friendDiscountCode, newReferralCode } from "./codes";

describe("referral codes", () => {
  it.each([
    ["Ada Lovelace", "ADALO"],
    ["zoë@example.com", "ZOE"],
    ["42@example.com", "FRIEND"],
    [null, "FRIEND"],
  ])("%s → a %s… code with 4 readable characters", (hint, prefix) => {
    const code = newReferralCode(hint);
    expect(code.startsWith(prefix)).toBe(true);
    expect(code.slice(prefix.length)).toMatch(/^[2-9A-HJKMNP-Z]{4}$/);
  });

  it("cleans typed codes and refuses anything else", () => {
    expect(cleanReferralCode(" ada7k3q ")).toBe("ADA7K3Q");
    expect(cleanReferralCode("<script>")).toBeNull();
    expect(cleanReferralCode("")).toBeNull();
  });

  it("derives the friend's code from shop and email only: stable, distinct, Shopify-safe", () => {
    const a = friendDiscountCode("a.myshopify.com", "grace@example.com");
    expect(a).toBe(friendDiscountCode("a.myshopify.com", "grace@example.com"));
    expect(a).not.toBe(friendDiscountCode("b.myshopify.com", "grace@example.com"));
    expect(a).not.toBe(friendDiscountCode("a.myshopify.com", "ada@example.com"));
    expect(a).toMatch(/^TWOFOLD-[A-Z2-7]{12}$/);
  });
});
