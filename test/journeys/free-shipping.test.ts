// Journey 6: the merchant offers friends free shipping. The friend claims it on the landing
// block, the code Shopify gets is a free-shipping code, and the checkout takes the shipping
// off; the referral is recorded and the advocate's reward held like any other.
import { describe, expect, it } from "vitest";
import { useJourney } from "./journey";

describe("journey: a free-shipping friend offer", () => {
  const j = useJourney();

  it("claim → free-shipping code → shipping taken off at checkout → referral rewarded", async () => {
    await j.setUpProgram({ "friendReward.type": "free_shipping" });
    const ada = await j.shopper("ada6");
    await ada.logIn("ada6@example.com");
    const { link, code } = await ada.getLink();

    const dee = await j.shopper("dee");
    await dee.page.goto(link);
    const landing = dee.page.locator('[data-twofold-block="landing"]');
    await expect.poll(() => landing.textContent()).toMatch(/free shipping/i);
    await expect.poll(() => landing.locator("input[name=ref]").inputValue()).toBe(code);
    await landing.getByLabel("Email").fill("dee@example.com");
    await landing.getByRole("button", { name: "Claim my discount" }).click();
    const status = landing.locator("[data-twofold-status]");
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/is ready/);
    const friendCode = /[A-Z0-9]+-[A-Z0-9-]+/.exec((await status.textContent()) ?? "")![0];
    expect((await j.sandboxState()).discountCodes.find((d) => d.code === friendCode)).toMatchObject({ kind: "freeShipping", usageLimit: 1 });

    await dee.addToCart("canvas-tote");
    await dee.page.goto(j.storeUrl("/checkout"));
    await expect.poll(() => dee.page.locator('[data-summary="discount"]').textContent()).toContain("-$5.00");
    const placed = await dee.checkout({ email: "dee@example.com" });
    expect(placed).toHaveProperty("orderId");
    // The checkout extension's block on the thank-you page offers Dee her own link, from the app.
    expect(await dee.thankYouShareLink()).toMatch(/^https?:\/\/\S+\/r\/[A-Z0-9_-]+$/);
    await dee.screenshot("thank-you");
    await j.settle();

    const order = (await j.sandboxState()).orders.find((o) => o.id === (placed as { orderId: string }).orderId)!;
    expect(order.discounts).toEqual([expect.objectContaining({ code: friendCode, type: "shipping", amountMinor: 500 })]);
    expect(order.totalMinor).toBe(2500);
    const referral = await j.stack.db.prisma.referral.findFirstOrThrow({ where: { friendEmail: "dee@example.com" } });
    expect(referral.orderGid).toBe(order.id);
    expect(await j.stack.db.prisma.reward.findFirstOrThrow({ where: { referralId: referral.id, recipient: "advocate" } })).toMatchObject({ status: "held", amountMinor: 1000n });
    expect([...ada.errors, ...dee.errors]).toEqual([]);
  });
});
