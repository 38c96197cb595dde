// The shapes refused at receipt must accept everything Shopify really sends: each documented
// sample payload (Shopify's own, kept in sandbox/storefront/fixtures) passes its topic's schema.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { customerPayloadSchema } from "../compliance/compliance.server";
import { parseJsonKeepingBigIds } from "../lib/json-ids";
import { orderWebhookSchema, refundWebhookSchema } from "../referrals/order-payload";

const samples = path.resolve("sandbox/storefront/fixtures");
const read = (file: string) => parseJsonKeepingBigIds(fs.readFileSync(path.join(samples, file), "utf8"));

describe("webhook payload schemas accept Shopify's documented samples", () => {
  it.each([
    ["orders-create.json", orderWebhookSchema],
    ["orders-cancelled.json", orderWebhookSchema],
    ["refunds-create.json", refundWebhookSchema],
    ["customers-redact.json", customerPayloadSchema],
    ["customers-data_request.json", customerPayloadSchema],
  ] as const)("%s", (file, schema) => {
    const parsed = schema.safeParse(read(file));
    expect(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues)).toBe(true);
  });

  it("and refuse a field of the wrong type", () => {
    const order = read("orders-create.json") as Record<string, unknown>;
    expect(orderWebhookSchema.safeParse({ ...order, customer: "x" }).success).toBe(false);
    expect(orderWebhookSchema.safeParse({ ...order, id: { a: 1 } }).success).toBe(false);
  });
});
