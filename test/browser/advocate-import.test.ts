// Inviting existing customers in headless Chromium inside the sandbox's admin frame: from the
// Advocates page to "Invite customers", a small CSV dropped on the upload, then the run's page
// shows its progress (polled while the jobs work) up to 100% and the refused rows with their
// reasons. An earlier advocate is made by the app proxy, customers live in the sandbox.
import { describe, expect, it } from "vitest";
import { addCustomer } from "../../sandbox/admin/state";
import { newPage, screenshotPath, useBrowserStack } from "../helpers/browser";
import { activateProgram } from "../pipeline/pipeline-fixtures";
import { proxyPost } from "../storefront/helpers";

describe("advocate import in the admin", () => {
  const env = useBrowserStack();

  it("uploads a CSV, shows the progress reach 100% and the refused rows with their reasons", async () => {
    const stack = env.stack;
    await activateProgram(stack.db.prisma, stack.shop);
    const shop = stack.sandbox.state.shops.get(stack.shop)!;
    addCustomer(stack.sandbox.state, shop, { id: "810000000000000001", email: "known.customer@example.com", firstName: "Kim" });
    expect((await proxyPost(stack, "/advocate", { email: "already.here@example.com" })).status).toBe(200);
    await stack.drainJobs();
    const csv = [
      "email,customer id,name",
      "ada.import@example.com,,Ada Lovelace",
      "known.customer@example.com,810000000000000001,Kim",
      "not an email,,Broken",
      "ADA.import@example.com,,Ada again",
      "ghost@example.com,810000000000000999,Ghost",
      "already.here@example.com,,Already",
    ].join("\n");

    const page = await newPage(env.browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${stack.sandbox.url}/admin/apps/twofold/advocates?shop=${stack.shop}`);
    const frame = page.frameLocator("iframe");
    await frame.getByRole("link", { name: "Invite customers" }).or(frame.getByRole("button", { name: "Invite customers" })).first().click({ timeout: 30_000 });
    await expect.poll(() => frame.getByText("Upload a CSV").isVisible(), { timeout: 30_000 }).toBe(true);
    await frame.locator("input[type=file]").setInputFiles({ name: "customers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await expect.poll(() => frame.getByText("customers.csv").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: screenshotPath("advocate-import-upload"), fullPage: true });
    await frame.getByRole("button", { name: "Import", exact: true }).click();
    await expect.poll(() => frame.getByText("Import: customers.csv", { exact: true }).isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => frame.getByText("In progress").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: screenshotPath("advocate-import-running"), fullPage: true });

    await stack.drainJobs();
    // The page polls the run: it shows 100% without a reload.
    await expect.poll(() => frame.getByText(/^100% · 6 of 6 rows · 2 new advocates · 4 refused$/).isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => frame.locator(".Polaris-DataTable tbody tr").count(), { timeout: 10_000 }).toBe(4);
    const report = await frame.locator(".Polaris-DataTable tbody").innerText();
    expect(report).toContain("Not an email address");
    expect(report).toContain("Duplicate: the same person is on an earlier line of the file");
    expect(report).toContain("No customer with this id in your store");
    expect(report).toContain("Duplicate: already an advocate");
    await page.screenshot({ path: screenshotPath("advocate-import-done"), fullPage: true });

    const created = await stack.db.prisma.advocate.findMany({ where: { shopId: stack.shop }, select: { email: true, customerGid: true } });
    expect(created).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ email: "ada.import@example.com" }),
        expect.objectContaining({ customerGid: "gid://shopify/Customer/810000000000000001" }),
      ]),
    );
    expect(await stack.db.prisma.auditLog.count({ where: { shopId: stack.shop, action: "advocate.import_started" } })).toBe(1);
    expect(errors).toEqual([]);
  }, 180_000);

  it("says a file that is not a CSV cannot be imported, keeps the other choices, and takes a CSV chosen next", async () => {
    const stack = env.stack;
    const page = await newPage(env.browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${stack.sandbox.url}/admin/apps/twofold/advocates/import?shop=${stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.getByText("Upload a CSV").isVisible(), { timeout: 30_000 }).toBe(true);
    const invite = frame.getByLabel("Email each new advocate an invitation with their link").first();
    await invite.check({ force: true });
    const importButton = frame.getByRole("button", { name: "Import", exact: true });

    await frame.locator("input[type=file]").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) });
    await expect.poll(() => frame.getByText("“logo.png” is not a CSV file", { exact: false }).isVisible(), { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: screenshotPath("advocate-import-not-csv"), fullPage: true });
    expect(await importButton.isDisabled()).toBe(true);
    expect(await invite.isChecked()).toBe(true);

    await frame.locator("input[type=file]").setInputFiles({ name: "more.csv", mimeType: "text/csv", buffer: Buffer.from("email\nzed.import@example.com\n") });
    await expect.poll(() => frame.getByText(/^more\.csv \(\d+ KB\)$/).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await frame.getByText("is not a CSV file", { exact: false }).count()).toBe(0);
    expect(await importButton.isEnabled()).toBe(true);
    expect(await invite.isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });
});
