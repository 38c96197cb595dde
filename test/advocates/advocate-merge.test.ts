// One person, two advocate rows (a guest by email, then logged in as the customer with that
// email), made through the app proxy. The rows join exactly once, audited, however many
// merges run at the same time (the identity jobs of both rows race to join them).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addCustomer } from "../../sandbox/admin/state";
import { mergeAdvocates } from "../../app/advocates/advocate-identity.server";
import { startStack, type Stack } from "../helpers/stack";
import { issuedInSandbox } from "../pipeline/pipeline-fixtures";
import { adminRequest } from "../program/admin-http";
import { proxyPost, startProgram } from "../storefront/helpers";

const CUSTOMER = "gid://shopify/Customer/4242";
const ADVOCATE_PAGE = "routes/app.advocates_.$id";

describe("advocate rows of one person merge exactly once", () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack();
    // The shopper who is a customer of the shop (the sandbox's Shopify holds them).
    addCustomer(stack.sandbox.state, stack.sandbox.state.shops.get(stack.shop)!, { id: CUSTOMER, email: "same@example.com", firstName: "Sam" });
    await startProgram(stack);
  });
  afterEach(async () => {
    await stack?.stop();
  });

  async function twoRows() {
    const guest = (await (await proxyPost(stack, "/advocate", { email: "same@example.com" })).json()) as { code: string };
    const loggedIn = (await (await proxyPost(stack, "/advocate", {}, { customerId: "4242" })).json()) as { code: string };
    expect(loggedIn.code).not.toBe(guest.code);
    const rows = await stack.db.prisma.advocate.findMany({ orderBy: { createdAt: "asc" } });
    expect(rows).toHaveLength(2);
    return rows;
  }

  async function merges() {
    return stack.db.prisma.auditLog.findMany({ where: { action: "advocate.merged" } });
  }

  it("many merges of the same pair at once: one merge, one audit entry, the older row stands", async () => {
    const [older, newer] = await twoRows();
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? mergeAdvocates(stack.db.prisma, older, newer, "test") : mergeAdvocates(stack.db.prisma, newer, older, "test"))),
    );
    for (const r of results) if (r.status === "fulfilled") expect(r.value.id).toBe(older.id);
    expect(await merges()).toHaveLength(1);
    const after = await stack.db.prisma.advocate.findMany({ orderBy: { createdAt: "asc" } });
    expect(after.map((a) => [a.id, a.status, a.mergedIntoId])).toEqual([
      [older.id, "active", null],
      [newer.id, "merged", older.id],
    ]);
    expect(after[0]).toMatchObject({ email: "same@example.com", customerGid: CUSTOMER });
  });

  it("the identity jobs of both rows, run together, join them once", async () => {
    const [older, newer] = await twoRows();
    await stack.drainJobs();
    expect(await merges()).toHaveLength(1);
    const live = await stack.db.prisma.advocate.findMany({ where: { status: { not: "merged" } } });
    expect(live.map((a) => a.id)).toEqual([older.id]);
    expect(live[0]).toMatchObject({ email: "same@example.com", customerGid: CUSTOMER });
    expect(await stack.db.prisma.advocate.findUnique({ where: { id: newer.id } })).toMatchObject({ status: "merged", mergedIntoId: older.id });
  });

  it("a goodwill reward given to the row that is merged away is paid once and listed on the standing row's page", async () => {
    const [older, newer] = await twoRows();
    const form = { intent: "goodwill", kind: "store_credit", amount: "7.00", reason: "Parcel arrived late", formKey: "form-key-merge-0001" };
    const given = await adminRequest<{ changed: boolean }>(stack.app.url, { shop: stack.shop, path: `/app/advocates/${newer.id}`, route: ADVOCATE_PAGE, form });
    expect(given.data).toMatchObject({ changed: true });
    await stack.drainJobs();
    expect(await stack.db.prisma.advocate.findUnique({ where: { id: newer.id } })).toMatchObject({ status: "merged", mergedIntoId: older.id });
    expect((issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(CUSTOMER) ?? []).map((c) => c.amountMinor)).toEqual([700]);
    const page = await adminRequest<{ rewards: { kind: string; status: string }[] }>(stack.app.url, { shop: stack.shop, path: `/app/advocates/${older.id}`, route: ADVOCATE_PAGE });
    expect(page.data!.rewards.map((r) => [r.kind, r.status])).toEqual([["goodwill_credit", "issued"]]);
  });
});
