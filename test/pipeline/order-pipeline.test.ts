// End to end over real HTTP: the sandbox signs order/refund webhooks, the built app records
// them, the job registry runs the pipeline against the sandbox's Admin API, and the test reads
// what the sandbox really issued.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderPayload, randomShopifyId, refundPayload } from "../../sandbox/storefront/payloads";
import { startStack, type Stack } from "../helpers/stack";
import { activateProgram, BASE_CONFIG, createAdvocate, issuedInSandbox, sandboxCustomer } from "./pipeline-fixtures";

describe(`order pipeline end to end (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    process.env.SHOPIFY_SANDBOX_URL = stack.sandbox.url;
    await activateProgram(stack.db.prisma, stack.shop);
  });
  afterAll(async () => stack?.stop());

  async function referredOrder(code: string, friendEmail: string, extra: Parameters<typeof orderPayload>[0] = {}) {
    const friend = sandboxCustomer(stack.sandbox.state, stack.shop, friendEmail);
    const id = randomShopifyId();
    const order = orderPayload({
      id,
      customer: { id: friend.id, email: friend.email },
      noteAttributes: [{ name: "_twofold_ref", value: code }],
      lineItems: [{ title: "Shoes", price: "80.00" }],
      ...extra,
    });
    return { friend, id, order };
  }

  /** An active program, an advocate, and one paid referred order per friend, fully processed. */
  async function advocateWithPaidOrders(code: string, email: string, friends: string[]) {
    const db = stack.db.prisma;
    await activateProgram(db, stack.shop);
    const advocate = sandboxCustomer(stack.sandbox.state, stack.shop, email);
    await createAdvocate(db, stack.shop, code, advocate);
    for (const friend of friends) await stack.deliver({ topic: "orders/paid", payload: (await referredOrder(code, friend)).order });
    await stack.drainJobs();
    return { advocate, rewards: await db.reward.findMany({ where: { customerGid: advocate.gid }, orderBy: { id: "asc" } }) };
  }

  it("a referred friend's paid order issues one store credit and one discount code, once, however often it is delivered", async () => {
    const advocateCustomer = sandboxCustomer(stack.sandbox.state, stack.shop, "alice@example.com");
    await createAdvocate(stack.db.prisma, stack.shop, "ALICE", advocateCustomer);
    const { friend, order } = await referredOrder("ALICE", "bob@example.com");

    const created = await stack.deliver({ topic: "orders/create", payload: order });
    const paid = await stack.deliver({ topic: "orders/paid", payload: order });
    expect([created.status, paid.status]).toEqual([200, 200]);
    await stack.deliver({ topic: "orders/paid", payload: order, webhookId: paid.webhookId }); // Shopify retry
    await stack.deliver({ topic: "orders/paid", payload: order }); // a second delivery of the same event
    await stack.drainJobs();

    const issued = issuedInSandbox(stack.sandbox.state, stack.shop);
    expect(issued.credits.get(advocateCustomer.gid)).toEqual([expect.objectContaining({ amountMinor: 1500 })]);
    const friendCodes = [...issued.codes.values()].filter((c) => c.customerIds.includes(friend.gid));
    expect(friendCodes).toHaveLength(1);

    const rewards = await stack.db.prisma.reward.findMany({ include: { transitions: { orderBy: { createdAt: "asc" } } } });
    expect(rewards.map((r) => [r.recipient, r.kind, r.status, r.amountMinor]).sort()).toEqual([
      ["advocate", "store_credit", "issued", 1500n],
      ["friend", "discount_code", "issued", 1000n],
    ]);
    const credit = rewards.find((r) => r.recipient === "advocate")!;
    expect(credit.shopifyRef).toBe(issued.credits.get(advocateCustomer.gid)![0].id);
    expect(credit.transitions.map((t) => t.toStatus)).toEqual(["pending", "issuing", "issued"]);
    expect(rewards.find((r) => r.recipient === "friend")!.discountCode).toBe(friendCodes[0].code);

    // Everything again, later: nothing more is issued.
    await stack.deliver({ topic: "orders/paid", payload: order });
    await stack.drainJobs();
    const again = issuedInSandbox(stack.sandbox.state, stack.shop);
    expect(again.credits.get(advocateCustomer.gid)).toHaveLength(1);
    expect(again.codes.size).toBe(issued.codes.size);

    // One email per issued reward, queued with the move to issued, once however often it ran.
    const emails = await stack.db.prisma.sentEmail.findMany({ where: { rewardId: { in: rewards.map((r) => r.id) } } });
    expect(emails.map((e) => [e.kind, e.rewardId]).sort()).toEqual(
      [
        ["reward_earned", credit.id],
        ["friend_code", rewards.find((r) => r.recipient === "friend")!.id],
      ].sort(),
    );
    const emailJobs = await stack.db.prisma.job.findMany({ where: { name: "notifications.send-email", uniqueKey: { in: emails.map((e) => `email:${e.dedupeKey}`) } } });
    expect(emailJobs).toHaveLength(2);
  });

  it("records every paid order once, referred or not, for the dashboard's all-orders average; unpaid ones wait, cancelled ones drop out", async () => {
    const id = randomShopifyId();
    const gid = `gid://shopify/Order/${id}`;
    const pending = orderPayload({ id, email: "walk-in@example.com", lineItems: [{ title: "Tent", price: "120.00" }], shipping: "0.00", financialStatus: "pending" });
    await stack.deliver({ topic: "orders/create", payload: pending });
    await stack.drainJobs();
    expect(await stack.db.prisma.paidOrder.findMany({ where: { orderGid: gid } })).toEqual([]);

    const paid = orderPayload({ id, email: "walk-in@example.com", lineItems: [{ title: "Tent", price: "120.00" }], shipping: "0.00" });
    await stack.deliver({ topic: "orders/paid", payload: paid });
    await stack.deliver({ topic: "orders/paid", payload: paid });
    await stack.drainJobs();
    const rows = await stack.db.prisma.paidOrder.findMany({ where: { orderGid: gid } });
    expect(rows.map((r) => [r.shopId, r.currency, r.cancelled])).toEqual([[stack.shop, "USD", false]]);
    expect(rows[0].totalMinor).toBe(12000n);

    await stack.deliver({ topic: "orders/cancelled", payload: orderPayload({ id, email: "walk-in@example.com", lineItems: [{ title: "Tent", price: "120.00" }], shipping: "0.00", cancelledAt: new Date().toISOString() }) });
    await stack.drainJobs();
    expect((await stack.db.prisma.paidOrder.findMany({ where: { orderGid: gid } })).map((r) => r.cancelled)).toEqual([true]);
  });

  it("records what the friend's code took off a later order as the friend side of the reward cost; a merchant's own code counts nothing", async () => {
    const advocateCustomer = sandboxCustomer(stack.sandbox.state, stack.shop, "gina@example.com");
    await createAdvocate(stack.db.prisma, stack.shop, "GINA", advocateCustomer);
    const { friend, order } = await referredOrder("GINA", "hank@example.com");
    await stack.deliver({ topic: "orders/paid", payload: order });
    await stack.drainJobs();
    // After-first-order mode: the friend's code for the next order.
    const friendReward = await stack.db.prisma.reward.findFirstOrThrow({ where: { recipient: "friend", referral: { orderGid: `gid://shopify/Order/${order.id}` } } });
    expect(friendReward.status).toBe("issued");
    const recorded = async (orderId: string) => (await stack.db.prisma.paidOrder.findUniqueOrThrow({ where: { shopId_orderGid: { shopId: stack.shop, orderGid: `gid://shopify/Order/${orderId}` } } })).friendDiscountMinor;
    expect(await recorded(String(order.id))).toBe(0n);

    const second = orderPayload({ id: randomShopifyId(), customer: { id: friend.id, email: friend.email }, lineItems: [{ title: "Socks", price: "40.00" }], discountCodes: [{ code: friendReward.discountCode!.toLowerCase(), amount: "10.00", type: "fixed_amount" }] });
    const merchants = orderPayload({ id: randomShopifyId(), email: "walk-in2@example.com", lineItems: [{ title: "Socks", price: "40.00" }], discountCodes: [{ code: "SUMMER10", amount: "4.00", type: "percentage" }] });
    for (const payload of [second, second, merchants]) await stack.deliver({ topic: "orders/paid", payload });
    await stack.drainJobs();
    expect(await recorded(String(second.id))).toBe(1000n);
    expect(await recorded(String(merchants.id))).toBe(0n);
  });

  it("a full refund after issuance debits the advocate's credit; a partial one of a fixed reward keeps it", async () => {
    const advocateCustomer = sandboxCustomer(stack.sandbox.state, stack.shop, "carol@example.com");
    await createAdvocate(stack.db.prisma, stack.shop, "CAROL", advocateCustomer);
    const { id, order } = await referredOrder("carol", "dan@example.com");
    await stack.deliver({ topic: "orders/paid", payload: order });
    await stack.drainJobs();
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).balances.get(advocateCustomer.gid)).toBe(1500);

    await stack.deliver({ topic: "refunds/create", payload: refundPayload({ orderId: id, amount: "10.00" }) });
    await stack.drainJobs();
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).balances.get(advocateCustomer.gid)).toBe(1500);

    const full = refundPayload({ orderId: id, amount: "70.00" });
    await stack.deliver({ topic: "refunds/create", payload: full });
    await stack.deliver({ topic: "refunds/create", payload: full });
    await stack.drainJobs();
    const after = issuedInSandbox(stack.sandbox.state, stack.shop);
    expect(after.balances.get(advocateCustomer.gid)).toBe(0);
    expect(after.debits.get(advocateCustomer.gid)).toEqual([expect.objectContaining({ amountMinor: -1500 })]);
    const reward = await stack.db.prisma.reward.findFirstOrThrow({ where: { customerGid: advocateCustomer.gid } });
    expect(reward).toMatchObject({ status: "reversed", reversedMinor: 1500n, owedMinor: 0n });
  });

  it("a full refund after the advocate spent the credit records it as owed, under the account's lock, and debits nothing", async () => {
    const { adminClientForShop } = await import("../../app/shopify/admin-client.server");
    const { debitStoreCredit } = await import("../../app/shopify/store-credit.server");
    const advocateCustomer = sandboxCustomer(stack.sandbox.state, stack.shop, "spender@example.com");
    await createAdvocate(stack.db.prisma, stack.shop, "SPENDER", advocateCustomer);
    const { id, order } = await referredOrder("SPENDER", "spender-friend@example.com");
    await stack.deliver({ topic: "orders/paid", payload: order });
    await stack.drainJobs();
    // The advocate spends the $15 at checkout (Shopify debits the account).
    await debitStoreCredit(await adminClientForShop(stack.db.prisma, stack.shop), { ownerId: advocateCustomer.gid, amount: { minorUnits: 1500n, currencyCode: "USD" } });
    const debitsBefore = issuedInSandbox(stack.sandbox.state, stack.shop).debits.get(advocateCustomer.gid)?.length ?? 0;

    await stack.deliver({ topic: "refunds/create", payload: refundPayload({ orderId: id, amount: "80.00" }) });
    await stack.drainJobs();
    const reward = await stack.db.prisma.reward.findFirstOrThrow({ where: { customerGid: advocateCustomer.gid } });
    expect(reward).toMatchObject({ status: "reversed", reversedMinor: 0n, owedMinor: 1500n });
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).debits.get(advocateCustomer.gid)).toHaveLength(debitsBefore);
    expect(await stack.db.prisma.storeCreditLock.count({ where: { customerGid: advocateCustomer.gid } })).toBe(0);
  });

  it("a refund delivered before its paid order cancels the rewards before anything is issued", async () => {
    const advocateCustomer = sandboxCustomer(stack.sandbox.state, stack.shop, "erin@example.com");
    await createAdvocate(stack.db.prisma, stack.shop, "ERIN", advocateCustomer);
    const { friend, id, order } = await referredOrder("ERIN", "fay@example.com");
    await stack.deliver({ topic: "refunds/create", payload: refundPayload({ orderId: id, amount: "80.00" }) });
    await stack.drainJobs();
    await stack.deliver({ topic: "orders/paid", payload: order });
    await stack.drainJobs();
    const issued = issuedInSandbox(stack.sandbox.state, stack.shop);
    expect(issued.credits.get(advocateCustomer.gid)).toBeUndefined();
    expect([...issued.codes.values()].filter((c) => c.customerIds.includes(friend.gid))).toHaveLength(0);
    const referral = await stack.db.prisma.referral.findFirstOrThrow({ where: { friendCustomerGid: friend.gid }, include: { rewards: true } });
    expect(referral.refundedMinor).toBe(8000n);
    expect(referral.rewards.map((r) => r.status).sort()).toEqual(["cancelled", "cancelled"]);
  });

  it("a self-referral, a second order and a small order are not rewarded, with the reason kept", async () => {
    const advocateCustomer = sandboxCustomer(stack.sandbox.state, stack.shop, "gus@example.com");
    await createAdvocate(stack.db.prisma, stack.shop, "GUS", advocateCustomer);
    const self = orderPayload({ customer: { id: advocateCustomer.id, email: advocateCustomer.email }, noteAttributes: [{ name: "_twofold_ref", value: "GUS" }] });
    const { order: small } = await referredOrder("GUS", "hal@example.com", { lineItems: [{ title: "Socks", price: "5.00" }] });
    const first = await referredOrder("GUS", "ivy@example.com");
    const second = orderPayload({ customer: { id: first.friend.id, email: first.friend.email }, landingSite: "/?ref=GUS" });
    for (const payload of [self, small, first.order]) await stack.deliver({ topic: "orders/paid", payload });
    await stack.drainJobs();
    await stack.deliver({ topic: "orders/paid", payload: second });
    await stack.drainJobs();
    const rejected = await stack.db.prisma.auditLog.findMany({ where: { action: "referral.rejected" } });
    const reasons = rejected.map((r) => (r.data as { reason: string }).reason).sort();
    expect(reasons).toEqual(["below_minimum", "not_first_order", "self_referral"]);
    const rejectedReferrals = await stack.db.prisma.referral.findMany({ where: { id: { in: rejected.map((r) => r.subjectId) } } });
    expect(rejectedReferrals.map((r) => [r.status, r.rejectionReason]).sort()).toEqual([
      ["rejected", "below_minimum"],
      ["rejected", "not_first_order"],
      ["rejected", "self_referral"],
    ]);
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(advocateCustomer.gid)).toHaveLength(1);
  });

  it("a hold period holds the reward, the release job issues it when due", async () => {
    await activateProgram(stack.db.prisma, stack.shop, { ...BASE_CONFIG, advocateReward: { ...BASE_CONFIG.advocateReward, holdDays: 14 } });
    const advocateCustomer = sandboxCustomer(stack.sandbox.state, stack.shop, "jo@example.com");
    await createAdvocate(stack.db.prisma, stack.shop, "JO", advocateCustomer);
    const { order } = await referredOrder("JO", "kim@example.com");
    await stack.deliver({ topic: "orders/paid", payload: order });
    await stack.drainJobs();
    const held = await stack.db.prisma.reward.findFirstOrThrow({ where: { customerGid: advocateCustomer.gid } });
    expect(held.status).toBe("held");
    expect(held.holdUntil!.getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    await stack.db.prisma.reward.update({ where: { id: held.id }, data: { holdUntil: new Date(Date.now() - 1000) } });
    const { enqueue } = await import("../../app/jobs/queue.server");
    const { releaseHeldRewardsJob } = await import("../../app/rewards/release-held-rewards.job.server");
    await enqueue(stack.db.prisma, releaseHeldRewardsJob, {});
    await stack.drainJobs();
    expect((await stack.db.prisma.reward.findUniqueOrThrow({ where: { id: held.id } })).status).toBe("issued");
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(advocateCustomer.gid)).toHaveLength(1);
  });

  it("the stuck-reward sweep queues one issue job for a reward that waits too long, not another while that one waits", async () => {
    const { releaseHeldRewardsJob } = await import("../../app/rewards/release-held-rewards.job.server");
    const db = stack.db.prisma;
    await activateProgram(db, stack.shop);
    const advocateCustomer = sandboxCustomer(stack.sandbox.state, stack.shop, "sweep@example.com");
    await createAdvocate(db, stack.shop, "SWEEP", advocateCustomer);
    const { order } = await referredOrder("SWEEP", "swept@example.com");
    await stack.deliver({ topic: "orders/paid", payload: order });
    await stack.drainJobs();
    const reward = await db.reward.findFirstOrThrow({ where: { customerGid: advocateCustomer.gid } });
    // Pretend it has been pending for an hour (its issue job lost, e.g. a dead worker's).
    await db.reward.update({ where: { id: reward.id }, data: { status: "pending", updatedAt: new Date(Date.now() - 3_600_000) } });
    const issueJobs = () => db.job.findMany({ where: { name: "rewards.issue", uniqueKey: { startsWith: `reward-issue:${reward.id}:sweep-` } } });
    const sweep = () => releaseHeldRewardsJob.handler({ limit: 500, stuckAfterMs: 1 }, { db } as Parameters<typeof releaseHeldRewardsJob.handler>[1]);
    try {
      await sweep();
      expect(await issueJobs()).toHaveLength(1);
      // Later sweeps (a new slot each time) leave it alone while its job still waits.
      await new Promise((r) => setTimeout(r, 5));
      await sweep();
      await sweep();
      expect(await issueJobs()).toHaveLength(1);
      // Once that job is over and the reward still is not issued, the next sweep tries again.
      await db.job.updateMany({ where: { id: (await issueJobs())[0].id }, data: { status: "dead" } });
      await sweep();
      expect(await issueJobs()).toHaveLength(2);
    } finally {
      await db.job.deleteMany({ where: { name: "rewards.issue", uniqueKey: { startsWith: `reward-issue:${reward.id}:sweep-` } } });
      await db.reward.update({ where: { id: reward.id }, data: { status: "issued" } });
    }
  });

  it("the sweep finds a stuck reward behind more waiting ones than it reads at once", async () => {
    const { releaseHeldRewardsJob } = await import("../../app/rewards/release-held-rewards.job.server");
    const { enqueueIssue } = await import("../../app/rewards/issue-reward.job.server");
    const db = stack.db.prisma;
    const { rewards } = await advocateWithPaidOrders("CROWD", "crowd@example.com", ["crowd-one@example.com", "crowd-two@example.com", "crowd-three@example.com"]);
    expect(rewards).toHaveLength(3);
    // All three pending for an hour; the first two still have an issue job waiting its turn.
    const others = await db.reward.findMany({ where: { status: { in: ["pending", "issuing"] } }, select: { id: true } });
    await db.reward.updateMany({ where: { id: { in: rewards.map((r) => r.id) } }, data: { status: "pending", updatedAt: new Date(Date.now() - 3_600_000) } });
    for (const r of rewards.slice(0, 2)) await enqueueIssue(db, stack.shop, r.id, "waiting");
    await db.job.updateMany({ where: { uniqueKey: { endsWith: ":waiting" } }, data: { runAt: new Date(Date.now() + 3_600_000) } });
    const sweepJobs = () => db.job.findMany({ where: { name: "rewards.issue", uniqueKey: { contains: ":sweep-" } }, select: { uniqueKey: true } });
    const before = new Set((await sweepJobs()).map((j) => j.uniqueKey));
    try {
      // Reading one at a time: the two waiting ones come first and are skipped, the third is found.
      await releaseHeldRewardsJob.handler({ limit: 1, stuckAfterMs: 1 }, { db } as Parameters<typeof releaseHeldRewardsJob.handler>[1]);
      const added = (await sweepJobs()).map((j) => j.uniqueKey!).filter((k) => !before.has(k));
      expect(added.filter((k) => !others.some((o) => k.includes(o.id)))).toEqual([expect.stringContaining(`reward-issue:${rewards[2].id}:sweep-`)]);
    } finally {
      await db.job.deleteMany({ where: { OR: [{ uniqueKey: { endsWith: ":waiting" } }, { uniqueKey: { contains: ":sweep-" }, status: "queued" }] } });
      await db.reward.updateMany({ where: { id: { in: rewards.map((r) => r.id) } }, data: { status: "issued" } });
    }
  });

  it("a store-credit lock left by a run that died before sending does not block the advocate's next credit", async () => {
    const db = stack.db.prisma;
    await activateProgram(db, stack.shop);
    const advocateCustomer = sandboxCustomer(stack.sandbox.state, stack.shop, "stale-lock@example.com");
    await createAdvocate(db, stack.shop, "STALE", advocateCustomer);
    // First order: refunded before it was paid, so its reward is cancelled before issuance. A
    // run that took the account's lock for it and was killed before sending left the lock.
    const first = await referredOrder("STALE", "stale-one@example.com");
    await stack.deliver({ topic: "refunds/create", payload: refundPayload({ orderId: first.id, amount: "80.00" }) });
    await stack.deliver({ topic: "orders/paid", payload: first.order });
    await stack.drainJobs();
    const cancelled = await db.reward.findFirstOrThrow({ where: { customerGid: advocateCustomer.gid } });
    expect(cancelled.status).toBe("cancelled");
    await db.storeCreditLock.create({
      data: { shopId: stack.shop, customerGid: advocateCustomer.gid, currency: "USD", rewardId: cancelled.id, balanceBeforeMinor: 0n, createdAt: new Date(Date.now() - 3_600_000) },
    });

    // Second order: its credit is issued; the lock of the cancelled reward is gone.
    const second = await referredOrder("STALE", "stale-two@example.com");
    await stack.deliver({ topic: "orders/paid", payload: second.order });
    await stack.drainJobs();
    const issued = await db.reward.findFirstOrThrow({ where: { customerGid: advocateCustomer.gid, id: { not: cancelled.id } } });
    expect(issued.status).toBe("issued");
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(advocateCustomer.gid)?.map((c) => c.id)).toEqual([issued.shopifyRef]);
    expect(await db.storeCreditLock.count({ where: { customerGid: advocateCustomer.gid } })).toBe(0);

    // The same for a credit lock whose reward another run has issued meanwhile.
    await db.storeCreditLock.create({ data: { shopId: stack.shop, customerGid: advocateCustomer.gid, currency: "USD", rewardId: issued.id, balanceBeforeMinor: 0n, operation: "credit" } });
    const third = await referredOrder("STALE", "stale-three@example.com");
    await stack.deliver({ topic: "orders/paid", payload: third.order });
    await stack.drainJobs();
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(advocateCustomer.gid)).toHaveLength(2);
    expect(await db.reward.count({ where: { customerGid: advocateCustomer.gid, status: "issued" } })).toBe(2);
    expect(await db.storeCreditLock.count({ where: { customerGid: advocateCustomer.gid } })).toBe(0);
  });

  it("a lock held by a reward still being issued is waited for, without using up the waiting job's attempts", async () => {
    const { issueReward } = await import("../../app/rewards/issue-reward.server");
    const { RetryJobLaterError } = await import("../../app/jobs/define-job");
    const db = stack.db.prisma;
    const { advocate: advocateCustomer, rewards } = await advocateWithPaidOrders("BUSY", "busy-lock@example.com", ["busy-one@example.com", "busy-two@example.com"]);
    const [first, second] = rewards;
    // Pretend the first credit is in flight (issuing, its lock held) while the second is due.
    await db.reward.update({ where: { id: first.id }, data: { status: "issuing" } });
    await db.reward.update({ where: { id: second.id }, data: { status: "pending" } });
    const lock = await db.storeCreditLock.create({ data: { shopId: stack.shop, customerGid: advocateCustomer.gid, currency: "USD", rewardId: first.id, balanceBeforeMinor: 0n } });
    const calls = stack.sandbox.state.shops.get(stack.shop)!.requestLog.length;
    try {
      const error = await issueReward(db, second.id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RetryJobLaterError);
      expect((error as InstanceType<typeof RetryJobLaterError>).countsAsAttempt).toBe(false);
      // The holder's lock stays, and nothing was sent to Shopify for the second reward.
      expect(await db.storeCreditLock.findUnique({ where: { id: lock.id } })).not.toBeNull();
      expect((await db.reward.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("pending");
      expect(stack.sandbox.state.shops.get(stack.shop)!.requestLog.length).toBe(calls);
      // A debit lock of an issued reward (a reversal in flight) is waited for as well.
      await db.reward.update({ where: { id: first.id }, data: { status: "issued" } });
      await db.storeCreditLock.update({ where: { id: lock.id }, data: { operation: "debit" } });
      expect(await issueReward(db, second.id).catch((e: unknown) => e)).toBeInstanceOf(RetryJobLaterError);
      expect(await db.storeCreditLock.findUnique({ where: { id: lock.id } })).not.toBeNull();
    } finally {
      await db.storeCreditLock.deleteMany({ where: { id: lock.id } });
      await db.reward.updateMany({ where: { id: { in: [first.id, second.id] } }, data: { status: "issued" } });
    }
  });

  it("a reversal whose reward another run settled while it took the account sends no second debit", async () => {
    const { reverseReward } = await import("../../app/rewards/reverse-reward.server");
    const { RetryJobLaterError } = await import("../../app/jobs/define-job");
    const db = stack.db.prisma;
    const { advocate, rewards } = await advocateWithPaidOrders("REREAD", "reread@example.com", ["reread-friend@example.com"]);
    const [reward] = rewards;
    expect(reward.status).toBe("issued");
    // Refunded in full: the whole credit is to be taken back.
    await db.referral.update({ where: { id: reward.referralId! }, data: { refundedMinor: 8000n } });
    // Between this run's read of the reward and its lock, another run settles the reversal.
    const racing = db.$extends({
      query: {
        storeCreditLock: {
          async create({ args, query }) {
            const created = await query(args);
            await db.reward.update({ where: { id: reward.id }, data: { owedMinor: reward.amountMinor } });
            return created;
          },
        },
      },
    }) as unknown as typeof db;
    try {
      await expect(reverseReward(racing, reward.id)).rejects.toBeInstanceOf(RetryJobLaterError);
      expect(issuedInSandbox(stack.sandbox.state, stack.shop).debits.get(advocate.gid) ?? []).toEqual([]);
      expect(await db.storeCreditLock.count({ where: { customerGid: advocate.gid } })).toBe(0);
    } finally {
      await db.reward.update({ where: { id: reward.id }, data: { owedMinor: 0n } });
      await db.referral.update({ where: { id: reward.referralId! }, data: { refundedMinor: 0n } });
    }
  });

  it("sends a first credit without reading the account; reads it only after an answer was lost, and finds the credit there", { timeout: 90_000 }, async () => {
    const db = stack.db.prisma;
    await activateProgram(db, stack.shop);
    const log = stack.sandbox.state.shops.get(stack.shop)!.requestLog;
    const about = (customerGid: string) => log.filter((e) => e.variables?.id === customerGid || e.variables?.customerId === customerGid);
    const reads = (customerGid: string) => about(customerGid).filter((e) => e.operationName === "ListStoreCreditTransactions").length;
    const credits = (customerGid: string) => about(customerGid).filter((e) => e.operationName === "CreditStoreCredit").length;

    // A first attempt: one mutation, no read of the account's transactions.
    const plain = sandboxCustomer(stack.sandbox.state, stack.shop, "plain-advocate@example.com");
    await createAdvocate(db, stack.shop, "PLAIN", plain);
    await stack.deliver({ topic: "orders/paid", payload: (await referredOrder("PLAIN", "plain-friend@example.com")).order });
    await stack.drainJobs();
    expect(issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(plain.gid)).toHaveLength(1);
    expect([credits(plain.gid), reads(plain.gid)]).toEqual([1, 0]);

    // The credit lands but its answer is lost (a 502 after applying): the outcome is unknown, so
    // the next attempt reads the account once, finds the credit and records it; none is sent again.
    const lost = sandboxCustomer(stack.sandbox.state, stack.shop, "lost-answer@example.com");
    await createAdvocate(db, stack.shop, "LOSTANSWER", lost);
    const fault = await fetch(`${stack.sandbox.url}/__sandbox/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: stack.shop, kind: "applyThenFail", count: 1, match: "storeCreditAccountCredit" }),
    });
    expect(fault.ok).toBe(true);
    await stack.deliver({ topic: "orders/paid", payload: (await referredOrder("LOSTANSWER", "lost-friend@example.com")).order });
    await stack.drainJobs();
    const landed = issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(lost.gid)!;
    expect(landed).toHaveLength(1);
    expect([credits(lost.gid), reads(lost.gid)]).toEqual([1, 1]);
    const reward = await db.reward.findFirstOrThrow({ where: { customerGid: lost.gid, recipient: "advocate" } });
    expect(reward).toMatchObject({ status: "issued", shopifyRef: landed[0].id });
    expect(await db.storeCreditLock.count({ where: { customerGid: lost.gid } })).toBe(0);
  });

  it("Shopify's user errors end in failed with the reason visible", async () => {
    await activateProgram(stack.db.prisma, stack.shop);
    const ghost = { gid: "gid://shopify/Customer/999999999999999999", email: "ghost@example.com" };
    await createAdvocate(stack.db.prisma, stack.shop, "GHOST", ghost);
    const { order } = await referredOrder("GHOST", "lee@example.com");
    await stack.deliver({ topic: "orders/paid", payload: order });
    await stack.drainJobs();
    const reward = await stack.db.prisma.reward.findFirstOrThrow({ where: { customerGid: ghost.gid } });
    expect(reward.status).toBe("failed");
    expect(reward.failureReason).toMatch(/no customer|OWNER_NOT_FOUND|not found/i);
  });
});
