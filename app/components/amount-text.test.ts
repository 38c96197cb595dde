import { describe, expect, it } from "vitest";
import { amountText } from "./amount-text";

describe("amountText", () => {
  it.each([
    ["8000", "USD", "$80.00"],
    ["1250", "EUR", "€12.50"],
    ["1500", "JPY", "¥1,500"],
    ["-500", "USD", "-$5.00"],
    ["0", "CAD", "CA$0.00"],
  ])("%s %s is %s, as the advocates pages write money", (minor, currency, text) => {
    expect(amountText(minor, currency)).toBe(text);
  });

  it("is a dash without an amount or a currency", () => {
    expect(amountText(null, "USD")).toBe("—");
    expect(amountText("100", null)).toBe("—");
  });
});
