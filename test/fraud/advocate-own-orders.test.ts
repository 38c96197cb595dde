// The fraud check compares a friend's order with the advocate's own orders at the shop (here:
// the browser IP), found through the inbox's buyer column, not a text search over every
// payload. Ada buys for herself from one IP, then a "friend" orders through her link from the
// same IP and another from elsewhere: only the first is flagged. Orders come through the
// sandbox checkout, their webhooks delivered by the sandbox and handled by the app's jobs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "../helpers/stack";
import { customerAdvocate, sandboxCheckout, startStaffToolsStack } from "../helpers/staff-tools";

const ADA_IP = "198.51.100.9";

describe(`the advocate's own orders in the fraud check (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStaffToolsStack("own-orders-other.myshopify.com");
  });
  afterAll(async () => stack?.stop());

  const sharedDevice = async (orderGid: string) => {
    const referral = await stack.db.prisma.referral.findFirstOrThrow({ where: { shopId: stack.shop, orderGid } });
    const signals = (referral.fraudSignals as { fraud?: { signals?: { rule: string; detail: { matched?: string[] } }[] } } | null)?.fraud?.signals ?? [];
    return signals.find((s) => s.rule === "shared_device")?.detail.matched ?? [];
  };

  it("flags a referred order from the advocate's own IP, and only that one", async () => {
    const ada = await customerAdvocate(stack, "ada.own@example.com");
    const own = await sandboxCheckout(stack, "ada.own@example.com", { customerId: ada.customer.gid, browserIp: ADA_IP });
    // Her order's deliveries carry her as the buyer.
    const events = await stack.db.prisma.webhookEvent.findMany({ where: { shopId: stack.shop, subjectGid: own.id }, select: { topic: true, customerGid: true } });
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.customerGid))).toEqual(new Set([ada.customer.gid]));

    const fromHer = await sandboxCheckout(stack, "bo.own@example.com", { attributes: { _twofold_ref: ada.code }, browserIp: ADA_IP });
    const fromElsewhere = await sandboxCheckout(stack, "cy.own@example.com", { attributes: { _twofold_ref: ada.code }, browserIp: "203.0.113.50" });
    expect(await sharedDevice(fromHer.id)).toContain("advocate_ip");
    expect(await sharedDevice(fromElsewhere.id)).not.toContain("advocate_ip");
    // A friend's order is recorded with the friend (the customer Shopify made at checkout) as its buyer.
    const friendOrder = await stack.db.prisma.webhookEvent.findFirstOrThrow({ where: { shopId: stack.shop, subjectGid: fromElsewhere.id } });
    expect(friendOrder.customerGid).toMatch(/^gid:\/\/shopify\/Customer\/\d+$/);
    expect(friendOrder.customerGid).not.toBe(ada.customer.gid);
  });
});
