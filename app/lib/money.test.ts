import { describe, expect, it } from "vitest";
import { currencyExponent, decimalToMinorUnits, fromMoneyV2, minorUnitsToDecimal, toMoneyInput } from "./money";

describe("minorUnitsToDecimal", () => {
  it.each([
    [1250, "USD", "12.50"],
    [5, "USD", "0.05"],
    [0, "USD", "0.00"],
    [-5, "EUR", "-0.05"],
    [-1250, "EUR", "-12.50"],
    [100, "usd", "1.00"],
    [1250, "JPY", "1250"],
    [0, "JPY", "0"],
    [-7, "KRW", "-7"],
    [1250, "KWD", "1.250"],
    [1, "BHD", "0.001"],
    [1, "CLF", "0.0001"],
    [Number.MAX_SAFE_INTEGER, "USD", "90071992547409.91"],
    [12345678901234567890n, "USD", "123456789012345678.90"],
  ] as const)("%s %s → %s", (minor, currency, expected) => {
    expect(minorUnitsToDecimal(minor, currency)).toBe(expected);
  });

  it("refuses non-integers and unsafe numbers instead of rounding", () => {
    expect(() => minorUnitsToDecimal(12.5, "USD")).toThrow(RangeError);
    expect(() => minorUnitsToDecimal(2 ** 53, "USD")).toThrow(RangeError);
    expect(() => minorUnitsToDecimal(100, "US")).toThrow(RangeError);
  });
});

describe("decimalToMinorUnits", () => {
  it.each([
    ["12.50", "USD", 1250n],
    ["12.5", "USD", 1250n],
    ["10.0", "USD", 1000n],
    ["10", "USD", 1000n],
    ["0.01", "USD", 1n],
    ["-0.05", "USD", -5n],
    ["0.1", "USD", 10n],
    ["0.29", "USD", 29n], // 0.29 * 100 is 28.999999999999996 in floats
    ["1250", "JPY", 1250n],
    ["1250.0", "JPY", 1250n],
    ["1.25", "KWD", 1250n],
    ["1.250", "KWD", 1250n],
    ["12.500000", "USD", 1250n],
  ] as const)("%s %s → %s", (decimal, currency, expected) => {
    expect(decimalToMinorUnits(decimal, currency)).toBe(expected);
  });

  it.each([
    ["12.345", "USD"],
    ["1.5", "JPY"],
    ["1.0001", "KWD"],
    ["abc", "USD"],
    ["1e3", "USD"],
    ["", "USD"],
  ])("refuses %s %s", (decimal, currency) => {
    expect(() => decimalToMinorUnits(decimal, currency)).toThrow(RangeError);
  });

  it("round-trips every amount it prints", () => {
    for (const currency of ["USD", "JPY", "KWD"]) {
      for (const minor of [0, 1, 9, 10, 99, 100, 101, 123456, -1, -100]) {
        expect(decimalToMinorUnits(minorUnitsToDecimal(minor, currency), currency)).toBe(BigInt(minor));
      }
    }
  });
});

describe("Shopify money shapes", () => {
  it("builds a MoneyInput and reads a MoneyV2", () => {
    expect(toMoneyInput({ minorUnits: 2500, currencyCode: "cad" })).toEqual({ amount: "25.00", currencyCode: "CAD" });
    expect(fromMoneyV2({ amount: "25.0", currencyCode: "CAD" })).toEqual({ minorUnits: 2500, currencyCode: "CAD" });
    expect(currencyExponent("ISK")).toBe(0);
  });
});
