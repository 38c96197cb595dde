// The email editor saved from a real browser keeps a ticked "Send this email" on (a Polaris
// Checkbox without a value posted "", and every save silently turned the email off).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage } from "../helpers/browser";
import { startStack, type Stack } from "../helpers/stack";

describe("email editor in the admin", () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("saving with 'Send this email' ticked keeps the email on; unticked turns it off", async () => {
    const page = await newPage(browser);
    await page.goto(`${stack.sandbox.url}/admin/apps/twofold/emails?shop=${stack.shop}`);
    const frame = page.frameLocator("iframe");
    const save = frame.getByRole("button", { name: "Save" }).first();
    const send = frame.getByLabel("Send this email").first();
    await expect.poll(() => save.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await send.isChecked()).toBe(true);
    await save.click();
    await expect.poll(() => stack.db.prisma.emailTemplate.count({ where: { shopId: stack.shop } }), { timeout: 10_000 }).toBe(1);
    const saved = await stack.db.prisma.emailTemplate.findFirstOrThrow({ where: { shopId: stack.shop } });
    expect(saved.enabled).toBe(true);

    await send.uncheck();
    await save.click();
    await expect.poll(async () => (await stack.db.prisma.emailTemplate.findUniqueOrThrow({ where: { id: saved.id } })).enabled, { timeout: 10_000 }).toBe(false);
  });
});
