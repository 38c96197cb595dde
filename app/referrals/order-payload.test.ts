import { describe, expect, it } from "vitest";
import { parseOrderWebhook } from "./order-payload";

const money = (amount: string, currency = "EUR", presentment = "USD", presentmentAmount = amount) => ({
  shop_money: { amount, currency_code: currency },
  presentment_money: { amount: presentmentAmount, currency_code: presentment },
});

function order(extra: Record<string, unknown>): string {
  return JSON.stringify({ id: 1, admin_graphql_api_id: "gid://shopify/Order/1", total_price_set: money("90.00"), currency: "EUR", ...extra });
}

describe("discount lines of an order (what each code took off, in shop money)", () => {
  it.each([
    [
      "a percentage code spread over two line items, and a free-shipping code on the shipping line",
      {
        discount_codes: [{ code: "FRIEND-A", amount: "12.00", type: "percentage" }, { code: "SHIP-B", amount: "4.95", type: "shipping" }],
        discount_applications: [
          { type: "discount_code", code: "FRIEND-A", value: "10.0", value_type: "percentage", target_type: "line_item" },
          { type: "discount_code", code: "SHIP-B", value: "100.0", value_type: "percentage", target_type: "shipping_line" },
        ],
        line_items: [
          { discount_allocations: [{ amount: "8.00", amount_set: money("8.00", "EUR", "USD", "8.80"), discount_application_index: 0 }] },
          { discount_allocations: [{ amount: "3.33", amount_set: money("3.33", "EUR", "USD", "3.66"), discount_application_index: 0 }] },
        ],
        shipping_lines: [{ discount_allocations: [{ amount: "4.95", amount_set: money("4.95"), discount_application_index: 1 }] }],
      },
      // 8.00 + 3.33 in shop money (not the presentment 8.80 + 3.66); the shipping line's 4.95.
      [{ code: "FRIEND-A", minor: 1133n }, { code: "SHIP-B", minor: 495n }],
    ],
    [
      "an application without allocations falls back to the discount_codes amount",
      { discount_codes: [{ code: "FRIEND-C", amount: "10.00", type: "fixed_amount" }], discount_applications: [{ type: "discount_code", code: "FRIEND-C" }], line_items: [{ discount_allocations: [] }] },
      [{ code: "FRIEND-C", minor: 1000n }],
    ],
    [
      "automatic and manual discounts are not codes",
      { discount_applications: [{ type: "automatic", title: "Sale" }, { type: "manual", title: "Staff" }], line_items: [{ discount_allocations: [{ amount: "5.00", amount_set: money("5.00"), discount_application_index: 0 }] }] },
      [],
    ],
    ["no discounts", {}, []],
    ["an odd discount shape never stops the order being read", { discount_applications: "??", line_items: [{ discount_allocations: [{ nope: true }] }] }, []],
  ])("%s", (_name, extra, expected) => {
    expect(parseOrderWebhook(order(extra), "orders/paid").discountLines).toEqual(expected);
  });
});
