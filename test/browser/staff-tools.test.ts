// Staff tools of issue 21 in headless Chromium inside the sandbox's admin frame, each from the
// admin's own pages: bulk review of held referrals with one reason (one audit entry each),
// reconsidering a rejected referral then approving it (paid once), and attributing a missed order
// to an advocate on their page (a second click changes nothing). Advocates are made by the app
// proxy, orders arrive as webhooks or through the sandbox checkout.
import { beforeAll, describe, expect, it } from "vitest";
import { orderPayload, randomShopifyId } from "../../sandbox/storefront/payloads";
import { newPage, screenshotPath, useBrowserStack } from "../helpers/browser";
import { activateProgram, issuedInSandbox, sandboxCustomer } from "../pipeline/pipeline-fixtures";
import { proxyPost } from "../storefront/helpers";

describe("staff tools in the admin", () => {
  const env = useBrowserStack();

  async function advocate(email: string) {
    const stack = env.stack;
    const customer = sandboxCustomer(stack.sandbox.state, stack.shop, email);
    const res = await proxyPost(stack, "/advocate", {}, { customerId: customer.id.toString() });
    const code = ((await res.json()) as { code: string }).code;
    await stack.drainJobs();
    const id = (await stack.db.prisma.advocate.findFirstOrThrow({ where: { shopId: stack.shop, code } })).id;
    return { customer, code, id };
  }

  async function ownOrder(a: { code: string; customer: { id: bigint; email: string } }) {
    await env.stack.deliver({ topic: "orders/paid", payload: orderPayload({ id: randomShopifyId(), customer: { id: a.customer.id, email: a.customer.email }, noteAttributes: [{ name: "_twofold_ref", value: a.code }], lineItems: [{ title: "Coat", price: "80.00" }] }) });
  }

  beforeAll(async () => {
    const stack = env.stack;
    await activateProgram(stack.db.prisma, stack.shop);
    await stack.db.prisma.fraudSettings.create({ data: { shopId: stack.shop, settings: { threshold: 60, rules: { self_referral: { action: "hold" } } } } });
  }, 60_000);

  it("bulk review: selects every held referral and approves them with one reason, each audited", async () => {
    const stack = env.stack;
    const held = [await advocate("held.one@example.com"), await advocate("held.two@example.com"), await advocate("held.three@example.com")];
    for (const a of held) await ownOrder(a);
    await stack.drainJobs();
    const ids = (await stack.db.prisma.referral.findMany({ where: { shopId: stack.shop, status: "held" }, select: { id: true } })).map((r) => r.id);
    expect(ids).toHaveLength(3);

    const page = await newPage(env.browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${stack.sandbox.url}/admin/apps/twofold/review?shop=${stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.locator("table tbody tr").count(), { timeout: 30_000 }).toBe(3);
    for (let i = 0; i < 3; i++) await frame.locator("table tbody tr").nth(i).locator("input[type=checkbox]").check({ force: true });
    await expect.poll(() => frame.getByText("Decide 3 selected referrals").isVisible(), { timeout: 10_000 }).toBe(true);
    await frame.getByLabel("Reason").fill("Family accounts, checked with the owner");
    await frame.getByRole("button", { name: "Approve selected" }).click();
    await expect.poll(() => frame.getByText("3 referrals approved").isVisible(), { timeout: 15_000 }).toBe(true);
    await page.screenshot({ path: screenshotPath("staff-bulk-approved"), fullPage: true });

    const audit = await stack.db.prisma.auditLog.findMany({ where: { action: "review.approved", subjectId: { in: ids } } });
    expect(audit.map((a) => [a.subjectId, a.actor, (a.data as { reason: string }).reason]).sort()).toEqual(ids.map((id) => [id, "staff:1", "Family accounts, checked with the owner"]).sort());
    await stack.drainJobs();
    for (const a of held) expect((issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(a.customer.gid) ?? []).map((c) => c.amountMinor)).toEqual([1500]);
    expect(errors).toEqual([]);
  }, 180_000);

  it("reconsider: a rejected referral goes back into review from its page, and approving it pays once", async () => {
    const stack = env.stack;
    const rita = await advocate("rita.reconsider@example.com");
    await ownOrder(rita);
    await stack.drainJobs();
    const referral = await stack.db.prisma.referral.findFirstOrThrow({ where: { shopId: stack.shop, advocateId: rita.id } });
    expect(referral.status).toBe("held");

    const page = await newPage(env.browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${stack.sandbox.url}/admin/apps/twofold/review/${referral.id}?shop=${stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.getByRole("button", { name: "Reject" }).isVisible(), { timeout: 30_000 }).toBe(true);
    await frame.getByLabel("Reason").fill("Looks like her own order");
    await frame.getByRole("button", { name: "Reject" }).click();
    await expect.poll(() => frame.getByText("Referral rejected.").isVisible(), { timeout: 10_000 }).toBe(true);

    // Rejected: the page offers to reconsider, with a reason.
    await expect.poll(() => frame.getByRole("button", { name: "Reconsider" }).isVisible(), { timeout: 10_000 }).toBe(true);
    await frame.getByLabel("Reason").fill("");
    await frame.getByRole("button", { name: "Reconsider" }).click();
    await expect.poll(() => frame.getByText("Give a reason (it goes to the audit log)").isVisible(), { timeout: 10_000 }).toBe(true);
    await frame.getByLabel("Reason").fill("Her sister ordered on her laptop");
    await frame.getByRole("button", { name: "Reconsider" }).click();
    await expect.poll(() => frame.getByText("Referral reopened for review.").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: screenshotPath("staff-reconsidered"), fullPage: true });
    await frame.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => frame.getByText("Referral approved.").isVisible(), { timeout: 10_000 }).toBe(true);
    await stack.drainJobs();

    expect((issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(rita.customer.gid) ?? []).map((c) => c.amountMinor)).toEqual([1500]);
    const actions = (await stack.db.prisma.auditLog.findMany({ where: { subjectId: referral.id, action: { startsWith: "review." } }, orderBy: { createdAt: "asc" } })).map((a) => [a.action, a.actor]);
    expect(actions).toEqual([["review.rejected", "staff:1"], ["review.reconsidered", "staff:1"], ["review.approved", "staff:1"]]);
    expect(await frame.locator("body").innerText()).toContain("Put back into review by staff member 1: Her sister ordered on her laptop");
    expect(errors).toEqual([]);
  }, 180_000);

  it("manual attribution: attaches a missed order on the advocate's page, once, and pays it", async () => {
    const stack = env.stack;
    const ada = await advocate("ada.manual@example.com");
    const res = await fetch(`${stack.sandbox.url}/__sandbox/checkout`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ shop: stack.shop, email: "bo.manual@example.com", lines: [{ handle: "wool-scarf", quantity: 1 }] }) });
    const { order } = (await res.json()) as { order: { id: string; name: string } };
    await fetch(`${stack.sandbox.url}/__sandbox/outbox/settle`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ timeoutMs: 30_000 }) });
    await stack.drainJobs();

    const page = await newPage(env.browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${stack.sandbox.url}/admin/apps/twofold/advocates?shop=${stack.shop}`);
    const frame = page.frameLocator("iframe");
    await frame.getByRole("link", { name: ada.code }).click();
    await expect.poll(() => frame.getByRole("heading", { name: `Advocate ${ada.code}` }).isVisible(), { timeout: 30_000 }).toBe(true);
    await frame.getByLabel("Order number or id").fill("#99999");
    await frame.getByLabel("Why").fill("Bo says the link did not stick");
    await frame.getByRole("button", { name: "Attribute order" }).click();
    await expect.poll(() => frame.getByText("Shopify has no order #99999 in this store.").isVisible(), { timeout: 15_000 }).toBe(true);
    await frame.getByLabel("Order number or id").fill(order.name);
    await frame.getByRole("button", { name: "Attribute order" }).click();
    await expect.poll(() => frame.getByText(`Order ${order.name} attributed to this advocate.`).isVisible(), { timeout: 15_000 }).toBe(true);
    // A second click (a replayed submission) changes nothing.
    await frame.getByRole("button", { name: "Attribute order" }).click();
    await expect.poll(() => frame.getByText(`Order ${order.name} was already attributed to this advocate: nothing changed.`).isVisible(), { timeout: 15_000 }).toBe(true);
    await stack.drainJobs();
    await page.goto(`${stack.sandbox.url}/admin/apps/twofold/advocates/${ada.id}?shop=${stack.shop}`);
    await expect.poll(() => frame.locator("body").innerText(), { timeout: 30_000 }).toContain("bo.manual@example.com");
    await page.screenshot({ path: screenshotPath("staff-attributed"), fullPage: true });

    const referrals = await stack.db.prisma.referral.findMany({ where: { shopId: stack.shop, orderGid: order.id } });
    expect(referrals.map((r) => [r.advocateId, r.status])).toEqual([[ada.id, "qualified"]]);
    expect(await stack.db.prisma.auditLog.count({ where: { action: "referral.attributed_by_hand", actor: "staff:1", subjectId: referrals[0].id } })).toBe(1);
    expect((issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(ada.customer.gid) ?? []).map((c) => c.amountMinor)).toEqual([1500]);
    expect(errors).toEqual([]);
  }, 180_000);

  it("goodwill reward: gives store credit from the advocate's page with a reason, once", async () => {
    const stack = env.stack;
    const gil = await advocate("gil.goodwill@example.com");
    const page = await newPage(env.browser);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${stack.sandbox.url}/admin/apps/twofold/advocates/${gil.id}?shop=${stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.getByRole("heading", { name: `Advocate ${gil.code}` }).isVisible(), { timeout: 30_000 }).toBe(true);
    await frame.getByLabel("Amount").fill("12.50");
    await frame.getByRole("button", { name: "Give reward" }).click();
    await expect.poll(() => frame.getByText("Give a reason (it goes to the audit log)").isVisible(), { timeout: 10_000 }).toBe(true);
    await frame.getByLabel("Explanation").fill("Parcel arrived broken");
    await frame.getByRole("button", { name: "Give reward" }).click();
    await expect.poll(() => frame.getByText("Goodwill reward given").isVisible(), { timeout: 15_000 }).toBe(true);
    await stack.drainJobs();
    await page.goto(`${stack.sandbox.url}/admin/apps/twofold/advocates/${gil.id}?shop=${stack.shop}`);
    await expect.poll(() => frame.locator("body").innerText(), { timeout: 30_000 }).toContain("goodwill credit");
    await page.screenshot({ path: screenshotPath("staff-goodwill"), fullPage: true });
    const rewards = await stack.db.prisma.reward.findMany({ where: { advocateId: gil.id } });
    expect(rewards.map((r) => [r.kind, r.amountMinor, r.status])).toEqual([["goodwill_credit", 1250n, "issued"]]);
    expect(await stack.db.prisma.auditLog.count({ where: { action: "advocate.goodwill_reward", actor: "staff:1", subjectId: gil.id } })).toBe(1);
    expect((issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(gil.customer.gid) ?? []).map((c) => c.amountMinor)).toEqual([1250]);
    expect(errors).toEqual([]);
  }, 180_000);
});
