import { describe, expect, it } from "vitest";
import { auditData } from "./audit-log.server";

describe("auditData", () => {
  it("stores bigint amounts as exact decimal strings, at any depth", () => {
    const big = 9_007_199_254_740_993n; // above Number.MAX_SAFE_INTEGER: a float would round it
    expect(auditData({ amountMinor: big, forgiven: [{ currency: "EUR", minor: 150n }] })).toEqual({
      amountMinor: "9007199254740993",
      forgiven: [{ currency: "EUR", minor: "150" }],
    });
  });

  it("leaves out undefined fields and keeps null, dates as ISO strings", () => {
    expect(auditData({ reason: undefined, previous: null, at: new Date("2026-12-07T10:00:00.000Z") })).toEqual({
      previous: null,
      at: "2026-12-07T10:00:00.000Z",
    });
  });
});
