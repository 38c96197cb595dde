// The dashboard in Chromium through the sandbox admin frame: a new shop's empty state, then the
// hand-computed fixture's numbers after the rollup job; screenshots of both.
import { describe, expect, it } from "vitest";
import { rollupShop } from "../../app/analytics/rollup.server";
import { seedDashboardFixture } from "../analytics/fixture";
import { clippedCells, newPage, screenshotPath, useBrowserStack } from "../helpers/browser";

const SHOP = "dash-test.myshopify.com";

describe("dashboard in the admin", () => {
  const env = useBrowserStack({ shop: { domain: SHOP, currencyCode: "EUR" } });

  async function open(path: string) {
    const page = await newPage(env.browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold${path}?shop=${SHOP}`);
    return { page, frame: page.frameLocator("iframe"), errors };
  }

  it("tells a merchant without referrals what to do next", async () => {
    await env.stack.db.prisma.program.create({ data: { shopId: SHOP, status: "active" } });
    const { page, frame, errors } = await open("");
    await expect.poll(() => frame.getByText("No referrals yet").isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await frame.getByText("Referral program").isVisible()).toBe(true);
    expect(await frame.getByText(`Connected to ${SHOP}.`).isVisible()).toBe(true);
    expect(await frame.getByText("Add the Twofold advocate block", { exact: false }).isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath("dashboard-empty"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("shows the period's numbers, chart, top advocates and recent referrals", async () => {
    await env.stack.db.prisma.program.delete({ where: { shopId: SHOP } });
    await env.stack.db.prisma.shop.delete({ where: { id: SHOP } });
    await seedDashboardFixture(env.stack.db.prisma);
    await rollupShop(env.stack.db.prisma, SHOP);
    const { page, frame, errors } = await open("");
    await expect.poll(() => frame.getByText("Referred revenue").isVisible(), { timeout: 30_000 }).toBe(true);
    // Choose the 365-day period so the fixture's November 2026 days are inside it.
    const select = frame.getByLabel("Period");
    await select.selectOption("365");
    await expect.poll(() => frame.getByText("Top advocates").isVisible(), { timeout: 30_000 }).toBe(true);
    const text = await frame.locator("body").innerText();
    expect(text).toContain("€");
    expect(text).toContain("anna@example.com");
    expect(text).toContain("Recent referrals");
    // Referred average order value next to every paid order's, with the difference.
    expect(text).toContain("Average order, all orders");
    expect(text).toMatch(/[+-]\d+% vs all orders/);
    await expect.poll(() => frame.getByTestId("trend-chart").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: screenshotPath("dashboard-data"), fullPage: true });
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300);
      expect(await clippedCells(frame), `${width} px`).toEqual([]);
    }
    expect(errors).toEqual([]);
  });
});
