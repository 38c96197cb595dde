import { describe, expect, it } from "vitest";
import { selfReferralMatch } from "./self-referral";

const advocate = { customerGid: "gid://shopify/Customer/1", email: "Ana.Adv+shop@Gmail.com" };

describe("selfReferralMatch", () => {
  it("matches the same customer, the same email and the same mailbox", () => {
    expect(selfReferralMatch(advocate, { customerGid: "gid://shopify/Customer/1" })).toBe("customer");
    expect(selfReferralMatch(advocate, { email: " ana.adv+shop@gmail.com " })).toBe("email");
    expect(selfReferralMatch(advocate, { email: "anaadv@gmail.com" })).toBe("normalized_email");
  });

  it("does not match another shopper, or a shopper with nothing to compare", () => {
    expect(selfReferralMatch(advocate, { customerGid: "gid://shopify/Customer/2", email: "bob@example.com" })).toBeNull();
    expect(selfReferralMatch(advocate, {})).toBeNull();
    expect(selfReferralMatch({ customerGid: null, email: null }, { customerGid: null, email: null })).toBeNull();
  });
});
