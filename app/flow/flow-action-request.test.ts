import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseGiveRewardAction, verifyFlowSignature } from "./flow-action-request.server";

const SECRET = "app-secret";
const sign = (body: string, secret = SECRET) => crypto.createHmac("sha256", secret).update(body, "utf8").digest("base64");
const envelope = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ shop_id: "1", shopify_domain: "acme.myshopify.com", action_run_id: "run-1", action_definition_id: "give-referral-reward", handle: "give-referral-reward", properties, ...extra });

describe("Flow action requests", () => {
  it("verify Shopify's signature of the raw body and nothing else", () => {
    const body = envelope({ customer_id: 1, amount: "5", reason: "thanks" });
    expect(verifyFlowSignature(body, sign(body), SECRET)).toBe(true);
    expect(verifyFlowSignature(`${body} `, sign(body), SECRET)).toBe(false);
    expect(verifyFlowSignature(body, sign(body, "another-secret"), SECRET)).toBe(false);
    expect(verifyFlowSignature(body, null, SECRET)).toBe(false);
    expect(verifyFlowSignature(body, "short", SECRET)).toBe(false);
  });

  it("read the action's properties, customer ids beyond 2^53 exact", () => {
    // As Shopify sends it: a bare integer literal too large for a double.
    const parsed = parseGiveRewardAction(envelope({ customer_id: "BIG", amount: 12.5, reward_type: "", reason: " Loyal advocate " }).replace('"BIG"', "700000000000000123"));
    expect(parsed).toEqual({ ok: true, action: { shop: "acme.myshopify.com", actionRunId: "run-1", customerId: "700000000000000123", amount: "12.5", rewardType: "store_credit", reason: "Loyal advocate" } });
    expect(parseGiveRewardAction(envelope({ customer_id: "42", amount: "3.00", reward_type: "discount_code", reason: "x" }))).toMatchObject({ ok: true, action: { customerId: "42", rewardType: "discount_code" } });
  });

  it.each<[string, string, RegExp]>([
    ["not JSON", "{", /not JSON/],
    ["no properties", JSON.stringify({ shopify_domain: "acme.myshopify.com", action_run_id: "r" }), /properties/],
    ["no run id", envelope({ customer_id: 1, amount: "5", reason: "x" }, { action_run_id: undefined }), /action_run_id is missing/],
    ["another shop domain", envelope({ customer_id: 1, amount: "5", reason: "x" }, { shopify_domain: "evil.example.com" }), /myshopify\.com/],
    ["a customer gid", envelope({ customer_id: "gid://shopify/Customer/1", amount: "5", reason: "x" }), /customer_id must be a customer's numeric id/],
    ["a negative amount", envelope({ customer_id: 1, amount: "-5", reason: "x" }), /amount must be a positive decimal/],
    ["an unknown reward type", envelope({ customer_id: 1, amount: "5", reward_type: "cash", reason: "x" }), /reward_type must be store_credit or discount_code/],
    ["no reason", envelope({ customer_id: 1, amount: "5" }), /reason is missing/],
    ["another action's handle", envelope({ customer_id: 1, amount: "5", reason: "x" }, { handle: "tag-customer" }), /runs the action "give-referral-reward"/],
  ])("refuse %s with a clear message", (_what, body, message) => {
    const parsed = parseGiveRewardAction(body);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(message);
  });
});
