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
});
