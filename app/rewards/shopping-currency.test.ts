import { describe, expect, it } from "vitest";
import { convertMinor, inRewardCurrency, rateFromAmounts } from "./shopping-currency";

describe("rateFromAmounts", () => {
  it.each([
    [{ minor: 10000n, currency: "USD" }, { minor: 9200n, currency: "EUR" }, "0.92"],
    [{ minor: 3000n, currency: "USD" }, { minor: 4500n, currency: "JPY" }, "150"],
    [{ minor: 4500n, currency: "JPY" }, { minor: 3000n, currency: "USD" }, "0.0066666667"],
    [{ minor: 1000n, currency: "USD" }, { minor: 1000n, currency: "KWD" }, "0.1"],
    [{ minor: 0n, currency: "USD" }, { minor: 0n, currency: "EUR" }, null],
    [{ minor: 10000n, currency: "USD" }, { minor: 0n, currency: "EUR" }, null],
  ] as const)("%o in %o → %s", (shop, presentment, expected) => {
    expect(rateFromAmounts(shop, presentment)).toBe(expected);
  });
});

describe("convertMinor", () => {
  it.each([
    [1000n, "USD", "EUR", "0.92", 920n],
    [1500n, "USD", "EUR", "0.9234", 1385n], // 13.851 → 13.85
    [1005n, "USD", "EUR", "0.5", 503n], // 5.025 → 5.03 (half up)
    [1000n, "USD", "JPY", "150.25", 1503n], // 1502.5 → 1503
    [1000n, "USD", "KWD", "0.307", 3070n],
    [-1000n, "USD", "EUR", "0.92", -920n],
    [0n, "USD", "EUR", "0.92", 0n],
    [1234n, "USD", "USD", "0.5", 1234n],
  ] as const)("%s %s → %s at %s = %s", (minor, from, to, rate, expected) => {
    expect(convertMinor(minor, from, to, rate)).toBe(expected);
  });

  it("refuses a rate that is not a plain decimal", () => {
    expect(() => convertMinor(100n, "USD", "EUR", "1e-3")).toThrow(/Not a rate/);
  });
});

describe("inRewardCurrency", () => {
  it("converts a shop-currency target only for a converted reward", () => {
    expect(inRewardCurrency({ exchangeRate: null, currency: "USD" }, 500n, "USD")).toBe(500n);
    expect(inRewardCurrency({ exchangeRate: "0.92", currency: "EUR" }, 500n, "USD")).toBe(460n);
  });
});
