// Staff review in headless Chromium inside the sandbox's admin frame: filter the queue to one
// advocate, open the held referral, approve it with a reason; the reward then goes out once.
// A bulk decision leaves no stale selection behind.
import { beforeAll, describe, expect, it } from "vitest";
import { orderPayload } from "../../sandbox/storefront/payloads";
import { clippedCells, newPage, openAdminPage, screenshotPath, useBrowserStack } from "../helpers/browser";
import { activateProgram, createAdvocate, issuedInSandbox, sandboxCustomer } from "../pipeline/pipeline-fixtures";

describe("review queue in the admin", () => {
  const env = useBrowserStack();
  const advocates: Record<string, { gid: string }> = {};

  beforeAll(async () => {
    const stack = env.stack;
    await activateProgram(stack.db.prisma, stack.shop);
    await stack.db.prisma.fraudSettings.create({ data: { shopId: stack.shop, settings: { threshold: 60, rules: { self_referral: { action: "hold" } } } } });
    // Four advocates who each bought through their own link: all held for review.
    for (const [code, email] of [["NORA", "nora@example.com"], ["OTTO", "otto@example.com"], ["PIA", "pia@example.com"], ["QUIN", "quin@example.com"]] as const) {
      const customer = sandboxCustomer(stack.sandbox.state, stack.shop, email);
      advocates[code] = customer;
      await createAdvocate(stack.db.prisma, stack.shop, code, customer);
      await stack.deliver({ topic: "orders/paid", payload: orderPayload({ email, customer: { id: customer.id, email }, noteAttributes: [{ name: "_twofold_ref", value: code }], lineItems: [{ title: "Coat", price: "80.00" }] }) });
    }
    await stack.drainJobs();
    expect(await stack.db.prisma.referral.count({ where: { shopId: stack.shop, status: "held" } })).toBe(4);
  }, 180_000);

  it("shows every column of the queue whole at 1440 and 1024 px", async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/review?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.locator("table tbody tr").count(), { timeout: 30_000 }).toBe(4);
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300); // Polaris measures the table on resize
      await page.screenshot({ path: screenshotPath(`review-queue-${width}`), fullPage: true });
      expect(await clippedCells(frame), `${width} px`).toEqual([]);
    }
  });

  it("filters the queue, opens a referral, approves it with a reason", async () => {
    // The sandbox's App Bridge signs session tokens for staff user 1.
    const { page, frame, errors } = await openAdminPage(env, "review", "The buyer looks like the advocate");
    const rows = frame.locator("table tbody tr");
    await expect.poll(() => rows.count()).toBe(4);
    await expect(frame.getByText("The buyer looks like the advocate").first().isVisible()).resolves.toBe(true);

    // Filter to one advocate.
    await frame.getByLabel("Advocate code or friend email").fill("NORA");
    await frame.getByRole("button", { name: "Filter" }).click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    await expect(rows.first().textContent()).resolves.toContain("NORA");
    await page.screenshot({ path: screenshotPath("review-queue-filtered"), fullPage: true });

    // Open it.
    await rows.first().getByRole("link", { name: "Open" }).click();
    await expect.poll(() => frame.getByRole("heading", { name: "Referral by NORA" }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect(frame.getByText("The buyer looks like the advocate").first().isVisible()).resolves.toBe(true);

    // Approve without a reason is refused; with one it goes through.
    await frame.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => frame.getByText("Give a reason (it goes to the audit log)").isVisible(), { timeout: 10_000 }).toBe(true);
    await frame.getByLabel("Reason").fill("Regular customer, checked by phone");
    await frame.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => frame.getByText("Referral approved.").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: screenshotPath("review-approved"), fullPage: true });

    const nora = await env.stack.db.prisma.referral.findFirstOrThrow({ where: { shopId: env.stack.shop, advocate: { code: "NORA" } } });
    expect(nora).toMatchObject({ status: "qualified", reviewedBy: "staff:1", reviewNote: "Regular customer, checked by phone" });
    expect(await env.stack.db.prisma.auditLog.count({ where: { subjectId: nora.id, action: "review.approved", actor: "staff:1" } })).toBe(1);
    // The others are still waiting.
    expect((await env.stack.db.prisma.referral.findFirstOrThrow({ where: { shopId: env.stack.shop, advocate: { code: "OTTO" } } })).status).toBe("held");
    await env.stack.drainJobs();
    const credits = issuedInSandbox(env.stack.sandbox.state, env.stack.shop).credits;
    expect(credits.get(advocates.NORA.gid)).toEqual([expect.objectContaining({ amountMinor: 1500 })]);
    expect(credits.get(advocates.OTTO.gid)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it("rejects two selected referrals at once, then shows no stale selection: the header, the remaining row and the buttons agree", async () => {
    const { page, frame, errors } = await openAdminPage(env, "review", "The buyer looks like the advocate");
    const rows = frame.locator("table tbody tr");
    await expect.poll(() => rows.count()).toBe(3);
    const row = (code: string) => rows.filter({ hasText: code });
    const ticked = (code: string) => row(code).locator("input[type=checkbox]").isChecked();
    await row("OTTO").locator("input[type=checkbox]").check({ force: true });
    await row("PIA").locator("input[type=checkbox]").check({ force: true });
    await expect.poll(() => frame.getByText("2 selected").first().isVisible(), { timeout: 10_000 }).toBe(true);
    await frame.getByLabel("Reason").fill("Same household, checked");
    await frame.getByRole("button", { name: "Reject selected" }).click();
    await expect.poll(() => frame.getByText("2 referrals rejected.").isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    await page.screenshot({ path: screenshotPath("review-bulk-rejected"), fullPage: true });

    // Nothing is selected any more: no "2 selected" header over an unticked row, buttons off.
    // (Polaris keeps its last count in a hidden label: only what shows counts.)
    expect(await frame.getByText(/\d+ selected/).filter({ visible: true }).count()).toBe(0);
    const header = frame.locator("thead input[type=checkbox]").first();
    expect(await header.evaluate((el: HTMLInputElement) => el.checked || el.indeterminate || el.getAttribute("aria-checked") === "mixed")).toBe(false);
    await frame.locator("thead").first().screenshot({ path: screenshotPath("review-bulk-rejected-header") });
    expect(await ticked("QUIN")).toBe(false);
    expect(await frame.getByRole("heading", { name: "Select referrals to approve or reject" }).isVisible()).toBe(true);
    expect(await frame.getByRole("button", { name: "Reject selected" }).isDisabled()).toBe(true);
    // Ticking the row left selects exactly it.
    await row("QUIN").locator("input[type=checkbox]").check({ force: true });
    await expect.poll(() => frame.getByText("1 selected").first().isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await frame.getByRole("button", { name: "Reject selected" }).isEnabled()).toBe(true);
    await page.screenshot({ path: screenshotPath("review-bulk-next-selection"), fullPage: true });

    const statuses = await env.stack.db.prisma.referral.findMany({ where: { shopId: env.stack.shop }, select: { status: true, advocate: { select: { code: true } } } });
    expect(Object.fromEntries(statuses.map((r) => [r.advocate.code, r.status]))).toEqual({ NORA: "qualified", OTTO: "rejected", PIA: "rejected", QUIN: "held" });
    expect(errors).toEqual([]);
  });

  it("fraud checks page: a bad value shows its error and saves nothing, good values save", async () => {
    const { page, frame, errors } = await openAdminPage(env, "fraud", "Disposable email");
    const before = await env.stack.db.prisma.fraudSettings.findUniqueOrThrow({ where: { shopId: env.stack.shop } });

    await frame.getByLabel("Threshold (1–100)").fill("0");
    await frame.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => frame.getByText("Enter a whole number from 1 to 100").isVisible(), { timeout: 10_000 }).toBe(true);
    expect((await env.stack.db.prisma.fraudSettings.findUniqueOrThrow({ where: { shopId: env.stack.shop } })).settings).toEqual(before.settings);

    await frame.getByLabel("Threshold (1–100)").fill("55");
    await frame.getByLabel("More throwaway domains").fill("burner.example");
    await frame.getByLabel("Also match the advocate's shipping or billing address").check();
    await frame.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => frame.getByText("Saved. New referral orders are checked with these settings.").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: screenshotPath("fraud-settings"), fullPage: true });
    const saved = (await env.stack.db.prisma.fraudSettings.findUniqueOrThrow({ where: { shopId: env.stack.shop } })).settings as { threshold: number; rules: Record<string, { action: string; config: Record<string, unknown> }> };
    expect(saved.threshold).toBe(55);
    expect(saved.rules.disposable_email.config.extraDomains).toEqual(["burner.example"]);
    expect(saved.rules.self_referral).toMatchObject({ action: "hold", config: { matchAddress: true, matchPayment: true } });
    expect(errors).toEqual([]);
  });
});
