// Readiness at issuance: a shop set up on new customer accounts (advocates paid in store
// credit) moves back to classic accounts, where credit cannot be spent. The advocate's reward,
// due after that, is paid as a discount code bound to them, with the reason on the ledger. A
// refund of the friend's order before the code is used ends the code in Shopify.
import { describe, expect, it } from "vitest";
import { useJourney } from "./journey";

describe("journey: the shop moves to classic accounts before the reward is paid", () => {
  const j = useJourney();

  it("store-credit program → shop/update to classic → the reward is a customer-bound code instead", async () => {
    await j.setUpProgram();
    const ada = await j.shopper("ada9");
    await ada.logIn("ada9@example.com");
    const { link } = await ada.getLink();
    const kim = await j.shopper("kim");
    await kim.page.goto(link);
    await kim.addToCart("demo");
    expect(await kim.checkout({ email: "kim@example.com" })).toHaveProperty("orderId");
    await j.settle();

    // The merchant switches the store to classic customer accounts in Shopify's settings.
    const changed = await fetch(`${j.stack.sandbox.url}/__sandbox/shops/settings`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: j.stack.shop, customerAccountsVersion: "CLASSIC" }),
    });
    expect(changed.status).toBe(200);
    await j.settle();
    await j.advanceClock("15d");

    const sandbox = await j.sandboxState();
    const adaId = sandbox.customers.find((c) => c.email === "ada9@example.com")!.id;
    expect(sandbox.storeCreditAccounts.filter((a) => a.customerId === adaId)).toEqual([]);
    expect(sandbox.discountCodes.filter((d) => d.customerIds.includes(adaId))).toEqual([expect.objectContaining({ customerIds: [adaId], usageLimit: 1 })]);
    const rewards = await j.stack.db.prisma.reward.findMany({ where: { recipient: "advocate" }, orderBy: { createdAt: "asc" } });
    expect(rewards.map((r) => [r.kind, r.status])).toEqual([
      ["store_credit", "cancelled"],
      ["discount_code", "issued"],
    ]);
    const why = await j.stack.db.prisma.rewardTransition.findFirstOrThrow({ where: { rewardId: rewards[0].id, toStatus: "cancelled" } });
    expect(why.reason).toMatch(/classic customer accounts/);

    // Kim's order is refunded before Ada uses her code: the code is ended in Shopify and the
    // reward taken back whole; Ada's checkout then refuses it.
    const refund = await fetch(`${j.stack.sandbox.url}/__sandbox/orders/refund`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: j.stack.shop, orderId: sandbox.orders.find((o) => o.email === "kim@example.com")!.id }),
    });
    expect(refund.status).toBe(200);
    await j.settle();
    const code = rewards[1].discountCode!;
    expect(await j.stack.db.prisma.reward.findUniqueOrThrow({ where: { id: rewards[1].id } })).toMatchObject({ status: "reversed", reversedMinor: 1000n, owedMinor: 0n });
    await ada.addToCart("demo");
    expect(await ada.checkout({ code })).toEqual({ error: "This discount code has expired" });
    expect([...ada.errors, ...kim.errors]).toEqual([]);
  });
});
