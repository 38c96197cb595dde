import { describe, expect, it } from "vitest";
import { attributeOrder, unverifiedEmailClaims, type AttributionIndex, type AttributionOrder } from "./attribute-order";

const index: AttributionIndex = {
  advocates: [
    { id: "adv-a", code: "ALICE10", status: "active" },
    { id: "adv-b", code: "BOB20", status: "active" },
    { id: "adv-x", code: "BLOCKED", status: "blocked" },
  ],
  referrals: [
    { id: "ref-code", advocateId: "adv-b", friendCode: "FRIEND-BOB-1", friendEmail: "f@x.com", orderGid: null, emailVerified: false },
    { id: "ref-used", advocateId: "adv-a", friendCode: "FRIEND-USED", friendEmail: null, orderGid: "gid://shopify/Order/1", emailVerified: false },
    { id: "ref-claim", advocateId: "adv-a", friendCode: null, friendEmail: "Jane.Doe+promo@Gmail.com", orderGid: null, emailVerified: true },
    // Claimed by someone with a victim's email, never verified (issue 15.2).
    { id: "ref-hijack", advocateId: "adv-b", friendCode: "FRIEND-BOB-2", friendEmail: "victim@example.com", orderGid: null, emailVerified: false },
    { id: "ref-blocked", advocateId: "adv-x", friendCode: "FRIEND-X", friendEmail: "blocked@x.com", orderGid: null, emailVerified: false },
  ],
};

const order = (o: Partial<AttributionOrder>): AttributionOrder => ({ email: null, discountCodes: [], noteAttributes: [], landingSite: null, ...o });
const attr = (value: string) => [{ name: "_twofold_ref", value }];

describe("attributeOrder", () => {
  const cases: [string, Partial<AttributionOrder>, { source: string; advocateId: string; referralId: string | null; conflicts: number } | null][] = [
    ["no signal", {}, null],
    ["friend code (case-insensitive)", { discountCodes: ["friend-bob-1"] }, { source: "friend_code", advocateId: "adv-b", referralId: "ref-code", conflicts: 0 }],
    ["cart attribute", { noteAttributes: attr("alice10") }, { source: "cart_attribute", advocateId: "adv-a", referralId: null, conflicts: 0 }],
    ["landing site ?ref=", { landingSite: "/products/x?utm=1&ref=BOB20" }, { source: "landing_site", advocateId: "adv-b", referralId: null, conflicts: 0 }],
    ["claimed email, normalised (verified)", { email: "janedoe@gmail.com" }, { source: "claimed_email", advocateId: "adv-a", referralId: "ref-claim", conflicts: 0 }],
    ["unverified claimed email alone attributes nothing", { email: "victim@example.com" }, null],
    ["unverified claim completed by its own code", { discountCodes: ["FRIEND-BOB-2"], email: "victim@example.com" }, { source: "friend_code", advocateId: "adv-b", referralId: "ref-hijack", conflicts: 0 }],
    ["unverified claim completed by its advocate's link", { landingSite: "/?ref=BOB20", email: "victim@example.com" }, { source: "landing_site", advocateId: "adv-b", referralId: "ref-hijack", conflicts: 0 }],
    ["another advocate's link wins over an unverified claim and leaves it open", { landingSite: "/?ref=ALICE10", email: "victim@example.com" }, { source: "landing_site", advocateId: "adv-a", referralId: null, conflicts: 0 }],
    ["friend code beats attribute of another advocate (conflict recorded)", { discountCodes: ["FRIEND-BOB-1"], noteAttributes: attr("ALICE10") }, { source: "friend_code", advocateId: "adv-b", referralId: "ref-code", conflicts: 1 }],
    ["attribute beats landing site", { noteAttributes: attr("ALICE10"), landingSite: "/?ref=BOB20" }, { source: "cart_attribute", advocateId: "adv-a", referralId: null, conflicts: 1 }],
    ["landing site beats claimed email", { landingSite: "/?ref=BOB20", email: "jane.doe@gmail.com" }, { source: "landing_site", advocateId: "adv-b", referralId: null, conflicts: 1 }],
    ["same advocate via code and claim completes the claim", { noteAttributes: attr("ALICE10"), email: "janedoe@gmail.com" }, { source: "cart_attribute", advocateId: "adv-a", referralId: "ref-claim", conflicts: 0 }],
    ["unknown code skipped, weaker valid signal wins", { discountCodes: ["SUMMER"], landingSite: "/?ref=ALICE10" }, { source: "landing_site", advocateId: "adv-a", referralId: null, conflicts: 0 }],
    ["blocked advocate skipped", { noteAttributes: attr("BLOCKED"), landingSite: "/?ref=BOB20" }, { source: "landing_site", advocateId: "adv-b", referralId: null, conflicts: 0 }],
    ["blocked advocate's friend code ignored", { discountCodes: ["FRIEND-X"] }, null],
    ["friend code already used by another order is ignored", { discountCodes: ["FRIEND-USED"] }, null],
    ["first of two attribute values wins", { noteAttributes: [...attr("BOB20"), ...attr("ALICE10")] }, { source: "cart_attribute", advocateId: "adv-b", referralId: null, conflicts: 1 }],
    ["other note attributes ignored", { noteAttributes: [{ name: "gift", value: "ALICE10" }] }, null],
    ["garbage landing site ignored", { landingSite: "http://[::1" }, null],
  ];
  it.each(cases)("%s", (_name, input, expected) => {
    const result = attributeOrder(order(input), index, "gid://shopify/Order/2");
    if (expected === null) return expect(result).toBeNull();
    expect(result).toMatchObject({ source: expected.source, advocateId: expected.advocateId, referralId: expected.referralId });
    expect(result!.conflicts).toHaveLength(expected.conflicts);
  });

  it("lists the unverified claims an order matched by email only, for staff", () => {
    const o = order({ email: "Victim@Example.com" });
    expect(unverifiedEmailClaims(o, index, attributeOrder(o, index), "gid://shopify/Order/2").map((r) => r.id)).toEqual(["ref-hijack"]);
    const own = order({ email: "victim@example.com", discountCodes: ["FRIEND-BOB-2"] });
    expect(unverifiedEmailClaims(own, index, attributeOrder(own, index), "gid://shopify/Order/2")).toEqual([]);
  });

  it("a friend code already attached to this very order still attributes (replays)", () => {
    expect(attributeOrder(order({ discountCodes: ["FRIEND-USED"] }), index, "gid://shopify/Order/1")).toMatchObject({ referralId: "ref-used" });
  });
});
