// Journey 7: the merchant holds fast conversions for review; a friend buys seconds after the
// click; staff open the review queue in the sandbox admin, approve with a reason, and the
// advocate's reward lands through the ledger once the hold is over.
import { describe, expect, it } from "vitest";
import { adminRequest } from "../program/admin-http";
import { useJourney } from "./journey";

describe("journey: staff approve a flagged referral and the reward lands", () => {
  const j = useJourney();

  it("flagged order → review queue → approve → store credit", async () => {
    await j.setUpProgram();
    const { app, shop } = j.stack;
    const fraud = await adminRequest<{ form: Record<string, string> }>(app.url, { shop, path: "/app/fraud", route: "routes/app.fraud" });
    const saved = await adminRequest<{ ok: boolean }>(app.url, { shop, path: "/app/fraud", route: "routes/app.fraud", form: { ...fraud.data!.form, "rule.fast_conversion.mode": "hold" } });
    expect(saved.data).toMatchObject({ ok: true });

    const ada = await j.shopper("ada7");
    await ada.logIn("ada7@example.com");
    const { link } = await ada.getLink();
    const cy = await j.shopper("cy");
    await cy.page.goto(link);
    await cy.addToCart("wool-scarf");
    expect(await cy.checkout({ email: "cy@example.com" })).toHaveProperty("orderId");
    await j.settle();

    const staff = await j.browser.newPage({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    staff.on("pageerror", (e) => errors.push(e.message));
    await staff.goto(`${j.stack.sandbox.url}/admin/apps/twofold/review?shop=${shop}`);
    const frame = staff.frameLocator("iframe");
    const rows = frame.locator("table tbody tr");
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => rows.first().textContent()).toContain("cy@example.com");
    await rows.first().getByRole("link", { name: "Open" }).click();
    await expect.poll(() => frame.getByText(/seconds after the referral link was clicked/).first().isVisible(), { timeout: 15_000 }).toBe(true);
    await frame.getByRole("button", { name: "Approve" }).click();
    await frame.getByLabel("Reason").fill("Known customer, bought in store before");
    await frame.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => frame.getByText("Referral approved.").isVisible(), { timeout: 15_000 }).toBe(true);
    await staff.screenshot({ path: "test-results/screenshots/journey-staff-approved.png", fullPage: true });
    await j.settle();

    const adaId = (await j.sandboxState()).customers.find((c) => c.email === "ada7@example.com")!.id;
    const balance = async () => (await j.sandboxState()).storeCreditAccounts.find((a) => a.customerId === adaId)?.balance ?? "none";
    // Approval keeps the return window's hold (14 days from the order), then the credit lands.
    expect(await balance()).toBe("none");
    await j.advanceClock("15d");
    expect(await balance()).toBe("10.00");
    expect(errors).toEqual([]);
  });
});
