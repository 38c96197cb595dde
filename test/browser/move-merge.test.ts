// Move and merge on the advocate's page, in headless Chromium inside the sandbox's admin frame.
// Move: staff name another customer by email; the held referral and its reward go to that
// customer (made an advocate), a double click moves once with one audit entry. Merge: staff
// merge an advocate into another by code and land on the standing advocate's page, which lists
// the merged code. Advocates come from the app proxy, orders from the sandbox checkout.
import { beforeAll, describe, expect, it } from "vitest";
import { newPage, screenshotPath, useBrowserStack } from "../helpers/browser";
import { customerAdvocate, sandboxCheckout } from "../helpers/staff-tools";
import { activateProgram, BASE_CONFIG, sandboxCustomer } from "../pipeline/pipeline-fixtures";

describe("move and merge advocates in the admin", () => {
  const env = useBrowserStack();

  beforeAll(async () => {
    await activateProgram(env.stack.db.prisma, env.stack.shop, { ...BASE_CONFIG, advocateReward: { ...BASE_CONFIG.advocateReward, holdDays: 14 } });
  }, 60_000);

  async function open(advocateId: string, code: string) {
    const page = await newPage(env.browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/advocates/${advocateId}?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.getByRole("heading", { name: `Advocate ${code}` }).isVisible(), { timeout: 30_000 }).toBe(true);
    return { page, frame, errors };
  }

  it("moves the held referral and its reward to another customer, once", async () => {
    const stack = env.stack;
    const ada = await customerAdvocate(stack, "ada.browser-move@example.com");
    const order = await sandboxCheckout(stack, "bo.browser-move@example.com", { discountCode: ada.code });
    const fresh = sandboxCustomer(stack.sandbox.state, stack.shop, "ada.fresh@example.com");

    const { page, frame, errors } = await open(ada.id, ada.code);
    await frame.getByLabel("Customer id or email").fill("nobody.here@example.com");
    await frame.getByLabel("Explain the move", { exact: true }).fill("Ada's new account");
    await frame.getByRole("button", { name: "Move referrals and rewards" }).click();
    await expect.poll(() => frame.getByText("Shopify has no customer nobody.here@example.com in this store.").isVisible(), { timeout: 15_000 }).toBe(true);
    await frame.getByLabel("Customer id or email").fill(fresh.email);
    // A double click sends the same form twice: it moves once.
    await frame.getByRole("button", { name: "Move referrals and rewards" }).dblclick();
    // The page shows the answer to the last submission: the move, or "already done" when the first one won.
    await expect.poll(() => frame.getByText(/Moved to advocate \w+: 1 referral and 1 unpaid reward|This move was already done: nothing changed\./).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => frame.locator("body").innerText(), { timeout: 10_000 }).toContain("No referrals yet.");
    await frame.locator("body").evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath("staff-moved"), fullPage: true });

    const target = await stack.db.prisma.advocate.findFirstOrThrow({ where: { shopId: stack.shop, customerGid: fresh.gid } });
    const referral = await stack.db.prisma.referral.findFirstOrThrow({ where: { shopId: stack.shop, orderGid: order.id }, include: { rewards: { where: { recipient: "advocate" } } } });
    expect(referral.advocateId).toBe(target.id);
    expect(referral.rewards.map((r) => [r.status, r.customerGid])).toEqual([["held", fresh.gid]]);
    expect(await stack.db.prisma.auditLog.findMany({ where: { action: "advocate.moved", subjectId: ada.id } })).toEqual([expect.objectContaining({ actor: "staff:1" })]);
    expect(errors).toEqual([]);
  }, 180_000);

  it("merges an advocate into another by code and shows the standing advocate", async () => {
    const stack = env.stack;
    const dee = await customerAdvocate(stack, "dee.browser-old@example.com");
    const eve = await customerAdvocate(stack, "dee.browser-new@example.com");
    await sandboxCheckout(stack, "fay.browser-merge@example.com", { discountCode: dee.code });

    const { page, frame, errors } = await open(dee.id, dee.code);
    await frame.getByLabel("Their code or email").fill(eve.code);
    await frame.getByLabel("Explain the merge", { exact: true }).fill("Dee's two accounts");
    await frame.getByRole("button", { name: "Merge", exact: true }).click();
    // The merged advocate's page leads to the standing one, which names the merged code.
    await expect.poll(() => frame.getByRole("heading", { name: `Advocate ${eve.code}` }).isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => frame.locator("body").innerText(), { timeout: 10_000 }).toContain(`Joined rows of the same person (their codes still work): ${dee.code}`);
    await expect.poll(() => frame.locator("body").innerText(), { timeout: 10_000 }).toContain("fay.browser-merge@example.com");
    await frame.locator("body").evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath("staff-merged"), fullPage: true });

    expect(await stack.db.prisma.advocate.findUniqueOrThrow({ where: { id: dee.id } })).toMatchObject({ status: "merged", mergedIntoId: eve.id });
    expect(await stack.db.prisma.auditLog.findMany({ where: { action: "advocate.merged", subjectId: eve.id } })).toEqual([expect.objectContaining({ actor: "staff:1" })]);
    expect(errors).toEqual([]);
  }, 180_000);
});
