// The failed-rewards table in headless Chromium inside the sandbox's admin frame: every column,
// "Referral" included, readable whole at the widths merchants use (issue 19).
import { beforeAll, describe, expect, it } from "vitest";
import { upsertShop } from "../../sandbox/admin/state";
import { orderPayload } from "../../sandbox/storefront/payloads";
import { clippedCells, newPage, screenshotPath, useBrowserStack } from "../helpers/browser";
import { activateProgram, createAdvocate, sandboxCustomer } from "../pipeline/pipeline-fixtures";

describe("failed rewards in the admin", () => {
  const env = useBrowserStack();

  beforeAll(async () => {
    const stack = env.stack;
    await activateProgram(stack.db.prisma, stack.shop);
    // The advocate's account would go over the store's credit limit (10.00 < 15.00): refused for good.
    upsertShop(stack.sandbox.state, { domain: stack.shop, storeCreditLimit: "10" });
    for (const [code, email, friendEmail] of [["LIMITED", "lim@example.com", "f1@example.com"], ["LONGERCODE", "longer@example.com", "f2@example.com"]] as const) {
      const advocate = sandboxCustomer(stack.sandbox.state, stack.shop, email);
      await createAdvocate(stack.db.prisma, stack.shop, code, advocate);
      const friend = sandboxCustomer(stack.sandbox.state, stack.shop, friendEmail);
      const order = orderPayload({ customer: { id: friend.id, email: friend.email }, noteAttributes: [{ name: "_twofold_ref", value: code }], lineItems: [{ title: "Boots", price: "80.00" }] });
      expect((await stack.deliver({ topic: "orders/paid", payload: order })).status).toBe(200);
    }
    await stack.drainJobs();
    expect(await stack.db.prisma.reward.count({ where: { shopId: stack.shop, status: "failed" } })).toBe(2);
  }, 180_000);

  it("shows every column whole at 1440 and 1024 px", async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/rewards/failed?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.locator("table tbody tr").count(), { timeout: 30_000 }).toBe(2);
    await expect(frame.locator("table thead").textContent()).resolves.toContain("Referral");
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300); // Polaris measures the table on resize
      await page.screenshot({ path: screenshotPath(`failed-rewards-${width}`), fullPage: true });
      expect(await clippedCells(frame), `${width} px`).toEqual([]);
    }
  });
});
