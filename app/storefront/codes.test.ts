import { describe, expect, it } from "vitest";
import { cleanReferralCode, newFriendDiscountCode, newReferralCode } from "./codes";

describe("referral codes", () => {
  it.each([
    ["Ada Lovelace", "ADALO"],
    ["Zoë", "ZOE"],
  ])("%s → a %s… code with 4 readable characters", (name, prefix) => {
    const code = newReferralCode(name);
    expect(code.startsWith(prefix)).toBe(true);
    expect(code.slice(prefix.length)).toMatch(/^[2-9A-HJKMNP-Z]{4}$/);
  });

  it.each([[null], [""], ["42"]])("no name (%s) → 7 readable characters, no prefix that means something", (name) => {
    const code = newReferralCode(name);
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{7}$/);
    expect(code).not.toMatch(/^FRIEND/);
  });

  it("cleans typed codes and refuses anything else", () => {
    expect(cleanReferralCode(" ada7k3q ")).toBe("ADA7K3Q");
    expect(cleanReferralCode("<script>")).toBeNull();
    expect(cleanReferralCode("")).toBeNull();
  });

  it("makes friend codes from random bytes, never from shop or email: unguessable, Shopify-safe", () => {
    const codes = new Set(Array.from({ length: 200 }, () => newFriendDiscountCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^TWOFOLD-[A-Z2-7]{12}$/);
    expect(newFriendDiscountCode(() => Buffer.alloc(8, 0))).toBe("TWOFOLD-AAAAAAAAAAAA");
    expect(newFriendDiscountCode(() => Buffer.alloc(8, 0xff))).toBe("TWOFOLD-777777777777");
  });
});
