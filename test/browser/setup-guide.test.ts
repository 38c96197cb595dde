// Issue 20, two-minute set-up: the admin home's setup guide ticks each step from what the shop
// really has. The app embed and the advocate block are read from the sandbox shop's published
// theme (themes / files through the Admin API, read_themes), switched the way a merchant does
// in the theme editor (POST /__sandbox/theme), and seen again with "Check again".
import { describe, expect, it } from "vitest";
import { DEFAULT_SCOPES } from "../../sandbox/admin/access";
import { TEST_API_KEY } from "../helpers/app-server";
import { newPage, screenshotPath, useBrowserStack } from "../helpers/browser";
import { sandboxDiscountCodes, startProgram } from "../storefront/helpers";

describe("setup guide on the admin home", () => {
  const env = useBrowserStack();

  const theme = async (change: { appEmbed?: boolean; advocateBlock?: string | null }) => {
    const res = await fetch(`${env.stack.sandbox.url}/__sandbox/theme`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ shop: env.stack.shop, ...change }) });
    expect(res.status).toBe(200);
  };

  it("shows the embed and the advocate block off, then on after the merchant turns them on and checks again", async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.getByText("Setup guide").isVisible(), { timeout: 30_000 }).toBe(true);
    const step = (id: string) => frame.locator(`#setup-step-${id}`);

    // The page does not wait on Shopify: a job reads the theme; "Check again" reads it now.
    await frame.getByRole("button", { name: "Check again" }).click();
    await expect.poll(() => step("embed").innerText(), { timeout: 20_000 }).toMatch(/Off in Dawn/);
    expect(await step("embed").innerText()).toMatch(/To do/);
    expect(await step("advocate-block").innerText()).toMatch(/Not on any page/);
    // The same check reads the customer-accounts version (the sandbox shop has new customer accounts).
    expect(await step("store-credit").innerText()).toMatch(/Done[\s\S]*new customer accounts/);
    const link = await step("embed").getByRole("link", { name: "Open the theme editor" }).getAttribute("href");
    expect(link).toBe(`https://${env.stack.shop}/admin/themes/current/editor?context=apps&activateAppId=${encodeURIComponent(`${TEST_API_KEY}/referral-embed`)}`);
    await page.screenshot({ path: screenshotPath("setup-guide-off"), fullPage: true });
    const before = Number(/(\d) of 6 done/.exec(await frame.locator("#setup-guide-progress").innerText())![1]);

    await theme({ appEmbed: true, advocateBlock: "product" });
    await frame.getByRole("button", { name: "Check again" }).click();
    await expect.poll(() => step("embed").innerText(), { timeout: 20_000 }).toMatch(/On in Dawn/);
    expect(await step("embed").innerText()).toMatch(/Done/);
    expect(await step("advocate-block").innerText()).toMatch(/Placed on: product/);
    expect(await frame.locator("#setup-guide-progress").innerText()).toBe(`${before + 2} of 6 done`);
    await page.screenshot({ path: screenshotPath("setup-guide-on"), fullPage: true });

    // Off again in the theme editor: the guide says so at the next check.
    await theme({ appEmbed: false });
    await frame.getByRole("button", { name: "Check again" }).click();
    await expect.poll(() => step("embed").innerText(), { timeout: 20_000 }).toMatch(/Off in Dawn/);
  });

  it("says the theme cannot be read, rather than 'Checking…' for ever, when the shop has not granted read_themes", async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.getByText("Setup guide").isVisible(), { timeout: 30_000 }).toBe(true);
    // The tokens the app holds for the shop (offline and online) lose read_themes, as for a shop installed before the scope.
    const sessions = await env.stack.db.prisma.session.findMany({ where: { shop: env.stack.shop }, select: { accessToken: true } });
    const restrict = (scopes: string | undefined) =>
      Promise.all(
        sessions.map(async ({ accessToken }) => {
          const res = await fetch(`${env.stack.sandbox.url}/__sandbox/tokens`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ shop: env.stack.shop, accessToken, scopes }),
          });
          expect(res.status).toBe(200);
        }),
      );
    await restrict("write_customers,read_orders,write_discounts");
    try {
      await frame.getByRole("button", { name: "Check again" }).click();
      const step = (id: string) => frame.locator(`#setup-step-${id}`);
      await expect.poll(() => step("embed").innerText(), { timeout: 20_000 }).toMatch(/cannot read your theme yet/);
      expect(await step("advocate-block").innerText()).toMatch(/cannot read your theme yet/);
      // The profile half of the check still ran.
      expect(await step("store-credit").innerText()).toMatch(/new customer accounts/);
      await page.screenshot({ path: screenshotPath("setup-guide-no-theme-access"), fullPage: true });
    } finally {
      await restrict(DEFAULT_SCOPES);
    }
  });

  it("runs a test referral on the shop once the program is saved: Shopify makes the friend's discount, which is deleted again", async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    const step = frame.locator("#setup-step-test-referral");
    await expect.poll(() => step.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await step.innerText()).toMatch(/Save your program first/);
    expect(await step.getByRole("button").count()).toBe(0);

    await startProgram(env.stack);
    await page.reload();
    // Without write_discounts Shopify refuses, and the step says so in words.
    const sessions = await env.stack.db.prisma.session.findMany({ where: { shop: env.stack.shop }, select: { accessToken: true } });
    const scopes = (value: string) =>
      Promise.all(
        sessions.map(({ accessToken }) =>
          fetch(`${env.stack.sandbox.url}/__sandbox/tokens`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ shop: env.stack.shop, accessToken, scopes: value }) }),
        ),
      );
    await scopes("read_orders,read_themes");
    await step.getByRole("button", { name: "Run a test referral" }).click();
    await expect.poll(() => step.innerText(), { timeout: 20_000 }).toMatch(/may not create discounts on your shop yet/);
    await scopes(DEFAULT_SCOPES);

    await step.getByRole("button", { name: "Run a test referral" }).click();
    await expect.poll(() => step.innerText(), { timeout: 20_000 }).toMatch(/Done/);
    expect(await step.innerText()).toContain(
      "A friend's first order of $100.00 gets $15.00 off (15% off their first order); their advocate earns $10.00 in store credit",
    );
    await page.screenshot({ path: screenshotPath("setup-guide-test-referral"), fullPage: true });
    const audits = await env.stack.db.prisma.auditLog.findMany({ where: { shopId: env.stack.shop, action: "setup.test_referral" } });
    expect(audits).toHaveLength(1);
    const code = (audits[0].data as { code: string }).code;
    expect(code).toMatch(/^TWOFOLD-TEST-[0-9A-F]{10}$/);
    // The test code does not stay on the shop.
    const left = (await sandboxDiscountCodes(env.stack)).flatMap((d) => [d.code, ...(d.codes ?? [])]);
    expect(left).not.toContain(code);
  });

  it("rounds its progress for screen readers and, when the last step ticks, says all is set until the merchant dismisses it", async () => {
    // After the tests above: program saved and live, test referral run, advocate block placed, embed off.
    const page = await newPage(env.browser);
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.getByText("Setup guide").isVisible(), { timeout: 30_000 }).toBe(true);
    await frame.getByRole("button", { name: "Check again" }).click();
    await expect.poll(() => frame.locator("#setup-guide-progress").innerText(), { timeout: 20_000 }).toBe("5 of 6 done");
    // The progress bar's text for screen readers: a whole percentage, not 83.33333333333334%.
    expect(await frame.locator(".Polaris-ProgressBar__Label").textContent()).toBe("83%");

    await theme({ appEmbed: true });
    await frame.getByRole("button", { name: "Check again" }).click();
    await expect.poll(() => frame.getByText("You're all set").isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await frame.locator("#setup-guide-progress").innerText()).toBe("6 of 6 done");
    await page.screenshot({ path: screenshotPath("setup-guide-all-set"), fullPage: true });
    // Still there after a reload, until dismissed.
    await page.reload();
    await expect.poll(() => frame.getByText("You're all set").isVisible(), { timeout: 30_000 }).toBe(true);
    await frame.getByRole("button", { name: "Dismiss" }).click();
    await expect.poll(() => frame.getByText("Setup guide").count(), { timeout: 20_000 }).toBe(0);
    await page.reload();
    await expect.poll(() => frame.getByText("Referral program").first().isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await frame.getByText("Setup guide").count()).toBe(0);
    await page.screenshot({ path: screenshotPath("setup-guide-dismissed"), fullPage: true });
  });

  it("is read through the Admin API with read_themes, which the sandbox refuses without the scope", async () => {
    const token = (await (await fetch(`${env.stack.sandbox.url}/__sandbox/tokens`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ shop: env.stack.shop, scopes: "read_orders" }) })).json()) as { accessToken: string };
    const res = await fetch(`${env.stack.sandbox.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token.accessToken, "X-Shopify-Shop-Domain": env.stack.shop },
      body: JSON.stringify({ query: "{ themes(first: 1, roles: [MAIN]) { nodes { name } } }" }),
    });
    const body = (await res.json()) as { data: { themes: unknown }; errors?: { extensions?: { code?: string } }[] };
    expect(body.data.themes).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe("ACCESS_DENIED");
  });
});
