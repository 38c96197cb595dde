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

describe("journey: a shop that takes one currency, then enables EUR", () => {
  const j = useJourney();

  it("USD only → credit with no read of the advocate's orders; EUR enabled later → her EUR order widens the list → EUR credit", async () => {
    await j.setUpProgram();
    const shopRow = () => j.stack.db.prisma.shop.findUniqueOrThrow({ where: { id: j.stack.shop } });
    // The editor read the shop's profile: buyers pay in dollars only.
    expect((await shopRow()).presentmentCurrencies).toBe("USD");
    const customerReads = async () => {
      const res = await fetch(`${j.stack.sandbox.url}/__sandbox/state?shop=${j.stack.shop}`);
      const { requestLog } = (await res.json()) as { requestLog: { fields: string[]; query: string }[] };
      return requestLog.filter((e) => e.fields[0] === "customer" && e.query.includes("presentmentCurrencyCode")).length;
    };

    const refer = async (advocate: string, friend: string, ip: string, currency: "USD" | "EUR") => {
      const a = await j.shopper(advocate);
      await a.logIn(`${advocate}@example.com`);
      await a.addToCart("demo");
      expect(await a.checkout({ currency })).toHaveProperty("orderId");
      await j.settle();
      const { link } = await a.getLink();
      await j.settle();
      const f = await j.shopper(friend);
      await f.context.setExtraHTTPHeaders({ "X-Forwarded-For": ip, "X-Sandbox-Client-Ip": ip });
      await f.page.goto(link);
      const landing = f.page.locator('[data-twofold-block="landing"]');
      await landing.getByLabel("Email").fill(`${friend}@example.com`);
      await landing.getByRole("button", { name: "Claim my discount" }).click();
      await expect.poll(() => landing.locator("[data-twofold-status]").textContent(), { timeout: 15_000 }).toMatch(/is ready/);
      await f.addToCart("demo");
      expect(await f.checkout({ email: `${friend}@example.com` })).toHaveProperty("orderId");
      await j.settle();
      await j.advanceClock("15d");
      expect([...a.errors, ...f.errors]).toEqual([]);
      const row = await j.stack.db.prisma.advocate.findFirstOrThrow({ where: { email: `${advocate}@example.com` } });
      return (await j.sandboxState()).storeCreditAccounts.filter((acc) => acc.customerId === row.customerGid).map((acc) => [acc.currencyCode, acc.balance]);
    };

    // Dollars only: the credit goes out in USD without asking Shopify for Ada's orders.
    expect(await refer("ada", "ben", "198.51.100.31", "USD")).toEqual([["USD", "10.00"]]);
    expect(await customerReads()).toBe(0);

    // The merchant enables euros in Shopify (no webhook says so); Eva's order in euros puts EUR on the list.
    const enabled = await fetch(`${j.stack.sandbox.url}/__sandbox/shops`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ domain: j.stack.shop, presentmentRates: { EUR: "0.92" } }) });
    expect(enabled.status).toBe(200);
    expect(await refer("eva", "finn", "198.51.100.32", "EUR")).toEqual([["EUR", "9.20"]]);
    expect((await shopRow()).presentmentCurrencies).toBe("USD,EUR");
    expect(await customerReads()).toBe(1);
  });
});
