// The email editor saved from a real browser keeps a ticked "Send this email" on (a Polaris
// Checkbox without a value posted "", and every save silently turned the email off).
import { describe, expect, it } from "vitest";
import { newPage, useBrowserStack } from "../helpers/browser";

describe("email editor in the admin", () => {
  const env = useBrowserStack();

  it("saving with 'Send this email' ticked keeps the email on; unticked turns it off", async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/emails?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    const save = frame.getByRole("button", { name: "Save" }).first();
    const send = frame.getByLabel("Send this email").first();
    await expect.poll(() => save.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await send.isChecked()).toBe(true);
    await save.click();
    await expect.poll(() => env.stack.db.prisma.emailTemplate.count({ where: { shopId: env.stack.shop } }), { timeout: 10_000 }).toBe(1);
    const saved = await env.stack.db.prisma.emailTemplate.findFirstOrThrow({ where: { shopId: env.stack.shop } });
    expect(saved.enabled).toBe(true);

    await send.uncheck();
    await save.click();
    await expect.poll(async () => (await env.stack.db.prisma.emailTemplate.findUniqueOrThrow({ where: { id: saved.id } })).enabled, { timeout: 10_000 }).toBe(false);
  });

  it("previews each email in the shop's own words: its name, its friend offer and its reward", async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/onboarding?shop=${env.stack.shop}`);
    const onboarding = page.frameLocator("iframe");
    await expect.poll(() => onboarding.getByRole("button", { name: "Use these settings" }).isVisible(), { timeout: 30_000 }).toBe(true);
    await onboarding.getByRole("button", { name: "Use these settings" }).click();
    await expect.poll(() => onboarding.getByText("Version 1 is in force for new referrals.").isVisible(), { timeout: 20_000 }).toBe(true);

    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/emails?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.getByRole("button", { name: "Save" }).first().isVisible(), { timeout: 30_000 }).toBe(true);
    const text = await frame.locator("body").innerText();
    expect(text).toContain("A friend sent you 15% off your first order at Twofold Test Store");
    expect(text).toContain("You earned $10.00 at Twofold Test Store");
    expect(text).not.toContain("Acme Outdoor");
    expect(text).not.toContain("10% off");
  });
});
