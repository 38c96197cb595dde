// The advocate's page in the admin, in Chromium inside the sandbox's admin frame. The advocate
// is made by the storefront's app proxy (a logged-in customer), their friend's order arrives
// as an orders/paid webhook and is refunded after the credit was spent, so the page has a
// referral with its reason, a reward taken back as owed, the reward email, and a balance to
// read from Shopify. Staff open it from the Advocates list, read the balance and forgive.
import { beforeAll, describe, expect, it } from "vitest";
import { orderPayload, randomShopifyId, refundPayload } from "../../sandbox/storefront/payloads";
import { clippedCells, newPage, screenshotPath, useBrowserStack } from "../helpers/browser";
import { activateProgram, BASE_CONFIG, sandboxCustomer } from "../pipeline/pipeline-fixtures";
import { adminRequest } from "../program/admin-http";
import { proxyPost } from "../storefront/helpers";

const SHOP_B = "other-store.myshopify.com";

describe("advocate page in the admin", () => {
  const env = useBrowserStack();
  let advocateId = "";
  let code = "";

  beforeAll(async () => {
    const stack = env.stack;
    await activateProgram(stack.db.prisma, stack.shop, { ...BASE_CONFIG, advocateReward: { ...BASE_CONFIG.advocateReward, minimumOrderMinor: null } });
    const ada = sandboxCustomer(stack.sandbox.state, stack.shop, "ada.page@example.com");
    const res = await proxyPost(stack, "/advocate", {}, { customerId: ada.id.toString() });
    code = ((await res.json()) as { code: string }).code;
    await stack.drainJobs();
    advocateId = (await stack.db.prisma.advocate.findFirstOrThrow({ where: { shopId: stack.shop, code } })).id;

    const friend = sandboxCustomer(stack.sandbox.state, stack.shop, "bo.page@example.com");
    const orderId = randomShopifyId();
    await stack.deliver({ topic: "orders/paid", payload: orderPayload({ id: orderId, number: 1049, customer: { id: friend.id, email: friend.email }, noteAttributes: [{ name: "_twofold_ref", value: code }], lineItems: [{ title: "Coat", price: "80.00" }], shipping: "5.00" }) });
    await stack.drainJobs();
    // Ada spends the $15 credit, then Bo's order is refunded: $15 owed.
    const { adminClientForShop } = await import("../../app/shopify/admin-client.server");
    const { debitStoreCredit } = await import("../../app/shopify/store-credit.server");
    await debitStoreCredit(await adminClientForShop(stack.db.prisma, stack.shop), { ownerId: ada.gid, amount: { minorUnits: 1500n, currencyCode: "USD" } });
    await stack.deliver({ topic: "refunds/create", payload: refundPayload({ orderId, amount: "80.00" }) });
    await stack.drainJobs();

    // A second installed shop, to check it cannot see Ada.
    const { upsertShop, issueToken } = await import("../../sandbox/admin/state");
    upsertShop(stack.sandbox.state, { name: "Other Store", domain: SHOP_B });
    await stack.db.prisma.session.create({ data: { id: `offline_${SHOP_B}`, shop: SHOP_B, state: "installed", isOnline: false, scope: "read_orders", accessToken: issueToken(stack.sandbox.state, SHOP_B) } });
    await stack.db.prisma.shop.create({ data: { id: SHOP_B, currencyCode: "USD" } });
  }, 180_000);

  it("another shop's session gets 404 for this advocate, and its actions change nothing", async () => {
    const page = await adminRequest(env.stack.app.url, { shop: SHOP_B, path: `/app/advocates/${advocateId}`, route: "routes/app.advocates_.$id" });
    expect(page.status).toBe(404);
    const forgive = await adminRequest(env.stack.app.url, { shop: SHOP_B, path: `/app/advocates/${advocateId}`, route: "routes/app.advocates_.$id", form: { intent: "forgive", reason: "not mine" } });
    expect(forgive.status).toBe(404);
    const read = await adminRequest(env.stack.app.url, { shop: SHOP_B, path: `/app/advocates/${advocateId}`, route: "routes/app.advocates_.$id", form: { intent: "read-balance" } });
    expect(read.status).toBe(404);
    expect(await env.stack.db.prisma.auditLog.count({ where: { action: "advocate.owed_forgiven" } })).toBe(0);
    expect(await env.stack.db.prisma.advocateBalance.count()).toBe(0);
  });

  it("opens from the Advocates list, shows the advocate whole at 1440 px, reads the balance and forgives", async () => {
    const page = await newPage(env.browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/advocates?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    await frame.getByRole("link", { name: code }).click();
    await expect.poll(() => frame.getByRole("heading", { name: `Advocate ${code}` }).isVisible(), { timeout: 30_000 }).toBe(true);

    const text = () => frame.locator("body").innerText();
    const shown = await text();
    for (const expected of ["ada.page@example.com", `/apps/twofold/r/${code}`, "bo.page@example.com", "#1049", "Order subtotal", "$80.00", "Refunded after the reward: taken back or owed", "Owed back (already spent)", "$15.00 owed", "reward earned", "Not read from Shopify yet."]) {
      expect(shown).toContain(expected);
    }
    await page.waitForTimeout(300); // Polaris measures the tables after layout
    await page.screenshot({ path: screenshotPath("advocate-page-1440"), fullPage: true });
    expect(await clippedCells(frame)).toEqual([]);

    // The balance is read by a job, never by the page: queued from the button, shown when the
    // job has answered, without reloading. Asked again in the same minute (one read a minute),
    // the page says it was just read and does not wait for a read no job will make.
    const readButton = frame.getByRole("button", { name: "Read balance from Shopify" });
    for (let tries = 0; tries < 5; tries++) {
      const minute = Math.floor(Date.now() / 60_000);
      await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/advocates/${advocateId}?shop=${env.stack.shop}`);
      await readButton.click();
      await expect.poll(() => frame.getByText("Reading from Shopify…").isVisible(), { timeout: 10_000 }).toBe(true);
      await env.stack.drainJobs();
      await expect.poll(text, { timeout: 30_000 }).toContain("Read from Shopify");
      expect(await text()).toContain("$0.00");
      await expect.poll(() => readButton.isEnabled(), { timeout: 10_000 }).toBe(true);
      await readButton.click();
      const justRead = frame.getByText("The balance was read from Shopify less than a minute ago");
      await expect.poll(async () => (await justRead.isVisible()) || (await frame.getByText("Reading from Shopify…").isVisible()), { timeout: 10_000 }).toBe(true);
      if (await justRead.isVisible()) break;
      // The minute turned between the clicks: the second one queued a read of its own.
      expect(Math.floor(Date.now() / 60_000)).not.toBe(minute);
      await env.stack.drainJobs();
    }
    await page.screenshot({ path: screenshotPath("advocate-page-read-twice"), fullPage: true });
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/advocates/${advocateId}?shop=${env.stack.shop}`);
    await expect.poll(text, { timeout: 30_000 }).toContain("Read from Shopify");
    expect(await text()).not.toContain("Reading from Shopify");
    expect(await readButton.isEnabled()).toBe(true);

    // Forgive needs a reason; with one, it is done and audited.
    await frame.getByRole("button", { name: "Forgive" }).click();
    await expect.poll(() => frame.getByText("Give a reason (it goes to the audit log)").isVisible(), { timeout: 10_000 }).toBe(true);
    await frame.getByLabel("Reason").fill("Goodwill: late delivery");
    await frame.getByRole("button", { name: "Forgive" }).click();
    await expect.poll(() => frame.getByText("Owed amount forgiven").isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(text, { timeout: 10_000 }).toContain("Nothing owed.");
    expect(await text()).toContain("$15.00 of the owed forgiven");
    expect(await text()).toContain("Owed back (already spent), settled");
    await page.screenshot({ path: screenshotPath("advocate-page-forgiven"), fullPage: true });
    const audit = await env.stack.db.prisma.auditLog.findMany({ where: { subjectId: advocateId, action: "advocate.owed_forgiven" } });
    expect(audit.map((a) => [a.actor, (a.data as { reason: string }).reason])).toEqual([["staff:1", "Goodwill: late delivery"]]);

    // Review shows the same order's amount the same way: its subtotal, written alike.
    const referral = await env.stack.db.prisma.referral.findFirstOrThrow({ where: { shopId: env.stack.shop, advocateId } });
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/review/${referral.id}?shop=${env.stack.shop}`);
    await expect.poll(text, { timeout: 30_000 }).toContain("Order subtotal: $80.00");
    expect(await text()).not.toContain("85.00");
    await page.screenshot({ path: screenshotPath("advocate-page-review-same-amount"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
