// Journey 3: "after first order" mode. The friend follows the link and pays without a code;
// the paid order issues the friend's code (emailed), which works on their next order and is
// refused on a third.
import { describe, expect, it } from "vitest";
import { useJourney } from "./journey";

describe("journey: after the first order the friend's code arrives and works once", () => {
  const j = useJourney();

  it("first order by link → code by email → second order with it → third refused", async () => {
    await j.setUpProgram({ "friendReward.issueMode": "after_first_order" });
    const ada = await j.shopper("ada3");
    const { link } = await ada.getLink("ada3@example.com");

    const ben = await j.shopper("ben");
    await ben.page.goto(link);
    await ben.addToCart("demo");
    const first = await ben.checkout({ email: "ben@example.com" });
    expect(first).toHaveProperty("orderId");
    await j.settle();

    const mail = j.emailsTo("ben@example.com");
    expect(mail).toHaveLength(1);
    const code = /\b(FRIEND-[A-Z0-9-]+)\b/.exec(mail[0].text)?.[1];
    expect(code, mail[0].text).toBeDefined();
    const sandbox = await j.sandboxState();
    expect(sandbox.orders.find((o) => o.id === (first as { orderId: string }).orderId)!.discounts).toEqual([]);

    await ben.addToCart("wool-scarf");
    const second = await ben.checkout({ email: "ben@example.com", code });
    expect(second).toHaveProperty("orderId");
    const after = await j.sandboxState();
    expect(after.orders.find((o) => o.id === (second as { orderId: string }).orderId)!.discounts).toEqual([expect.objectContaining({ code, type: "percentage", amountMinor: 1200 })]);

    await ben.addToCart("canvas-tote");
    const third = await ben.checkout({ email: "ben@example.com", code });
    expect(third).toEqual({ error: expect.stringMatching(/usage limit|already been used/) });
    await ben.screenshot("code-refused");
    expect([...ada.errors, ...ben.errors]).toEqual([]);
  });
});
