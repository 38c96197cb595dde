import { describe, expect, it } from "vitest";
import { friendInitials, friendReason, friendStatus, groupAdvocateRewards, type RewardRow } from "./referral-page";

describe("friendInitials", () => {
  it.each([
    ["jane.doe@example.com", "JD"],
    ["jane.doe+shop@example.com", "JD"],
    ["anna_maria_smith@example.com", "AM"],
    ["jdoe42@example.com", "J"],
    ["élodie-dupont@example.fr", "ÉD"],
    ["12345@example.com", "?"],
    [null, "?"],
  ])("%s → %s", (email, initials) => {
    expect(friendInitials(email)).toBe(initials);
  });

  it("never contains the domain or more than two letters", () => {
    expect(friendInitials("a.b.c.d@secret-company.com")).toBe("AB");
  });
});

describe("friendStatus", () => {
  it("uses shopper words for the pipeline's states", () => {
    expect(["claimed", "ordered", "qualified", "held", "rewarded", "rejected", "cancelled"].map((s) => friendStatus(s))).toEqual([
      "joined", "ordered", "pending", "pending", "rewarded", "not_eligible", "not_eligible",
    ]);
  });

  it("reads a qualified referral whose advocate reward was issued as rewarded, and only then", () => {
    expect(friendStatus("qualified", ["issued"])).toBe("rewarded");
    expect(friendStatus("qualified", ["held"])).toBe("pending");
    // Refunded after payout: taken back or owed, it no longer counts.
    expect(friendStatus("qualified", ["reversed"])).toBe("not_eligible");
    expect(friendStatus("qualified", ["pending", "issuing"])).toBe("pending");
    expect(friendStatus("cancelled", ["issued"])).toBe("not_eligible");
    expect(friendStatus("ordered", [])).toBe("ordered");
  });
});

describe("groupAdvocateRewards", () => {
  const now = new Date("2026-11-29T12:00:00Z");
  const day = 86_400_000;
  const row = (over: Partial<RewardRow>): RewardRow => ({
    kind: "store_credit",
    status: "issued",
    amountMinor: 1000n,
    reversedMinor: 0n,
    currency: "USD",
    discountCode: null,
    issuedAt: new Date(now.getTime() - 5 * day),
    expiresAt: null,
    createdAt: new Date(now.getTime() - 20 * day),
    ...over,
  });

  it("splits pending, issued and expiring; drops cancelled, failed and fully reversed", () => {
    const groups = groupAdvocateRewards(
      [
        row({ status: "held", issuedAt: null }),
        row({ status: "pending", issuedAt: null, amountMinor: 500n }),
        row({ status: "issuing", issuedAt: null, amountMinor: 700n }),
        row({}),
        row({ amountMinor: 2000n, reversedMinor: 500n, expiresAt: new Date(now.getTime() + 90 * day) }),
        row({ amountMinor: 300n, expiresAt: new Date(now.getTime() + 10 * day) }),
        row({ amountMinor: 400n, expiresAt: new Date(now.getTime() - day) }),
        row({ status: "issued", amountMinor: 900n, reversedMinor: 900n }),
        row({ status: "cancelled" }),
        row({ status: "failed" }),
        row({ status: "reversed" }),
      ],
      now,
    );
    expect(groups.pending.map((l) => l.amountMinor).sort()).toEqual([1000, 500, 700].sort());
    expect(groups.expiring.map((l) => l.amountMinor)).toEqual([300]);
    expect(groups.issued.map((l) => [l.amountMinor, l.expired]).sort()).toEqual([[1000, false], [1500, false], [400, true]].sort());
    expect(groups.issued.find((l) => l.amountMinor === 1500)?.amount).toBe("$15.00");
  });

  it("shows an issued code to its advocate, never a pending one's, and formats for the page's language", () => {
    const groups = groupAdvocateRewards(
      [row({ kind: "discount_code", discountCode: "TF-ABC" }), row({ kind: "discount_code", status: "pending", discountCode: "TF-NEXT", amountMinor: 1250n, currency: "EUR" })],
      now,
      "fr",
    );
    expect(groups.issued[0]).toMatchObject({ kind: "discount_code", discountCode: "TF-ABC" });
    expect(groups.pending[0]).toMatchObject({ discountCode: null, amount: "12,50\u00a0€" });
  });

  it.each([
    ["store_credit", "store_credit", false],
    ["discount_code", "discount_code", false],
    ["milestone_credit", "store_credit", true],
    ["milestone_code", "discount_code", true],
  ])("shows a %s reward as %s, milestone bonus: %s", (kind, shownAs, milestone) => {
    expect(groupAdvocateRewards([row({ kind, discountCode: shownAs === "discount_code" ? "THANKS-X" : null })], now).issued[0]).toMatchObject({ kind: shownAs, milestone });
  });

  it("counts zero-decimal currencies exactly", () => {
    expect(groupAdvocateRewards([row({ amountMinor: 1500n, currency: "JPY" })], now).issued[0].amount).toBe("¥1,500");
  });
});

describe("friendReason: why a friend earns nothing (yet), in the advocate's words", () => {
  const held = (holdUntil: string | null) => ({ status: "held", holdUntil: holdUntil ? new Date(holdUntil) : null });
  it.each([
    ["ordered before", { status: "rejected", rejectionReason: "not_first_order" }, [], { reason: "ordered_before", holdUntil: null }],
    ["own order", { status: "rejected", rejectionReason: "self_referral" }, [], { reason: "own_order", holdUntil: null }],
    ["below the minimum", { status: "rejected", rejectionReason: "below_minimum" }, [], { reason: "below_minimum", holdUntil: null }],
    ["fraud or a limit: no rule named", { status: "rejected", rejectionReason: "monthly_limit" }, [], { reason: "not_eligible", holdUntil: null }],
    ["refunded", { status: "cancelled", rejectionReason: null }, [], { reason: "refunded", holdUntil: null }],
    ["in staff review", { status: "held", rejectionReason: "monthly_limit" }, [held(null)], { reason: "in_review", holdUntil: null }],
    ["return window", { status: "qualified", rejectionReason: null }, [held("2027-03-12T10:00:00Z")], { reason: "on_hold", holdUntil: "2027-03-12" }],
    ["refunded after the reward was paid (taken back or owed)", { status: "qualified", rejectionReason: null }, [{ status: "reversed", holdUntil: null }], { reason: "refunded", holdUntil: null }],
    ["paid: nothing to say", { status: "qualified", rejectionReason: null }, [{ status: "issued", holdUntil: null }], { reason: null, holdUntil: null }],
  ] as const)("%s", (_name, referral, rewards, expected) => {
    expect(friendReason(referral, rewards)).toEqual(expected);
  });
});
