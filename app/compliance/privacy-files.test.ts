// The files a merchant downloads and the bodies the retention job keeps: pure functions.
import { describe, expect, it } from "vitest";
import { loadFixture } from "../../sandbox/storefront/payloads";
import { webhookBody } from "../../sandbox/storefront/webhooks";
import { parseOrderWebhook } from "../referrals/order-payload";
import { emailSpellings } from "./match-customer.server";
import { EXPORT_FORMAT, type CustomerExport } from "./compliance.server";
import { exportTableCsv } from "./privacy-requests.server";
import { prunedWebhookBody } from "./retention.server";

describe("emailSpellings", () => {
  it("gives the address as given, trimmed, lower-cased and normalised", () => {
    expect(emailSpellings(" Ana.Q+Promo@Gmail.com")).toEqual([" Ana.Q+Promo@Gmail.com", "Ana.Q+Promo@Gmail.com", "ana.q+promo@gmail.com", "anaq@gmail.com"]);
    expect(emailSpellings(null)).toEqual([]);
  });
});

describe("privacy export CSV", () => {
  const data: CustomerExport = {
    format: EXPORT_FORMAT,
    shop: "acme.myshopify.com",
    customer: { id: "gid://shopify/Customer/1", email: "a@example.com", phone: null },
    tables: { Referral: [{ id: "r1", reviewNote: 'Said "hi", twice\nthen left' }, { id: "r2", reviewNote: "=HYPERLINK(\"http://evil\")", role: "advocate" }] },
  };

  it("has one header of every column and quotes commas, quotes and newlines", () => {
    const lines = exportTableCsv(data, "Referral").split("\r\n");
    expect(lines[0]).toBe("id,reviewNote,role");
    expect(lines[1]).toBe('r1,"Said ""hi"", twice\nthen left",');
  });

  it("never starts a cell with a formula character (spreadsheet injection)", () => {
    expect(exportTableCsv(data, "Referral")).toContain(`r2,"'=HYPERLINK(""http://evil"")",advocate`);
  });

  it("writes just the header line for an empty table", () => {
    expect(exportTableCsv(data, "Advocate")).toBe("\r\n");
  });
});

describe("prunedWebhookBody", () => {
  const order = loadFixture("orders-create");
  const raw = webhookBody(order);

  it("keeps no personal field of Shopify's sample order, and the order still parses with its money and codes", () => {
    const pruned = prunedWebhookBody("orders/paid", raw);
    const parsed = JSON.parse(pruned) as Record<string, unknown>;
    for (const key of ["email", "contact_email", "phone", "billing_address", "shipping_address", "browser_ip", "client_details", "note"]) expect(parsed, key).not.toHaveProperty(key);
    expect(JSON.stringify(parsed.customer)).not.toMatch(/first_name|last_name|email|phone|default_address/);
    expect(parsed._pruned).toBe(true);
    const before = parseOrderWebhook(raw, "orders/paid");
    const after = parseOrderWebhook(pruned, "orders/paid");
    expect(after.orderId).toBe(before.orderId);
    expect(after.subtotal).toEqual(before.subtotal);
    expect(after.discountCodes).toEqual(before.discountCodes);
    expect(after.email).toBeNull();
  });

  it("blanks customers/* bodies whole and anything that is not a JSON object", () => {
    expect(prunedWebhookBody("customers/data_request", '{"customer":{"email":"a@b.c"}}')).toBe('{"redacted":true}');
    expect(prunedWebhookBody("orders/paid", "not json")).toBe('{"redacted":true}');
  });
});
