// Journey 4: a friend who never clicked a link types the advocate's personal code at the
// sandbox checkout: it is a real discount code giving the friend offer, the order is the
// advocate's referral, and the advocate is paid. The advocate using their own code earns nothing.
import { describe, expect, it } from "vitest";
import { useJourney } from "./journey";

describe("journey: the advocate's personal code typed at checkout", () => {
  const j = useJourney();

  it("friend types the code → 15 % off → referral → advocate's credit; self-use earns nothing", async () => {
    await j.setUpProgram();
    const ada = await j.shopper("ada4");
    await ada.logIn("ada4@example.com");
    const { code } = await ada.getLink();
    await j.settle(); // the job that makes the code a Shopify discount code

    const eve = await j.shopper("eve");
    await eve.addToCart("wool-scarf");
    const placed = await eve.checkout({ email: "eve@example.com", code: code.toLowerCase() });
    expect(placed).toHaveProperty("orderId");
    await j.settle();
    const order = (await j.sandboxState()).orders.find((o) => o.id === (placed as { orderId: string }).orderId)!;
    expect(order.discounts).toEqual([expect.objectContaining({ code, type: "percentage", amountMinor: 1200 })]);

    const referral = await j.stack.db.prisma.referral.findFirstOrThrow({ where: { orderGid: order.id } });
    const advocate = await j.stack.db.prisma.advocate.findFirstOrThrow({ where: { code } });
    expect(referral.advocateId).toBe(advocate.id);
    await j.advanceClock("15d");
    const adaId = (await j.sandboxState()).customers.find((c) => c.email === "ada4@example.com")!.id;
    expect((await j.sandboxState()).storeCreditAccounts.find((a) => a.customerId === adaId)?.balance).toBe("10.00");

    // The same code is once per customer: the friend cannot use it again.
    await eve.addToCart("demo");
    expect(await eve.checkout({ email: "eve@example.com", code })).toEqual({ error: "This discount code has already been used" });

    // Ada uses her own code: she gets the friend's discount (a Shopify code cannot tell her
    // apart), but the referral earns her nothing.
    await ada.addToCart("demo");
    const own = await ada.checkout({ code });
    expect(own).toHaveProperty("orderId");
    await j.settle();
    const self = await j.stack.db.prisma.referral.findFirstOrThrow({ where: { orderGid: (own as { orderId: string }).orderId } });
    expect(self.status).toBe("rejected");
    await j.advanceClock("15d");
    const credits = (await j.sandboxState()).storeCreditAccounts.find((a) => a.customerId === adaId)!.transactions.filter((t) => t.kind === "CREDIT");
    expect(credits).toHaveLength(1);
    expect([...ada.errors, ...eve.errors]).toEqual([]);
  });
});
