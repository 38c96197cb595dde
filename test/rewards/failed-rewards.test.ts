// "No reward silently lost", over real HTTP against the built app: store credits that Shopify
// refuses for good (credit limit, unsupported currency) show on the failed-rewards page, linked
// from the review queue, with the reason in plain words; "issue as a code instead" creates
// exactly one customer-bound code in the sandbox however often it is clicked, audited with the
// staff member; bad input and another shop's staff change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueIssue } from "../../app/rewards/issue-reward.job.server";
import { issueToken, upsertShop } from "../../sandbox/admin/state";
import { orderPayload } from "../../sandbox/storefront/payloads";
import { startStack, type Stack } from "../helpers/stack";
import { activateProgram, createAdvocate, issuedInSandbox, sandboxCustomer } from "../pipeline/pipeline-fixtures";
import { adminRequest } from "../program/admin-http";

const SHOP_B = "failed-other.myshopify.com";
type FailedData = { total: number; rows: { id: string; advocateCode: string; amountMinor: string; words: string; code: string; reason: string | null; canIssueAsCode: boolean }[] };
const PAGE = { path: "/app/rewards/failed", route: "routes/app.rewards.failed" };

describe(`failed rewards (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    upsertShop(stack.sandbox.state, { name: "Other Store", currencyCode: "USD", domain: SHOP_B });
    const token = issueToken(stack.sandbox.state, SHOP_B);
    await stack.db.prisma.session.create({ data: { id: `offline_${SHOP_B}`, shop: SHOP_B, state: "installed", isOnline: false, scope: "read_orders", accessToken: token } });
    await stack.db.prisma.shop.create({ data: { id: SHOP_B, currencyCode: "USD" } });
    await activateProgram(stack.db.prisma, stack.shop);
  });
  afterAll(async () => stack?.stop());

  const list = (shop = stack.shop) => adminRequest<FailedData>(stack.app.url, { shop, ...PAGE });
  const issueAsCode = (rewardId: string, reason: string, shop = stack.shop, userId = "42") =>
    adminRequest<{ done: string; replacementId: string }>(stack.app.url, { shop, ...PAGE, form: { intent: "issue_as_code", rewardId, reason }, userId });

  async function referredOrder(code: string, advocateEmail: string, friendEmail: string) {
    const advocate = sandboxCustomer(stack.sandbox.state, stack.shop, advocateEmail);
    await createAdvocate(stack.db.prisma, stack.shop, code, advocate);
    const friend = sandboxCustomer(stack.sandbox.state, stack.shop, friendEmail);
    const order = orderPayload({ customer: { id: friend.id, email: friend.email }, noteAttributes: [{ name: "_twofold_ref", value: code }], lineItems: [{ title: "Boots", price: "80.00" }] });
    expect((await stack.deliver({ topic: "orders/paid", payload: order })).status).toBe(200);
    await stack.drainJobs();
    const reward = await stack.db.prisma.reward.findFirstOrThrow({ where: { shopId: stack.shop, recipient: "advocate", customerGid: advocate.gid } });
    return { advocate, reward };
  }

  let limited: Awaited<ReturnType<typeof referredOrder>>;
  let foreign: Awaited<ReturnType<typeof referredOrder>>;

  it("a credit refused for good is failed, listed with Shopify's reason in plain words, and the review queue links to it", async () => {
    // The advocate's account would go over the store's credit limit (10.00 < 15.00).
    upsertShop(stack.sandbox.state, { domain: stack.shop, storeCreditLimit: "10" });
    limited = await referredOrder("LIMITED", "lim@example.com", "f1@example.com");
    // The store stopped supporting USD for store credit.
    upsertShop(stack.sandbox.state, { domain: stack.shop, storeCreditLimit: "10000", currencyCode: "EUR", enabledPresentmentCurrencies: [] });
    foreign = await referredOrder("FOREIGN", "for@example.com", "f2@example.com");
    upsertShop(stack.sandbox.state, { domain: stack.shop, currencyCode: "USD" });

    for (const { reward, advocate } of [limited, foreign]) {
      const row = await stack.db.prisma.reward.findUniqueOrThrow({ where: { id: reward.id } });
      expect(row.status).toBe("failed");
      expect(issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(advocate.gid)).toBeUndefined();
    }
    const page = await list();
    expect(page.status).toBe(200);
    expect(page.data!.total).toBe(2);
    const byCode = new Map(page.data!.rows.map((r) => [r.advocateCode, r]));
    expect(byCode.get("LIMITED")).toMatchObject({ id: limited.reward.id, code: "CREDIT_LIMIT_EXCEEDED", amountMinor: "1500", canIssueAsCode: true });
    expect(byCode.get("LIMITED")!.words).toContain("reached Shopify's limit");
    expect(byCode.get("LIMITED")!.reason).toContain("CREDIT_LIMIT_EXCEEDED");
    expect(byCode.get("FOREIGN")).toMatchObject({ id: foreign.reward.id, code: "UNSUPPORTED_CURRENCY", canIssueAsCode: true });
    expect(byCode.get("FOREIGN")!.words).toContain("does not support store credit in this currency");

    const queue = await adminRequest<{ failedRewards: number }>(stack.app.url, { shop: stack.shop, path: "/app/review", route: "routes/app.review" });
    expect(queue.data!.failedRewards).toBe(2);
  });

  it("refuses bad input with 422 and another shop's staff with 404, writing nothing", async () => {
    const before = await stack.db.prisma.reward.count();
    expect((await issueAsCode(limited.reward.id, "")).status).toBe(422);
    expect((await adminRequest(stack.app.url, { shop: stack.shop, ...PAGE, form: { intent: "retry", rewardId: limited.reward.id, reason: "because" } })).status).toBe(422);
    expect((await issueAsCode("no-such-reward", "Goodwill")).status).toBe(404);
    // Shop B sees none of A's failed rewards and cannot act on them.
    const pageB = await list(SHOP_B);
    expect(pageB.data).toMatchObject({ total: 0, rows: [] });
    expect((await issueAsCode(limited.reward.id, "not my shop", SHOP_B)).status).toBe(404);
    expect((await adminRequest<{ failedRewards: number }>(stack.app.url, { shop: SHOP_B, path: "/app/review", route: "routes/app.review" })).data!.failedRewards).toBe(0);

    expect(await stack.db.prisma.reward.count()).toBe(before);
    expect((await stack.db.prisma.reward.findUniqueOrThrow({ where: { id: limited.reward.id } })).status).toBe("failed");
    expect(await stack.db.prisma.auditLog.count({ where: { action: "reward.issued_as_code" } })).toBe(0);
    expect(await stack.db.prisma.job.count({ where: { uniqueKey: { endsWith: ":replacement" } } })).toBe(0);
  });

  it("'issue as a code instead' issues exactly one code bound to the advocate, whatever the clicks and retries, audited", async () => {
    // A double click and a second staff member at once.
    const answers = await Promise.all([
      issueAsCode(limited.reward.id, "Over the credit limit", stack.shop, "71"),
      issueAsCode(limited.reward.id, "Over the credit limit", stack.shop, "71"),
      issueAsCode(limited.reward.id, "Same, from another tab", stack.shop, "72"),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const winner = answers.find((a) => a.status === 200)!;
    expect(winner.data).toMatchObject({ done: "issued_as_code" });
    await stack.drainJobs();
    // A retry later, and a duplicate issue job for the replacement: still one code.
    expect((await issueAsCode(limited.reward.id, "Over the credit limit")).status).toBe(409);
    await enqueueIssue(stack.db.prisma, stack.shop, winner.data!.replacementId, "duplicate");
    await stack.drainJobs();

    const sandbox = issuedInSandbox(stack.sandbox.state, stack.shop);
    const codes = [...sandbox.codes.values()].filter((c) => c.customerIds.includes(limited.advocate.gid));
    expect(codes).toHaveLength(1);
    expect(codes[0].customerIds).toEqual([limited.advocate.gid]);
    const discount = [...stack.sandbox.state.shops.get(stack.shop)!.discounts.values()].find((d) => d.code === codes[0].code)!;
    expect(discount).toMatchObject({ usageLimit: 1, appliesOncePerCustomer: true });
    expect(JSON.stringify(discount.input.customerGets)).toContain('"amount":"15.00"');
    expect(sandbox.credits.get(limited.advocate.gid)).toBeUndefined();

    const rewards = await stack.db.prisma.reward.findMany({ where: { referralId: limited.reward.referralId, recipient: "advocate" }, include: { transitions: { orderBy: { createdAt: "asc" } } } });
    const original = rewards.find((r) => r.id === limited.reward.id)!;
    const replacement = rewards.find((r) => r.id === winner.data!.replacementId)!;
    expect(rewards).toHaveLength(2);
    expect(original.status).toBe("cancelled");
    expect(original.transitions.at(-1)).toMatchObject({ fromStatus: "failed", toStatus: "cancelled", actor: expect.stringMatching(/^staff:7[12]$/) });
    expect(replacement).toMatchObject({ kind: "discount_code", status: "issued", amountMinor: 1500n, currency: "USD", customerGid: limited.advocate.gid, discountCode: codes[0].code });
    const audit = await stack.db.prisma.auditLog.findMany({ where: { action: "reward.issued_as_code" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ shopId: stack.shop, subjectType: "Reward", subjectId: original.id, actor: original.transitions.at(-1)!.actor });
    expect(audit[0].data).toMatchObject({ replacementId: replacement.id, failure: "CREDIT_LIMIT_EXCEEDED" });
    // One "you earned" email, for the code.
    expect(await stack.db.prisma.sentEmail.count({ where: { rewardId: { in: [original.id, replacement.id] } } })).toBe(1);

    // The page now lists only the other failed reward.
    const page = await list();
    expect(page.data!.rows.map((r) => r.id)).toEqual([foreign.reward.id]);
  });
});
