import { describe, expect, it } from "vitest";
import { loadFlowExtensions, validateTriggerCall } from "../../sandbox/admin/flow";
import { FLOW_TRIGGERS, flowObjectId, flowTriggerPayload, type FlowTriggerName } from "./flow-triggers";

const extensions = loadFlowExtensions();

describe("Flow triggers", () => {
  it("are the app's flow_trigger extensions, field for field", () => {
    const fromToml = extensions
      .filter((e) => e.type === "flow_trigger")
      .map((e) => ({
        handle: e.handle,
        references: e.fields.filter((f) => f.type.endsWith("_reference")).map((f) => f.type.replace(/_reference$/, "")),
        fields: Object.fromEntries(e.fields.filter((f) => !f.type.endsWith("_reference")).map((f) => [f.key, f.type])),
      }))
      .sort((a, b) => a.handle.localeCompare(b.handle));
    const fromCode = Object.values(FLOW_TRIGGERS)
      .map((t) => ({ handle: t.handle, references: [...t.references], fields: { ...t.fields } }))
      .sort((a, b) => a.handle.localeCompare(b.handle));
    expect(fromToml).toEqual(fromCode);
    expect(fromCode.map((t) => t.handle)).toEqual(["advocate-reward-issued", "advocate-reward-reversed", "referral-flagged-for-review", "referral-qualified"]);
    // Flow trigger field keys are letters and spaces only (Shopify CLI refuses others).
    for (const t of fromCode) for (const key of Object.keys(t.fields)) expect(key).toMatch(/^[A-Za-z ]+$/);
  });

  it("builds payloads that the sandbox's Flow accepts", () => {
    const qualified = flowTriggerPayload("referralQualified", { customer: "gid://shopify/Customer/42", order: "gid://shopify/Order/7" }, {
      "Referral ID": "r1",
      "Referral code": "ADA",
      "Order subtotal": 80.5,
      "Currency code": "USD",
      "Approved by staff": false,
    });
    expect(qualified).toEqual({ customer_id: 42, order_id: 7, "Referral ID": "r1", "Referral code": "ADA", "Order subtotal": 80.5, "Currency code": "USD", "Approved by staff": false });
    expect(validateTriggerCall(extensions, "referral-qualified", qualified)).toEqual([]);
    const reversed = flowTriggerPayload("rewardReversed", { customer: "gid://shopify/Customer/700000000000000001" }, {
      "Reward ID": "w1",
      "Referral ID": "r1",
      "Reward type": "store_credit",
      "Amount taken back": 10,
      "Amount owed": 5,
      "Currency code": "USD",
      "Fully reversed": true,
    });
    expect(reversed.customer_id).toBe("700000000000000001");
    expect(validateTriggerCall(extensions, "advocate-reward-reversed", reversed)).toEqual([]);
  });

  it("refuses to build a payload with a missing reference or a value of the wrong type", () => {
    const values = { "Reward ID": "w1", "Referral ID": "", "Reward source": "goodwill", "Reward type": "store_credit", "Reward amount": 5, "Currency code": "USD", "Discount code": "" };
    expect(() => flowTriggerPayload("rewardIssued", {}, values)).toThrow(/customer reference is missing/);
    const wrong = { ...values, "Reward amount": "5.00" } as unknown as Parameters<typeof flowTriggerPayload<"rewardIssued">>[2];
    expect(() => flowTriggerPayload("rewardIssued", { customer: "gid://shopify/Customer/1" }, wrong)).toThrow(/Reward amount.*number_decimal/);
    expect(() => flowObjectId("gid://shopify/Customer/abc")).toThrow();
  });

  it.each<[string, unknown, unknown, RegExp]>([
    ["an unknown handle", "referral-paid", {}, /Invalid handle 'referral-paid'/],
    ["no handle", null, {}, /Handle can't be blank/],
    ["a payload that is not an object", "referral-qualified", [1], /Payload must be a JSON object/],
  ])("the sandbox refuses %s", (_what, handle, payload, message) => {
    expect(validateTriggerCall(extensions, handle, payload).map((e) => e.message).join("; ")).toMatch(message);
  });

  it("the sandbox refuses missing, mistyped and undeclared properties", () => {
    const handle = FLOW_TRIGGERS.rewardIssued.handle;
    const good: Record<string, unknown> = { customer_id: 1, "Reward ID": "w", "Referral ID": "", "Reward source": "goodwill", "Reward type": "store_credit", "Reward amount": 5, "Currency code": "USD", "Discount code": "" };
    expect(validateTriggerCall(extensions, handle, good)).toEqual([]);
    const errors = (payload: Record<string, unknown>) => validateTriggerCall(extensions, handle, payload).map((e) => e.message);
    expect(errors({ ...good, customer_id: undefined })).toEqual(["customer_id is required by trigger 'advocate-reward-issued'"]);
    expect(errors({ ...good, customer_id: "gid://shopify/Customer/1" })).toEqual([expect.stringMatching(/customer_id must be the object's numeric id/)]);
    expect(errors({ ...good, "Reward amount": "5.00" })).toEqual([expect.stringMatching(/Reward amount must be a decimal number/)]);
    expect(errors({ ...good, "Discount code": "A\nB" })).toEqual([expect.stringMatching(/single line/)]);
    expect(errors({ ...good, Extra: 1 })).toEqual(["Extra is not a field of trigger 'advocate-reward-issued'"]);
    expect(errors({ ...good, "Referral ID": "x".repeat(60_000) })).toEqual([expect.stringMatching(/exceeds 50000 bytes/)]);
  });

  it("names every trigger in the type (a new trigger needs a TOML and a test here)", () => {
    const names: FlowTriggerName[] = ["referralQualified", "referralFlagged", "rewardIssued", "rewardReversed"];
    expect(Object.keys(FLOW_TRIGGERS).sort()).toEqual([...names].sort());
  });
});
