// Journey: an advocate who shops in euros in a US-dollar shop. Shopify applies only the store
// credit balance in the checkout's currency, so the app issues her reward in EUR, converted at
// the rate Shopify used for her latest order, and records the rate. The sandbox checkout then
// applies it when she pays in euros, and does not offer it when she pays in dollars.
import { describe, expect, it } from "vitest";
import { useJourney } from "./journey";

describe("journey: an advocate who shops in EUR in a USD shop gets EUR credit", () => {
  const j = useJourney({ shop: { presentmentRates: { EUR: "0.92" } } });

  it("EUR order → link → friend orders in USD → hold → EUR credit, applied at a EUR checkout only", async () => {
    await j.setUpProgram();
    const eva = await j.shopper("eva");
    await eva.logIn("eva@example.com");
    await eva.addToCart("demo");
    const own = await eva.checkout({ currency: "EUR" });
    expect(own).toHaveProperty("orderId");
    await j.settle();
    expect((await j.sandboxState()).orders.find((o) => o.id === (own as { orderId: string }).orderId)!.presentmentCurrencyCode).toBe("EUR");
    const { link } = await eva.getLink();
    await j.settle();

    const finn = await j.shopper("finn");
    // Finn shops from his own machine (Eva's order came from this one: a shared device is held for review).
    await finn.context.setExtraHTTPHeaders({ "X-Forwarded-For": "198.51.100.20", "X-Sandbox-Client-Ip": "198.51.100.20" });
    await finn.page.goto(link);
    const landing = finn.page.locator('[data-twofold-block="landing"]');
    await landing.getByLabel("Email").fill("finn@example.com");
    await landing.getByRole("button", { name: "Claim my discount" }).click();
    await expect.poll(() => landing.locator("[data-twofold-status]").textContent(), { timeout: 15_000 }).toMatch(/is ready/);
    await finn.addToCart("demo");
    expect(await finn.checkout({ email: "finn@example.com" })).toHaveProperty("orderId");
    await j.settle();
    await j.advanceClock("15d");

    // $10.00 of the program at the rate of Eva's order (0.92): €9.20 on her EUR account, none in USD.
    const advocate = await j.stack.db.prisma.advocate.findFirstOrThrow({ where: { email: "eva@example.com" } });
    const accounts = (await j.sandboxState()).storeCreditAccounts.filter((a) => a.customerId === advocate.customerGid);
    expect(accounts.map((a) => [a.currencyCode, a.balance])).toEqual([["EUR", "9.20"]]);
    const reward = await j.stack.db.prisma.reward.findFirstOrThrow({ where: { recipient: "advocate", customerGid: advocate.customerGid } });
    expect(reward).toMatchObject({ status: "issued", currency: "EUR", amountMinor: 920n, shopAmountMinor: 1000n, exchangeRate: "0.92" });
    const note = await j.stack.db.prisma.rewardTransition.findFirstOrThrow({ where: { rewardId: reward.id, reason: { startsWith: "issued in EUR" } } });
    expect(note.reason).toContain("10.00 USD at 0.92 = 9.20 EUR");
    const earned = j.emailsTo("eva@example.com");
    expect(earned.map((m) => m.subject)).toEqual([expect.stringContaining("9.20")]);

    // Paying in dollars, the euro balance is not offered (as on Shopify).
    await eva.addToCart("demo");
    await eva.page.goto(j.storeUrl("/checkout?currency=USD"));
    expect(await eva.page.locator("[data-summary=currency]").textContent()).toBe("USD");
    expect(await eva.page.locator("[data-store-credit]").count()).toBe(0);
    // Paying in euros, it is applied.
    const spent = await eva.checkout({ currency: "EUR", useStoreCredit: true });
    expect(spent).toHaveProperty("orderId");
    await j.settle();
    const order = (await j.sandboxState()).orders.find((o) => o.id === (spent as { orderId: string }).orderId)!;
    expect([order.presentmentCurrencyCode, order.storeCreditMinor]).toEqual(["EUR", 920]);
    expect((await j.sandboxState()).storeCreditAccounts.find((a) => a.customerId === advocate.customerGid)!.balance).toBe("0.00");
    expect([...eva.errors, ...finn.errors]).toEqual([]);
  });
});
