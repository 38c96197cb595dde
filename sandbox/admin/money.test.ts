import { describe, expect, it } from "vitest";
import { formatMinorUnits, MoneyParseError, toMinorUnits } from "./money";

describe("money", () => {
  it.each([
    ["10", "USD", 1000],
    ["10.1", "USD", 1010],
    ["10.10", "USD", 1010],
    ["0.1", "USD", 10],
    ["0.30", "USD", 30],
    ["-3", "USD", -300],
    [".5", "USD", 50],
    ["12.500", "USD", 1250],
    ["1000", "JPY", 1000],
    ["1.234", "KWD", 1234],
  ])("parses %s %s to %i minor units", (amount, cur, minor) => {
    expect(toMinorUnits(amount, cur)).toBe(minor);
  });

  it("parses numbers without float error", () => {
    expect(toMinorUnits(0.1 + 0.2 - 0.00000000000000004, "USD")).toBe(30);
    expect(toMinorUnits(19.99, "USD")).toBe(1999);
  });

  it("rejects malformed amounts and sub-minor precision", () => {
    for (const bad of ["", "abc", "1.2.3", "1e5", "10.001"]) {
      expect(() => toMinorUnits(bad, "USD")).toThrow(MoneyParseError);
    }
    expect(() => toMinorUnits("1.5", "JPY")).toThrow(MoneyParseError);
  });

  it.each([
    [1010, "USD", "10.10"],
    [5, "USD", "0.05"],
    [0, "USD", "0.00"],
    [-300, "USD", "-3.00"],
    [100, "JPY", "100"],
    [1234, "KWD", "1.234"],
  ])("formats %i %s as %s", (minor, cur, text) => {
    expect(formatMinorUnits(minor, cur)).toBe(text);
  });

  it("sums exactly where floats would not", () => {
    let total = 0;
    for (let i = 0; i < 10; i++) total += toMinorUnits("0.1", "USD");
    expect(formatMinorUnits(total, "USD")).toBe("1.00");
  });
});
