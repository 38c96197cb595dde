import { describe, expect, it } from "vitest";
import { auditEntryText, plainWords, rewardLabel, rewardStepText } from "./timeline-words";

const credit = { recipient: "advocate", kind: "store_credit", currency: "USD" };
const code = { recipient: "friend", kind: "discount_code", currency: "USD" };
const step = (fromStatus: string | null, toStatus: string, reason: string | null, actor = "system") => ({ fromStatus, toStatus, reason, actor });

describe("a referral's timeline in words", () => {
  it.each([
    [credit, step(null, "pending", "referral qualified; held for staff review (fraud_review)"), "Advocate's store credit planned: the referral qualified and waits for staff review (its fraud score reached your threshold)"],
    [credit, step(null, "pending", "referral qualified (program v3)"), "Advocate's store credit planned: the referral qualified under program version 3"],
    [credit, step("pending", "held", "held for staff review"), "Advocate's store credit held until staff review it"],
    [credit, step("pending", "held", "hold period until 2026-12-21T09:50:30.316Z"), "Advocate's store credit on hold until Dec 21, 2026, when the refund period ends"],
    [
      credit,
      step("held", "held", "approved in review: Known customer, verified by phone; refund hold until 2026-12-21T09:50:30.316Z", "staff:1"),
      "Advocate's store credit approved in review; on hold until Dec 21, 2026, when the refund period ends",
    ],
    [credit, step("held", "pending", "approved in review: Known customer", "staff:1"), "Advocate's store credit approved in review: ready to send"],
    [code, step("held", "cancelled", "rejected in review: Same household", "staff:1"), "Friend's discount code cancelled: the referral was rejected in review"],
    [credit, step("held", "pending", "hold period over"), "Advocate's store credit released: the refund period is over"],
    [credit, step("pending", "issuing", "sending to Shopify"), "Advocate's store credit being sent to Shopify"],
    [credit, step("issuing", "issued", "store credit gid://shopify/StoreCreditAccountCreditTransaction/42"), "Advocate's store credit sent: added to the customer's store credit in Shopify"],
    [code, step("issuing", "issued", "discount code FRIEND-7KQ2M created"), "Friend's discount code sent: discount code FRIEND-7KQ2M created in Shopify"],
    [credit, step("held", "held", "amount adjusted in review: 1250 → 500 (Partial goodwill)", "staff:42"), "Advocate's store credit changed from $12.50 to $5.00 in review by staff member 42: Partial goodwill"],
    [credit, step("pending", "pending", "reduced by refund: 1500 → 1000"), "Advocate's store credit reduced from $15.00 to $10.00 after a refund"],
    [credit, step("issued", "issued", "debited 500 of store credit (gid://shopify/StoreCreditAccountDebitTransaction/9); 250 owed"), "Advocate's store credit: $5.00 of store credit taken back after a refund; the advocate owes $2.50"],
    [credit, step("pending", "cancelled", "order refunded in full"), "Advocate's store credit cancelled: the order was refunded"],
    [credit, step("issuing", "failed", "Shopify refused: storeCreditAccountCredit: Too much (CREDIT_LIMIT_EXCEEDED)"), "Advocate's store credit not sent: The advocate's store credit balance has reached Shopify's limit: this credit would take it over the maximum."],
    // A reason this table does not know yet still reads as words: no ISO time, no gid.
    [credit, step("issued", "issued", "checked again on 2026-12-21T09:50:30.316Z (gid://shopify/StoreCreditAccount/7)"), "Advocate's store credit sent: checked again on Dec 21, 2026"],
  ])("%o %o", (reward, s, words) => {
    expect(rewardStepText(reward, s)).toBe(words);
  });

  it.each([
    [{ action: "review.approved", actor: "staff:1", data: { reason: "Known customer, verified by phone", fraudScore: 25 } }, "Approved in review by staff member 1: Known customer, verified by phone"],
    [{ action: "review.rejected", actor: "staff:1", data: { reason: "Same household", bulk: 2 } }, "Rejected in review by staff member 1: Same household (decided with 1 other referral)"],
    [{ action: "review.reconsidered", actor: "staff:5", data: { reason: "Customer called" } }, "Put back into review by staff member 5: Customer called"],
    [{ action: "review.reward_adjusted", actor: "staff:42", data: { from: "1250", to: "500", reason: "Partial goodwill" } }, "Held reward changed from $12.50 to $5.00 by staff member 42: Partial goodwill"],
    [
      { action: "referral.rejected", actor: "system", data: { reason: "not_first_order", detail: "The friend had ordered before: 1 earlier order at this shop." } },
      "Not rewarded: The friend had ordered before: 1 earlier order at this shop.",
    ],
    [{ action: "referral.rejected", actor: "system", data: { reason: "monthly_limit" } }, "Not rewarded: the advocate reached the program's monthly limit"],
    [{ action: "referral.attributed_by_hand", actor: "staff:9", data: { reason: "Link lost on mobile", orderName: "#1049" } }, "Order #1049 attributed to this advocate by hand by staff member 9: Link lost on mobile"],
    [{ action: "reward.issued_as_code", actor: "Shopify Flow", data: { reason: "Limit reached" } }, "Store credit Shopify refused replaced by a discount code by Shopify Flow: Limit reached"],
    [{ action: "something.new_thing", actor: "staff:3", data: null }, "New thing by staff member 3"],
  ])("%o", (entry, words) => {
    expect(auditEntryText(entry, () => "USD", "r1")).toBe(words);
  });

  it("names rewards and cleans stored text", () => {
    expect(rewardLabel({ recipient: "advocate", kind: "goodwill_code" })).toBe("Advocate's goodwill discount code");
    expect(plainWords("held (fraud_review) until 2026-12-21T09:50:30.316Z")).toBe("held (its fraud score reached your threshold) until Dec 21, 2026");
    expect(plainWords("Order for gid://shopify/Customer/12 refused")).toBe("Order for the customer refused");
  });
});
