import { describe, expect, it } from "vitest";
import { cleanReferralCode, newReferralCode } from "./codes";

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
});
