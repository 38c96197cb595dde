// Owed amounts seen and settled by staff, over real HTTP against the built app: a refund after
// the advocate spent the credit shows as owed on the Advocates page and in the rewards CSV;
// staff forgive it with a reason (audited), after which the next reward is paid whole; with the
// program's "deduct owed amounts" off, nothing is deducted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderPayload, randomShopifyId, refundPayload } from "../../sandbox/storefront/payloads";
import { startStack, type Stack } from "../helpers/stack";
import { activateProgram, BASE_CONFIG, createAdvocate, issuedInSandbox, sandboxCustomer } from "../pipeline/pipeline-fixtures";
import { adminRequest } from "../program/admin-http";
import { createSessionToken } from "../../sandbox/storefront/session-token";
import { TEST_API_KEY, TEST_API_SECRET } from "../helpers/app-server";

type AdvocatesData = { rows: { code: string; owed: { currency: string; minor: string }[] }[] };
const CONFIG = { ...BASE_CONFIG, advocateReward: { ...BASE_CONFIG.advocateReward, minimumOrderMinor: null } };

describe(`owed amounts for staff (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  const get = <T>(path: string, route: string, query?: string) => adminRequest<T>(stack.app.url, { shop: stack.shop, path, route, query });
  const post = <T>(form: Record<string, string>) => adminRequest<T>(stack.app.url, { shop: stack.shop, path: "/app/advocates", route: "routes/app.advocates", form, userId: "55" });

  async function paidOrder(code: string, n: number) {
    const friend = sandboxCustomer(stack.sandbox.state, stack.shop, `${code.toLowerCase()}-friend${n}@example.com`);
    const id = randomShopifyId();
    await stack.deliver({ topic: "orders/paid", payload: orderPayload({ id, customer: { id: friend.id, email: friend.email }, noteAttributes: [{ name: "_twofold_ref", value: code }], lineItems: [{ title: "Coat", price: "80.00" }] }) });
    await stack.drainJobs();
    return id;
  }

  /** An advocate whose first reward ($15 credit) was spent, then refunded: $15 owed. */
  async function advocateOwing(code: string) {
    const { adminClientForShop } = await import("../../app/shopify/admin-client.server");
    const { debitStoreCredit } = await import("../../app/shopify/store-credit.server");
    const customer = sandboxCustomer(stack.sandbox.state, stack.shop, `${code.toLowerCase()}@example.com`);
    const advocate = await createAdvocate(stack.db.prisma, stack.shop, code, customer);
    const orderId = await paidOrder(code, 0);
    await debitStoreCredit(await adminClientForShop(stack.db.prisma, stack.shop), { ownerId: customer.gid, amount: { minorUnits: 1500n, currencyCode: "USD" } });
    await stack.deliver({ topic: "refunds/create", payload: refundPayload({ orderId, amount: "80.00" }) });
    await stack.drainJobs();
    return { customer, advocate };
  }

  /** The "reward earned" emails sent for these rewards: [rewardId, subject]. */
  async function earnedEmails(rewardIds: string[]) {
    const sent = await stack.db.prisma.sentEmail.findMany({ where: { kind: "reward_earned", rewardId: { in: rewardIds } }, orderBy: { createdAt: "asc" } });
    expect(sent.map((e) => e.status)).toEqual(sent.map(() => "sent"));
    return sent.map((e) => [e.rewardId, e.subject]);
  }

  async function rewardsCsv(): Promise<Record<string, string>[]> {
    const { token } = createSessionToken({ shop: stack.shop, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, userId: "55" });
    const res = await fetch(`${stack.app.url}/app/export/rewards?days=7`, { headers: { Authorization: `Bearer ${token}`, "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36" } });
    if (res.status !== 200) throw new Error(`export answered ${res.status}: ${stack.app.output().slice(-3000)}`);
    const [header, ...lines] = (await res.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    const names = header.split(",");
    return lines.map((line) => Object.fromEntries(line.split(",").map((cell, i) => [names[i], cell])));
  }

  it("shows the owed amount on the Advocates page and in the rewards CSV; staff forgive it with a reason, audited; the next reward is paid whole", async () => {
    await activateProgram(stack.db.prisma, stack.shop, CONFIG);
    const { customer, advocate } = await advocateOwing("OWED1");
    const reward = await stack.db.prisma.reward.findFirstOrThrow({ where: { customerGid: customer.gid } });
    expect(reward).toMatchObject({ status: "reversed", owedMinor: 1500n });

    const list = await get<AdvocatesData>("/app/advocates", "routes/app.advocates");
    expect(list.data!.rows.find((r) => r.code === "OWED1")!.owed).toEqual([{ currency: "USD", minor: "1500" }]);
    const row = (await rewardsCsv()).find((r) => r.reward_id === reward.id)!;
    expect([row.owed, row.owed_recovered, row.owed_forgiven, row.owed_outstanding]).toEqual(["15.00", "0.00", "0.00", "15.00"]);

    expect((await post({ intent: "forgive", advocateId: advocate.id, reason: "" })).status).toBe(422);
    const forgiven = await post<{ done: string; forgiven: { currency: string; minor: string }[] }>({ intent: "forgive", advocateId: advocate.id, reason: "Goodwill after a late delivery" });
    expect(forgiven.data).toEqual({ done: "forgive", forgiven: [{ currency: "USD", minor: "1500" }] });
    // Nothing left to forgive: a second click says so and changes nothing.
    expect((await post({ intent: "forgive", advocateId: advocate.id, reason: "again" })).status).toBe(422);
    const audit = await stack.db.prisma.auditLog.findMany({ where: { subjectId: advocate.id, action: "advocate.owed_forgiven" } });
    expect(audit.map((a) => [a.actor, (a.data as { reason: string }).reason])).toEqual([["staff:55", "Goodwill after a late delivery"]]);
    expect((await get<AdvocatesData>("/app/advocates", "routes/app.advocates")).data!.rows.find((r) => r.code === "OWED1")!.owed).toEqual([]);
    const after = (await rewardsCsv()).find((r) => r.reward_id === reward.id)!;
    expect([after.owed, after.owed_forgiven, after.owed_outstanding]).toEqual(["15.00", "15.00", "0.00"]);

    await paidOrder("OWED1", 1);
    const credits = issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(customer.gid)!.map((c) => c.amountMinor);
    expect(credits).toEqual([1500, 1500]);
  });

  it("with 'deduct owed amounts' off, the owed amount stays and the next reward is paid whole", async () => {
    await activateProgram(stack.db.prisma, stack.shop, { ...CONFIG, advocateReward: { ...CONFIG.advocateReward, recoverOwed: false } });
    const { customer } = await advocateOwing("OWED2");
    await paidOrder("OWED2", 1);
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(customer.gid)!.map((c) => c.amountMinor)).toEqual([1500, 1500]);
    expect((await get<AdvocatesData>("/app/advocates", "routes/app.advocates")).data!.rows.find((r) => r.code === "OWED2")!.owed).toEqual([{ currency: "USD", minor: "1500" }]);
  });

  it("with it on (the default), the next reward pays the owed amount off first", async () => {
    await activateProgram(stack.db.prisma, stack.shop, CONFIG);
    const { customer } = await advocateOwing("OWED3");
    await paidOrder("OWED3", 1);
    await paidOrder("OWED3", 2);
    // $15 owed: the second reward is wholly taken (nothing sent), the third paid in full.
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(customer.gid)!.map((c) => c.amountMinor)).toEqual([1500, 1500]);
    const rewards = await stack.db.prisma.reward.findMany({ where: { customerGid: customer.gid }, orderBy: { createdAt: "asc" } });
    expect(rewards.map((r) => [r.status, r.amountMinor, r.deductedMinor])).toEqual([
      ["reversed", 1500n, 0n],
      ["issued", 0n, 1500n],
      ["issued", 1500n, 0n],
    ]);
    expect((await get<AdvocatesData>("/app/advocates", "routes/app.advocates")).data!.rows.find((r) => r.code === "OWED3")!.owed).toEqual([]);
    // The wholly deducted reward sent nothing, so it tells the advocate nothing either.
    expect(await earnedEmails(rewards.map((r) => r.id))).toEqual([[rewards[0].id, "You earned $15.00 at Twofold Test Store"], [rewards[2].id, "You earned $15.00 at Twofold Test Store"]]);
  });

  it("a partly deducted reward's email says the amount that reached the advocate", async () => {
    await activateProgram(stack.db.prisma, stack.shop, CONFIG);
    const { adminClientForShop } = await import("../../app/shopify/admin-client.server");
    const { debitStoreCredit } = await import("../../app/shopify/store-credit.server");
    const customer = sandboxCustomer(stack.sandbox.state, stack.shop, "owed4@example.com");
    await createAdvocate(stack.db.prisma, stack.shop, "OWED4", customer);
    const orderId = await paidOrder("OWED4", 0);
    // $10 of the $15 credit spent before the refund: $5 is taken back, $10 owed.
    await debitStoreCredit(await adminClientForShop(stack.db.prisma, stack.shop), { ownerId: customer.gid, amount: { minorUnits: 1000n, currencyCode: "USD" } });
    await stack.deliver({ topic: "refunds/create", payload: refundPayload({ orderId, amount: "80.00" }) });
    await stack.drainJobs();
    await paidOrder("OWED4", 1);
    const rewards = await stack.db.prisma.reward.findMany({ where: { customerGid: customer.gid }, orderBy: { createdAt: "asc" } });
    expect(rewards.map((r) => [r.status, r.amountMinor, r.reversedMinor, r.owedMinor, r.deductedMinor])).toEqual([
      ["reversed", 1500n, 500n, 1000n, 0n],
      ["issued", 500n, 0n, 0n, 1000n],
    ]);
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(customer.gid)!.map((c) => c.amountMinor)).toEqual([1500, 500]);
    expect(await earnedEmails([rewards[1].id])).toEqual([[rewards[1].id, "You earned $5.00 at Twofold Test Store"]]);
  });
});
