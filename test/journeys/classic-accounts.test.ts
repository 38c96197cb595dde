// Journey 5: a shop on classic customer accounts, where store credit cannot be spent. The
// advocate's reward is a discount code bound to them: Shopify refuses it to another customer
// and accepts it from the advocate. The reward email carries the code.
import { describe, expect, it } from "vitest";
import { useJourney } from "./journey";

describe("journey: classic customer accounts", () => {
  const j = useJourney({ shop: { customerAccountsVersion: "CLASSIC" } });

  it("the advocate's customer-bound code: refused for another customer, accepted for the advocate", async () => {
    await j.setUpProgram();
    const ada = await j.shopper("ada5");
    await ada.logIn("ada5@example.com");
    const { link } = await ada.getLink();
    const kim = await j.shopper("kim5");
    await kim.page.goto(link);
    await kim.addToCart("demo");
    expect(await kim.checkout({ email: "kim5@example.com" })).toHaveProperty("orderId");
    await j.settle();
    await j.advanceClock("15d");

    const reward = await j.stack.db.prisma.reward.findFirstOrThrow({ where: { recipient: "advocate" } });
    expect(reward).toMatchObject({ kind: "discount_code", status: "issued" });
    const code = reward.discountCode!;
    const sandbox = await j.sandboxState();
    const adaId = sandbox.customers.find((c) => c.email === "ada5@example.com")!.id;
    expect(sandbox.discountCodes.find((d) => d.code === code)).toMatchObject({ customerIds: [adaId], usageLimit: 1 });
    const told = j.emailsTo("ada5@example.com");
    expect(told.map((m) => m.subject)).toEqual([expect.stringMatching(/^You earned \$10\.00 at /)]);
    expect(told[0].text).toContain(code);

    // Kim (logged in as herself) cannot use Ada's code; Ada can.
    await kim.logIn("kim5@example.com");
    await kim.addToCart("demo");
    expect(await kim.checkout({ code })).toEqual({ error: expect.stringMatching(/not valid|isn't available|cannot be used/i) });
    await ada.addToCart("demo");
    const used = await ada.checkout({ code });
    expect(used).toHaveProperty("orderId");
    await j.settle();
    const order = (await j.sandboxState()).orders.find((o) => o.id === (used as { orderId: string }).orderId)!;
    expect(order.discounts).toEqual([expect.objectContaining({ code, amountMinor: 1000 })]);
    expect([...ada.errors, ...kim.errors]).toEqual([]);
  });
});
