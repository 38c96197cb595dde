// Goodwill rewards over real HTTP against the built app: staff give an advocate store credit on
// their page with a reason; three simultaneous submissions of the same form give it once (one
// ledger row of its own kind, no referral, one audit entry, one credit in Shopify); a new form
// gives a code. Both count in the dashboard's reward cost. Shop B gets 404 and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDashboard } from "../../app/analytics/dashboard.server";
import { rollupShop } from "../../app/analytics/rollup.server";
import type { Stack } from "../helpers/stack";
import { customerAdvocate, startStaffToolsStack } from "../helpers/staff-tools";
import { issuedInSandbox } from "../pipeline/pipeline-fixtures";
import { adminRequest } from "../program/admin-http";

const SHOP_B = "goodwill-other.myshopify.com";
const ROUTE = "routes/app.advocates_.$id";

describe(`goodwill rewards (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  let ada: { id: string; gid: string };
  beforeAll(async () => {
    stack = await startStaffToolsStack(SHOP_B);
    const made = await customerAdvocate(stack, "ada.goodwill@example.com");
    ada = { id: made.id, gid: made.customer.gid };
  });
  afterAll(async () => stack?.stop());

  const post = <T>(form: Record<string, string>, shop = stack.shop, userId = "42") => adminRequest<T>(stack.app.url, { shop, path: `/app/advocates/${ada.id}`, route: ROUTE, form, userId });

  it("gives store credit once under duplicate submissions, through the ledger, audited, in reward cost", async () => {
    const form = { intent: "goodwill", kind: "store_credit", amount: "12.50", reason: "Parcel arrived late", formKey: "form-key-0001" };
    expect((await post({ ...form, reason: "" })).status).toBe(422);
    expect((await post({ ...form, amount: "0" })).status).toBe(422);
    const tries = await Promise.all([1, 2, 3].map(() => post<{ done: string; changed: boolean }>(form, stack.shop, "5")));
    expect(tries.map((t) => t.status)).toEqual([200, 200, 200]);
    expect(tries.map((t) => t.data?.changed).sort()).toEqual([false, false, true]);
    await stack.drainJobs();
    const rewards = await stack.db.prisma.reward.findMany({ where: { shopId: stack.shop, advocateId: ada.id } });
    expect(rewards.map((r) => [r.kind, r.referralId, r.amountMinor, r.status])).toEqual([["goodwill_credit", null, 1250n, "issued"]]);
    expect((issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(ada.gid) ?? []).map((c) => c.amountMinor)).toEqual([1250]);
    const audit = await stack.db.prisma.auditLog.findMany({ where: { action: "advocate.goodwill_reward" } });
    expect(audit).toEqual([expect.objectContaining({ actor: "staff:5", subjectId: ada.id, shopId: stack.shop })]);
    // A replay after it was issued changes nothing either.
    expect((await post<{ changed: boolean }>(form)).data).toMatchObject({ changed: false });

    // A new form gives a code bound to the advocate.
    const code = await post<{ changed: boolean }>({ ...form, kind: "discount_code", amount: "5", formKey: "form-key-0002" });
    expect(code.data).toMatchObject({ changed: true });
    await stack.drainJobs();
    const both = await stack.db.prisma.reward.findMany({ where: { shopId: stack.shop, advocateId: ada.id }, orderBy: { createdAt: "asc" } });
    expect(both.map((r) => [r.kind, r.status, r.amountMinor])).toEqual([["goodwill_credit", "issued", 1250n], ["goodwill_code", "issued", 500n]]);
    expect(both[1].discountCode).toBeTruthy();

    await rollupShop(stack.db.prisma, stack.shop);
    const dashboard = await loadDashboard(stack.db.prisma, stack.shop, { days: 30 });
    expect(dashboard.current.rewardIssuedMinor).toBe(1750n);
    expect(dashboard.current.rewardCostMinor).toBeGreaterThanOrEqual(1750n);

    // The advocate's page lists both.
    const page = await adminRequest<{ rewards: { kind: string; status: string }[] }>(stack.app.url, { shop: stack.shop, path: `/app/advocates/${ada.id}`, route: ROUTE });
    expect(page.data!.rewards.map((r) => r.kind).sort()).toEqual(["goodwill_code", "goodwill_credit"]);
  }, 120_000);

  it("refuses another shop's advocate with 404 and gives nothing", async () => {
    const other = await post({ intent: "goodwill", kind: "store_credit", amount: "10", reason: "not my shop", formKey: "form-key-b001" }, SHOP_B);
    expect(other.status).toBe(404);
    expect(await stack.db.prisma.reward.count({ where: { idempotencyKey: { contains: "form-key-b001" } } })).toBe(0);
    expect(await stack.db.prisma.auditLog.count({ where: { shopId: SHOP_B } })).toBe(0);
  });
});
