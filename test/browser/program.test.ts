// The incentive editor in headless Chromium inside the sandbox's admin frame: edit, save
// through the contextual save bar, see the toast and the new version in the history.
import { describe, expect, it } from "vitest";
import { openAdminPage, screenshotPath, useBrowserStack } from "../helpers/browser";

describe("program editor in the admin", () => {
  const env = useBrowserStack();

  it("walks a first-time merchant through onboarding to a saved, paused program", async () => {
    const { page, frame, errors } = await openAdminPage(env, "onboarding", "Two-sided referrals, in three steps");
    // Said to the merchant: the friend's first order is "their", not "your", first order.
    expect(await frame.getByText(/A friend who opens the link gets/).textContent()).toContain("gets 15% off their first order.");
    await page.screenshot({ path: screenshotPath("program-onboarding"), fullPage: true });
    await frame.getByRole("button", { name: "Use these settings" }).click();
    await expect.poll(() => frame.getByText("Version 1 is in force for new referrals.").isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await env.stack.db.prisma.program.findUniqueOrThrow({ where: { shopId: env.stack.shop } })).toMatchObject({ status: "paused" });
    expect(errors).toEqual([]);
  });

  it("keeps what the merchant typed after a refused save, with each error next to its value", async () => {
    const { page, frame, app, errors } = await openAdminPage(env, "program", "Friend's reward");

    const longMessage = `Use my link {{link}} ${"to get a great deal ".repeat(150)}`;
    await frame.getByLabel("Discount", { exact: true }).fill("");
    await frame.getByLabel("Reward amount").fill("-5");
    await frame.getByLabel("Hold period (days)").fill("-3");
    await frame.getByLabel("Share message", { exact: true }).fill(longMessage);
    await expect.poll(() => app.locator("#sandbox-save-bar").getAttribute("hidden")).toBeNull();
    await app.locator("#sandbox-save-bar [data-action=save]").click();
    await expect.poll(() => app.locator("#sandbox-toast").getAttribute("data-error"), { timeout: 10_000 }).toBe("true");
    await expect.poll(() => frame.getByText("The program was not saved").isVisible()).toBe(true);

    // The page's data is read again after the save: the typed values must survive it.
    const field = (label: string, exact = false) => frame.getByLabel(label, { exact });
    expect(await field("Discount", true).inputValue()).toBe("");
    expect(await field("Reward amount").inputValue()).toBe("-5");
    expect(await field("Hold period (days)").inputValue()).toBe("-3");
    expect(await field("Share message", true).inputValue()).toBe(longMessage);
    // Each error sits under the value it is about (Polaris links them by aria-describedby).
    const errorOf = (label: string, exact = false) =>
      field(label, exact).evaluate((input) => {
        const ids = (input.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
        return ids.map((id) => input.ownerDocument.getElementById(id)?.textContent ?? "").join(" ");
      });
    await expect(errorOf("Discount", true)).resolves.toContain("Enter the friend's discount percentage");
    await expect(errorOf("Reward amount")).resolves.toContain("The advocate's reward must be more than zero");
    await expect(errorOf("Hold period (days)")).resolves.toContain("The hold period cannot be negative");
    await expect(errorOf("Share message", true)).resolves.toContain("The share message is limited to 500 characters");
    // Still unsaved: the save bar stays up so the merchant can fix and save again.
    expect(await app.locator("#sandbox-save-bar").getAttribute("hidden")).toBeNull();
    await app.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath("program-refused-save"), fullPage: true });
    expect(await env.stack.db.prisma.programVersion.count({ where: { shopId: env.stack.shop } })).toBe(1);

    // Discard goes back to the saved program.
    await app.locator("#sandbox-save-bar [data-action=discard]").click();
    await expect.poll(() => field("Reward amount").inputValue()).toBe("10.00");
    expect(errors).toEqual([]);
  });

  it("edits the rewards, saves from the save bar, shows the toast, the preview and the new version", async () => {
    const { page, frame, app, errors } = await openAdminPage(env, "program", "Friend's reward");

    // Invalid first: the error sits next to its field and nothing is saved.
    await frame.getByLabel("Discount", { exact: true }).fill("150");
    // Checked as typed, with the schema the server uses…
    await expect.poll(() => frame.getByText("The friend's discount must be between 1 and 100").isVisible()).toBe(true);
    // …and refused by the server if saved anyway.
    await expect.poll(() => app.locator("#sandbox-save-bar").getAttribute("hidden")).toBeNull();
    await app.locator("#sandbox-save-bar [data-action=save]").click();
    await expect.poll(() => frame.getByText("The friend's discount must be between 1 and 100").isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => app.locator("#sandbox-toast").getAttribute("data-error")).toBe("true");
    expect(await frame.getByLabel("Discount", { exact: true }).inputValue()).toBe("150");
    expect(await env.stack.db.prisma.programVersion.count({ where: { shopId: env.stack.shop } })).toBe(1);

    await frame.getByLabel("Discount", { exact: true }).fill("20");
    await frame.getByLabel("Reward amount").fill("12.50");
    await frame.getByLabel("Note for the history (optional)").fill("Spring push");
    await expect.poll(() => frame.getByTestId("preview-friend").textContent()).toContain("20% off your first order");
    await expect(frame.getByTestId("preview-advocate").textContent()).resolves.toContain("$12.50 in store credit");
    // The default terms were never edited by hand: they follow the new rewards.
    await expect(frame.getByLabel("Program terms").inputValue()).resolves.toContain("You get $12.50 in store credit");
    await app.locator("#sandbox-save-bar [data-action=save]").click();

    await expect.poll(() => app.locator("#sandbox-toast").textContent(), { timeout: 10_000 }).toBe("Program saved as version 2");
    await expect.poll(() => frame.getByText("Version 2 is in force for new referrals.").isVisible()).toBe(true);
    const latest = frame.locator('[data-testid=program-history] li[data-version="2"]');
    await expect(latest.textContent()).resolves.toContain("Friend discount: 15% → 20%");
    await expect(latest.textContent()).resolves.toContain("Advocate reward: $10.00 → $12.50");
    await expect(latest.textContent()).resolves.toContain("Program terms rewritten from the settings");
    await expect(latest.textContent()).resolves.toContain("Spring push");
    // After the save the bar is gone from the screen, not just marked hidden.
    await expect.poll(() => app.locator("#sandbox-save-bar").getAttribute("hidden")).toBe("");
    await expect.poll(() => app.locator("#sandbox-save-bar").isVisible()).toBe(false);
    await app.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath("program-editor"), fullPage: true });
    await latest.screenshot({ path: screenshotPath("program-history") });

    const stored = await env.stack.db.prisma.programVersion.findFirstOrThrow({ where: { shopId: env.stack.shop, version: 2 } });
    expect(stored.config).toMatchObject({ friendReward: { percent: 20 }, advocateReward: { amountMinor: 1250 } });
    expect((stored.config as { terms: string }).terms).toContain("Your friend gets 20% off their first order.");

    await frame.getByRole("button", { name: "Turn program on" }).click();
    await expect.poll(() => app.locator("#sandbox-toast").textContent(), { timeout: 10_000 }).toBe("Program is on");
    await expect.poll(() => frame.getByRole("button", { name: "Pause program" }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it("warns when the rewards change under terms written by hand, and rewrites them on request", async () => {
    const { page, frame, app, errors } = await openAdminPage(env, "program", "Friend's reward");
    const terms = frame.getByLabel("Program terms");
    const warning = frame.getByTestId("terms-warning");
    await expect(frame.getByText("Written by Twofold from your settings").isVisible()).resolves.toBe(true);

    // The merchant writes their own terms and saves them.
    const own = "Friends get 20% off their first order. You get $12.50 for each friend who orders.";
    await terms.fill(own);
    await expect.poll(() => app.locator("#sandbox-save-bar").getAttribute("hidden")).toBeNull();
    await app.locator("#sandbox-save-bar [data-action=save]").click();
    await expect.poll(() => app.locator("#sandbox-toast").textContent(), { timeout: 10_000 }).toBe("Program saved as version 3");
    await expect.poll(() => frame.getByText("Your own words: they stay as you write them").isVisible()).toBe(true);
    expect(await warning.count()).toBe(0);

    // Later the offer changes: the terms stay as written, and the editor says they may contradict it.
    await frame.getByLabel("Discount", { exact: true }).fill("25");
    await expect.poll(() => frame.getByTestId("preview-friend").textContent()).toContain("25% off your first order");
    await expect.poll(() => warning.isVisible()).toBe(true);
    await expect(warning.textContent()).resolves.toContain("Your program terms may no longer match the rewards");
    await expect(warning.textContent()).resolves.toContain("Friend discount: 20% → 25%");
    expect(await terms.inputValue()).toBe(own);
    await app.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath("program-terms-warning"), fullPage: true });

    await warning.getByRole("button", { name: "Rewrite terms from these settings" }).click();
    await expect.poll(() => terms.inputValue()).toContain("Your friend gets 25% off their first order.");
    await expect.poll(() => warning.count()).toBe(0);
    await app.locator("#sandbox-save-bar [data-action=save]").click();
    await expect.poll(() => app.locator("#sandbox-toast").textContent(), { timeout: 10_000 }).toBe("Program saved as version 4");
    const stored = await env.stack.db.prisma.programVersion.findFirstOrThrow({ where: { shopId: env.stack.shop, version: 4 } });
    expect((stored.config as { terms: string }).terms).toContain("Your friend gets 25% off their first order.");
    // Rewritten, the terms follow the settings again.
    await expect.poll(() => frame.getByText("Written by Twofold from your settings").isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });
});
