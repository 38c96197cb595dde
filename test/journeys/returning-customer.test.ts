// "New customers only", enforced from Shopify's own order history: a buyer who ordered at
// the shop before follows a referral link and buys; the advocate earns nothing and the
// referral's timeline says why. A brand-new buyer (no customer record before checkout) qualifies.
import { describe, expect, it } from "vitest";
import { adminRequest } from "../program/admin-http";
import { useJourney } from "./journey";

describe("journey: a returning customer's referred order earns nothing", () => {
  const j = useJourney();

  it("earlier order (never referred) → link → order → rejected with the reason; a new buyer qualifies", async () => {
    await j.setUpProgram();
    const ada = await j.shopper("ada8");
    await ada.logIn("ada8@example.com");
    const { link } = await ada.getLink();

    // Ivy bought last month, before any referral.
    const ivy = await j.shopper("ivy");
    await ivy.addToCart("demo");
    expect(await ivy.checkout({ email: "ivy@example.com" })).toHaveProperty("orderId");
    await j.settle();
    await ivy.page.goto(link);
    await ivy.addToCart("canvas-tote");
    const referred = await ivy.checkout({ email: "ivy@example.com" });
    expect(referred).toHaveProperty("orderId");

    const jo = await j.shopper("jo");
    await jo.page.goto(link);
    await jo.addToCart("canvas-tote");
    expect(await jo.checkout({ email: "jo@example.com" })).toHaveProperty("orderId");
    await j.settle();

    const ivyReferral = await j.stack.db.prisma.referral.findFirstOrThrow({ where: { orderGid: (referred as { orderId: string }).orderId } });
    expect(ivyReferral).toMatchObject({ status: "rejected", rejectionReason: "not_first_order" });
    expect(await j.stack.db.prisma.reward.count({ where: { referralId: ivyReferral.id } })).toBe(0);
    const page = await adminRequest<{ review: { timeline: { text: string }[] } }>(j.stack.app.url, { shop: j.stack.shop, path: `/app/review/${ivyReferral.id}`, route: "routes/app.review_.$id" });
    expect(page.data!.review.timeline.map((e) => e.text)).toContainEqual("Not rewarded: The friend had ordered before: 1 earlier order at this shop.");

    const joReferral = await j.stack.db.prisma.referral.findFirstOrThrow({ where: { friendEmail: "jo@example.com" } });
    expect(joReferral.status).toBe("qualified");

    // Ada's referral page (customer accounts) says why in plain words, friend by friend.
    await ada.page.goto(j.storeUrl("/account"));
    const handle = await ada.page.waitForSelector('iframe[data-extension-target="customer-account.page.render"]');
    const frame = (await handle.contentFrame())!;
    await expect.poll(() => frame.locator("body").innerText(), { timeout: 30_000 }).toContain("Your friend had ordered before");
    expect(await frame.locator("body").innerText()).toMatch(/On hold until .+ \(the return window\)/);
    await ada.screenshot("referral-page-reasons");
    expect([...ada.errors, ...ivy.errors, ...jo.errors]).toEqual([]);
  });
});
