// Journey 1: a logged-in advocate (the main case) gets a link; a friend in another browser
// opens it, claims the instant code and checks out with it. After the 14-day hold (the sandbox
// clock) the advocate's store credit lands, the reward email arrives through SMTP (the app
// read the advocate's email from Shopify: the app proxy gives only a customer id), and the
// advocate spends the credit at checkout. A refund of the friend's order then takes back what
// is left and records the rest as owed, as the terms say.
import { describe, expect, it } from "vitest";
import { useJourney } from "./journey";

describe("journey: logged-in advocate, friend by link, credit spent, then a refund", () => {
  const j = useJourney();

  it("link → claim → order → hold → credit + email → spent at checkout → refund reverses", async () => {
    await j.setUpProgram();
    const ada = await j.shopper("ada1");
    await ada.logIn("ada1@example.com");
    const { link, code } = await ada.getLink();
    await j.settle();
    // The app proxy gave the app Ada's customer id only; her email was read from Shopify by a job.
    const advocate = await j.stack.db.prisma.advocate.findUniqueOrThrow({ where: { shopId_code: { shopId: j.stack.shop, code } } });
    expect(advocate.customerGid).toMatch(/^gid:\/\/shopify\/Customer\/\d+$/);
    expect(advocate.email).toBe("ada1@example.com");

    const bo = await j.shopper("bo");
    await bo.page.goto(link);
    const landing = bo.page.locator('[data-twofold-block="landing"]');
    await landing.getByLabel("Email").fill("bo@example.com");
    await landing.getByRole("button", { name: "Claim my discount" }).click();
    const status = landing.locator("[data-twofold-status]");
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/is ready/);
    const friendCode = /[A-Z0-9]+-[A-Z0-9-]+/.exec((await status.textContent()) ?? "")![0];
    await bo.addToCart("demo");
    const placed = await bo.checkout({ email: "bo@example.com" });
    expect(placed).toHaveProperty("orderId");
    await j.settle();
    const boOrder = (await j.sandboxState()).orders.find((o) => o.id === (placed as { orderId: string }).orderId)!;
    expect(boOrder.discounts.map((d) => d.code)).toEqual([friendCode]);

    // Nothing before the hold ends; then the credit lands and Ada is told.
    expect(j.emailsTo("ada1@example.com")).toEqual([]);
    await j.advanceClock("15d");
    const sandbox = await j.sandboxState();
    const adaAccount = sandbox.storeCreditAccounts.find((a) => a.customerId === advocate.customerGid)!;
    expect(adaAccount.balance).toBe("10.00");
    const earned = j.emailsTo("ada1@example.com");
    expect(earned.map((m) => m.subject)).toEqual([expect.stringMatching(/^You earned \$10\.00 at /)]);
    expect(earned[0].text).toContain("store credit");

    // Ada spends it: her next checkout applies the balance.
    await ada.addToCart("demo");
    const spent = await ada.checkout({ useStoreCredit: true });
    expect(spent).toHaveProperty("orderId");
    await j.settle();
    const adaOrder = (await j.sandboxState()).orders.find((o) => o.id === (spent as { orderId: string }).orderId)!;
    expect(adaOrder.storeCreditMinor).toBe(1000);

    // Bo's order is refunded: the credit is already spent, so nothing can be taken back from
    // Shopify and the amount is recorded as owed by the advocate.
    const refund = await fetch(`${j.stack.sandbox.url}/__sandbox/orders/refund`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: j.stack.shop, orderId: boOrder.id }),
    });
    expect(refund.status).toBe(200);
    await j.settle();
    const referral = await j.stack.db.prisma.referral.findFirstOrThrow({ where: { friendEmail: "bo@example.com" } });
    expect(referral.refundedMinor).toBeGreaterThan(0n);
    const reward = await j.stack.db.prisma.reward.findFirstOrThrow({ where: { referralId: referral.id, recipient: "advocate" } });
    expect(reward).toMatchObject({ status: "reversed", reversedMinor: 0n, owedMinor: 1000n });
    // Ada's referral page says why Bo's referral no longer earns.
    await ada.page.goto(j.storeUrl("/account"));
    const handle = await ada.page.waitForSelector('iframe[data-extension-target="customer-account.page.render"]');
    const frame = (await handle.contentFrame())!;
    await expect.poll(() => frame.locator("body").innerText(), { timeout: 30_000 }).toContain("The order was refunded or cancelled");
    await ada.screenshot("account-after-refund");
    expect([...ada.errors, ...bo.errors]).toEqual([]);
  });
});
