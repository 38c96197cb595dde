import { describe, expect, it } from "vitest";
import { basicDiscountCodeInput, freeShippingDiscountCodeInput, percentageFraction } from "./discount-codes.server";

describe("percentageFraction: the program's percent as Shopify's Float fraction", () => {
  it.each([
    [15, 0.15],
    [12.5, 0.125],
    [12.25, 0.1225],
    [0.01, 0.0001],
    [100, 1],
    [33.33, 0.3333],
  ])("%s %% → %s", (percent, fraction) => {
    expect(percentageFraction(percent)).toBe(fraction);
  });

  it.each([0, -5, 100.01, 12.345, Number.NaN])("refuses %s", (percent) => {
    expect(() => percentageFraction(percent)).toThrow(RangeError);
  });
});

describe("code inputs", () => {
  const base = { title: "Twofold friend", code: "FRIEND-ABC", startsAt: new Date("2026-12-01T00:00:00Z") };

  it("a decimal percentage goes to Shopify as its fraction", () => {
    expect(basicDiscountCodeInput({ ...base, value: { kind: "percentage", percent: 12.5 } }).customerGets.value).toEqual({ percentage: 0.125 });
  });

  it("free shipping is a free-shipping input to every destination, single use", () => {
    const input = freeShippingDiscountCodeInput({ ...base, value: { kind: "freeShipping" }, customerIds: ["gid://shopify/Customer/1"] });
    expect(input).toMatchObject({ destination: { all: true }, usageLimit: 1, appliesOncePerCustomer: true, context: { customers: { add: ["gid://shopify/Customer/1"] } } });
    expect(input).not.toHaveProperty("customerGets");
    expect(() => basicDiscountCodeInput({ ...base, value: { kind: "freeShipping" } })).toThrow(RangeError);
  });
});
