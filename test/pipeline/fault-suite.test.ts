// The fault suite: many referral orders, every webhook delivered 1–5 times in shuffled order
// (refunds before their paid order included), real worker processes SIGKILLed at random while
// they issue, and the sandbox answering 429 / 5xx / THROTTLED / apply-then-fail. At the end the
// sandbox's store credits and discount codes must be exactly the ledger's issued rewards: none
// twice, none lost. It runs once per advocate reward type: store credit (new customer accounts)
// and a discount code bound to the advocate (classic accounts, readiness off). Size per type:
// FAULT_ORDERS (default 80 on PostgreSQL with 2 workers, 30 on SQLite with 1); FAULT_WORKERS
// overrides the worker count, FAULT_REWARD_TYPES (comma-separated) picks the types.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { withSqliteBusyRetry } from "../../app/db.server";
import { orderPayload, randomShopifyId, refundPayload } from "../../sandbox/storefront/payloads";
import { TEST_API_SECRET } from "../helpers/app-server";
import { ROOT, testDatabaseKind } from "../helpers/db";
import { startStack, type Stack } from "../helpers/stack";
import { activateProgram, BASE_CONFIG, createAdvocate, issuedInSandbox, sandboxCustomer } from "./pipeline-fixtures";

const KIND = testDatabaseKind();
const ORDERS = Number(process.env.FAULT_ORDERS ?? (KIND === "postgresql" ? 80 : 30));
const WORKERS = Number(process.env.FAULT_WORKERS ?? (KIND === "postgresql" ? 2 : 1));
const ADVOCATES = Math.max(3, Math.ceil(ORDERS / 6)); // several referrals per account: the lock is contended
const TIMEOUT_MS = Number(process.env.FAULT_TIMEOUT_MS ?? 8 * 60_000);
type AdvocateRewardKind = "store_credit" | "discount_code";
const REWARD_TYPES = (process.env.FAULT_REWARD_TYPES ?? "store_credit,discount_code").split(",").map((t) => t.trim()) as AdvocateRewardKind[];
for (const t of REWARD_TYPES) if (t !== "store_credit" && t !== "discount_code") throw new Error(`FAULT_REWARD_TYPES: unknown type ${t}`);

interface Worker {
  id: string;
  child: ChildProcess;
  exited: Promise<void>;
  stderr: string;
}

function rand(n: number): number {
  return crypto.randomInt(n);
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

describe.each(REWARD_TYPES)(`fault suite (${KIND}, ${ORDERS} orders, ${WORKERS} worker process(es), advocate reward: %s)`, (advocateKind) => {
  const byCode = advocateKind === "discount_code";
  let stack: Stack;
  const workers = new Map<string, Worker>();
  let spawned = 0;
  let kills = 0;

  function startWorker(): Worker {
    const id = `w${++spawned}`;
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "test/pipeline/fixtures/pipeline-worker.ts")], {
      cwd: ROOT,
      // The app's URL and secret, as the app has them: emails carry a signed unsubscribe link.
      env: { ...process.env, DATABASE_URL: stack.db.url, SHOPIFY_SANDBOX_URL: stack.sandbox.url, SHOPIFY_APP_URL: stack.app.url, SHOPIFY_API_SECRET: TEST_API_SECRET, WORKER_ID: id, WORKER_LEASE_MS: "3000", TWOFOLD_CREDIT_TIMEOUT_MS: "3000" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const worker: Worker = { id, child, stderr: "", exited: new Promise((resolve) => child.once("exit", () => resolve())) };
    child.stderr!.on("data", (chunk) => (worker.stderr += chunk));
    child.stdout!.resume();
    workers.set(id, worker);
    void worker.exited.then(() => workers.delete(id));
    return worker;
  }

  afterAll(async () => {
    for (const w of workers.values()) w.child.kill("SIGKILL");
    await Promise.all([...workers.values()].map((w) => w.exited));
    await stack?.stop();
  });

  it("issues every reward exactly once through duplicates, reordering, crashes and Shopify faults", { timeout: TIMEOUT_MS + 120_000 }, async () => {
    // Readiness off for the code variant: the shop is on classic customer accounts.
    stack = await startStack({ shop: { restoreRate: 500, customerAccountsVersion: byCode ? "CLASSIC" : "NEW_CUSTOMER_ACCOUNTS" } });
    const db = stack.db.prisma;
    if (KIND === "sqlite") await db.$queryRawUnsafe("PRAGMA busy_timeout = 10000"); // the app and a worker write the same file
    await activateProgram(db, stack.shop, { ...BASE_CONFIG, advocateReward: { ...BASE_CONFIG.advocateReward, kind: advocateKind, minimumOrderMinor: null } });
    const advocates = [];
    for (let i = 0; i < ADVOCATES; i++) {
      const customer = sandboxCustomer(stack.sandbox.state, stack.shop, `advocate${i}@example.com`);
      advocates.push({ ...customer, code: `ADV${i}` });
      await createAdvocate(db, stack.shop, `ADV${i}`, customer);
    }

    // Orders: a third refunded in full, a sixth partly; every delivery 1–5 times, some replays
    // of the same webhook id (Shopify retries), some fresh ids (the same event sent again).
    type Delivery = { topic: string; payload: unknown; webhookId: string };
    const deliveries: Delivery[] = [];
    const expectations: { advocate: string; fullRefund: boolean }[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const advocate = advocates[i % ADVOCATES];
      const friend = sandboxCustomer(stack.sandbox.state, stack.shop, `friend${i}@example.com`);
      const id = randomShopifyId();
      const order = orderPayload({ id, number: 1000 + i, customer: { id: friend.id, email: friend.email }, noteAttributes: [{ name: "_twofold_ref", value: advocate.code }], lineItems: [{ title: "Thing", price: "60.00" }] });
      const events: { topic: string; payload: unknown }[] = [{ topic: "orders/create", payload: order }, { topic: "orders/paid", payload: order }];
      const fullRefund = i % 3 === 0;
      if (fullRefund) events.push({ topic: "refunds/create", payload: refundPayload({ orderId: id, amount: "60.00" }) });
      else if (i % 6 === 1) events.push({ topic: "refunds/create", payload: refundPayload({ orderId: id, amount: "15.00" }) });
      expectations.push({ advocate: advocate.gid, fullRefund });
      for (const event of events) {
        const webhookId = crypto.randomUUID();
        const times = 1 + rand(5);
        for (let t = 0; t < times; t++) deliveries.push({ ...event, webhookId: t > 0 && rand(2) === 0 ? crypto.randomUUID() : webhookId });
      }
    }
    shuffle(deliveries);

    const faultKinds = ["http429", "http503", "http500", "throttled", "applyThenFail", "applyThenFail"];
    const matches = ["storeCreditAccountCredit", "discountCodeBasicCreate", "storeCreditAccountDebit", "ListStoreCreditTransactions", "FindDiscountCodeByCode"];
    const injectFault = () =>
      fetch(`${stack.sandbox.url}/__sandbox/faults`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ shop: stack.shop, kind: faultKinds[rand(faultKinds.length)], count: 1 + rand(3), match: matches[rand(matches.length)], retryAfter: 0 }),
      });

    for (let w = 0; w < WORKERS; w++) startWorker();
    let chaos = true;
    const chaosLoop = (async () => {
      while (chaos) {
        await new Promise((r) => setTimeout(r, 300 + rand(1200)));
        if (!chaos) break;
        await injectFault();
        if (rand(2) === 0) {
          const victim = [...workers.values()][rand(workers.size)];
          if (victim) {
            victim.child.kill("SIGKILL");
            kills++;
            await victim.exited;
            startWorker();
          }
        }
      }
    })();

    const started = Date.now();
    // Shopify retries a delivery the app did not answer with 2xx (for hours); so does this
    // loop, a few times. A first-attempt failure is reported (the app was overloaded, e.g. a
    // busy SQLite file), a delivery that never gets a 2xx fails the suite.
    let failedDeliveries = 0;
    let retriedDeliveries = 0;
    await pool(deliveries, 16, async (d) => {
      for (let attempt = 1; ; attempt++) {
        const result = await stack.deliver({ topic: d.topic, payload: d.payload, webhookId: d.webhookId });
        if (result.ok) return;
        if (attempt === 1) retriedDeliveries++;
        if (attempt === 5) {
          failedDeliveries++;
          return;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    });
    const ingestMs = Date.now() - started;

    // Keep the chaos going for a while after the last delivery, then let the workers finish.
    await new Promise((r) => setTimeout(r, 3_000));
    chaos = false;
    await chaosLoop;
    await fetch(`${stack.sandbox.url}/__sandbox/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ shop: stack.shop, clear: true }) });

    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      // SQLite: the app, the worker and this poll share one file; a busy poll just polls again.
      const count = (q: () => Promise<number>) => withSqliteBusyRetry(db, q).catch(() => -1);
      const jobsLeft = await count(() => db.job.count({ where: { status: { in: ["queued", "running"] }, name: { not: "rewards.release-held" } } }));
      const rewardsInFlight = await count(() => db.reward.count({ where: { status: { in: ["pending", "issuing"] } } }));
      if (jobsLeft === 0 && rewardsInFlight === 0) break;
      if (Date.now() > deadline) throw new Error(`not settled: ${jobsLeft} jobs, ${rewardsInFlight} rewards in flight; workers: ${[...workers.values()].map((w) => w.stderr.slice(-2000)).join("\n")}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const totalMs = Date.now() - started;

    // ---- the ledger against the sandbox
    const sandbox = issuedInSandbox(stack.sandbox.state, stack.shop);
    const rewards = await db.reward.findMany({ include: { referral: true } });
    const dead = await db.job.findMany({ where: { status: "dead" } });
    const credits = [...sandbox.credits.values()].flat();
    const creditIds = credits.map((c) => c.id);
    const ledgerCredits = rewards.filter((r) => r.kind === "store_credit" && (r.status === "issued" || r.status === "reversed"));
    // A code issued and then reversed by a refund still exists in Shopify (deactivated when unused).
    const ledgerCodes = rewards.filter((r) => r.kind === "discount_code" && (r.status === "issued" || r.status === "reversed"));

    console.log(
      JSON.stringify({
        kind: KIND, advocateKind, orders: ORDERS, deliveries: deliveries.length, workers: WORKERS, kills, failedDeliveries, retriedDeliveries, ingestMs, totalMs,
        creditsInSandbox: credits.length, codesInSandbox: sandbox.codes.size, dead: dead.map((j) => `${j.name}: ${j.lastError}`).slice(0, 5),
        statuses: rewards.reduce<Record<string, number>>((acc, r) => ((acc[`${r.recipient}:${r.status}`] = (acc[`${r.recipient}:${r.status}`] ?? 0) + 1), acc), {}),
      }),
    );

    expect(failedDeliveries).toBe(0);
    // No job gave up: waiting for a busy account is not a failure, and nothing else should fail for good.
    expect(dead.map((j) => `${j.name}: ${j.lastError}`)).toEqual([]);
    // One referral per order, two rewards per referral.
    expect(await db.referral.count()).toBe(ORDERS);
    expect(rewards).toHaveLength(ORDERS * 2);
    // None twice: every sandbox credit is distinct and recorded by exactly one reward.
    expect(new Set(creditIds).size).toBe(creditIds.length);
    expect(ledgerCredits.map((r) => r.shopifyRef).sort()).toEqual([...creditIds].sort());
    for (const r of ledgerCredits) expect(credits.find((c) => c.id === r.shopifyRef)!.amountMinor).toBe(Number(r.amountMinor));
    expect(ledgerCodes.map((r) => r.discountCode).sort()).toEqual([...sandbox.codes.keys()].sort());
    for (const r of ledgerCodes) expect(sandbox.codes.get(r.discountCode!)!.id).toBe(r.shopifyRef);
    // None lost: nothing left in flight or failed; each order ends as its refunds say.
    expect(rewards.filter((r) => !["issued", "reversed", "cancelled"].includes(r.status)).map((r) => `${r.status}: ${r.failureReason}`)).toEqual([]);
    const advocateRewards = rewards.filter((r) => r.recipient === "advocate");
    expect(advocateRewards.map((r) => r.kind).filter((k) => k !== advocateKind)).toEqual([]);
    for (const r of advocateRewards) {
      const full = r.referral!.refundedMinor >= (r.referral!.orderSubtotalMinor ?? 0n);
      if (full) expect(["cancelled", "reversed"]).toContain(r.status);
      else expect(r.status).toBe("issued");
    }
    expect(rewards.filter((r) => r.referral!.refundedMinor >= 6000n && r.recipient === "advocate")).toHaveLength(expectations.filter((e) => e.fullRefund).length);
    if (byCode) {
      // The advocate got codes, never credit: each issued advocate reward is one code bound to
      // that advocate alone, of the reward's value; a refund after issuance deactivates the
      // code (nobody uses codes here), so the whole reward is taken back and nothing is owed.
      expect(credits).toEqual([]);
      const advocateCodes = ledgerCodes.filter((r) => r.recipient === "advocate");
      const issuedAdvocate = advocateRewards.filter((r) => r.status === "issued" || r.status === "reversed");
      expect(issuedAdvocate.length).toBeGreaterThan(0);
      for (const r of issuedAdvocate) {
        const code = sandbox.codes.get(r.discountCode!);
        expect(code?.customerIds).toEqual([r.customerGid]);
        expect(code?.id).toBe(r.shopifyRef);
        const input = stack.sandbox.state.shops.get(stack.shop)!.discounts.get(code!.id)!.input;
        expect(JSON.stringify(input.customerGets)).toContain(`"amount":"${(Number(r.amountMinor) / 100).toFixed(2)}"`);
        const deactivated = stack.sandbox.state.shops.get(stack.shop)!.discounts.get(code!.id)!.deactivatedAt;
        if (r.status === "reversed") {
          expect(deactivated).toEqual(expect.any(String));
          expect(r.reversedMinor).toBe(r.amountMinor);
        } else expect(deactivated ?? null).toBeNull();
        expect(r.owedMinor).toBe(0n);
      }
      // Per advocate: as many codes in the sandbox as the ledger issued, none twice.
      for (const advocate of new Set(issuedAdvocate.map((r) => r.customerGid!))) {
        const inSandbox = [...sandbox.codes.values()].filter((c) => c.customerIds.includes(advocate) && c.title.includes("advocate"));
        expect(inSandbox).toHaveLength(issuedAdvocate.filter((r) => r.customerGid === advocate).length);
      }
      expect(advocateCodes).toHaveLength(issuedAdvocate.length);
    } else {
      // The money: each advocate's balance is exactly what the ledger says is still theirs.
      const owed = new Map<string, number>();
      for (const r of ledgerCredits) owed.set(r.customerGid!, (owed.get(r.customerGid!) ?? 0) + Number(r.amountMinor - r.reversedMinor));
      for (const [customer, amount] of owed) expect(sandbox.balances.get(customer) ?? 0).toBe(amount);
      expect(rewards.reduce((s, r) => s + r.owedMinor, 0n)).toBe(0n);
    }
    // Every status change is in the history.
    for (const r of rewards.slice(0, 50)) {
      const last = await db.rewardTransition.findFirst({ where: { rewardId: r.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
      expect(last?.toStatus).toBe(r.status);
    }
  });
});

// Owed recovery under the same duplicate, replayed and reordered deliveries: what an advocate
// owes after a refund of spent credit is deducted from their next rewards exactly once.
describe(`owed recovery through duplicate deliveries (${KIND})`, () => {
  let stack: Stack;
  afterAll(async () => stack?.stop());

  it("deducts the owed amount from the advocate's next rewards once, however often each webhook comes", { timeout: 120_000 }, async () => {
    stack = await startStack();
    const db = stack.db.prisma;
    const { adminClientForShop } = await import("../../app/shopify/admin-client.server");
    const { debitStoreCredit } = await import("../../app/shopify/store-credit.server");
    await activateProgram(db, stack.shop, { ...BASE_CONFIG, advocateReward: { ...BASE_CONFIG.advocateReward, minimumOrderMinor: null } });
    const advocate = sandboxCustomer(stack.sandbox.state, stack.shop, "owes@example.com");
    await createAdvocate(db, stack.shop, "OWES", advocate);
    const order = (i: number) => {
      const friend = sandboxCustomer(stack.sandbox.state, stack.shop, `owes-friend${i}@example.com`);
      const id = randomShopifyId();
      return { id, payload: orderPayload({ id, number: 2000 + i, customer: { id: friend.id, email: friend.email }, noteAttributes: [{ name: "_twofold_ref", value: "OWES" }], lineItems: [{ title: "Thing", price: "60.00" }] }) };
    };
    /** Each event 1–5 times, replays of its webhook id and fresh ids mixed, all shuffled and sent 8 at a time. */
    const deliverWithDuplicates = async (events: { topic: string; payload: unknown }[]) => {
      const deliveries: { topic: string; payload: unknown; webhookId: string }[] = [];
      for (const event of events) {
        const webhookId = crypto.randomUUID();
        const times = 1 + rand(5);
        for (let t = 0; t < times; t++) deliveries.push({ ...event, webhookId: t > 0 && rand(2) === 0 ? crypto.randomUUID() : webhookId });
      }
      await pool(shuffle(deliveries), 8, async (d) => {
        const result = await stack.deliver(d);
        expect(result.ok).toBe(true);
      });
      // Two job runners at once, as two workers would.
      await Promise.all([stack.drainJobs(), stack.drainJobs()]);
    };

    // First referral: $15 of credit, of which the advocate spends $10; then a full refund
    // debits the $5 left and records $10 as owed.
    const first = order(0);
    await deliverWithDuplicates([{ topic: "orders/create", payload: first.payload }, { topic: "orders/paid", payload: first.payload }]);
    await debitStoreCredit(await adminClientForShop(db, stack.shop), { ownerId: advocate.gid, amount: { minorUnits: 1000n, currencyCode: "USD" } });
    await deliverWithDuplicates([{ topic: "refunds/create", payload: refundPayload({ orderId: first.id, amount: "60.00" }) }]);
    const owing = await db.reward.findFirstOrThrow({ where: { recipient: "advocate", referral: { orderGid: `gid://shopify/Order/${first.id}` } } });
    expect(owing).toMatchObject({ status: "reversed", reversedMinor: 500n, owedMinor: 1000n, owedRecoveredMinor: 0n });

    // Two more referrals at once, every webhook duplicated: the $10 comes off one of them.
    const next = [order(1), order(2)];
    await deliverWithDuplicates(next.flatMap((o) => [{ topic: "orders/create", payload: o.payload }, { topic: "orders/paid", payload: o.payload }]));
    // And everything again, later.
    await deliverWithDuplicates(next.map((o) => ({ topic: "orders/paid", payload: o.payload })));

    const later = await db.reward.findMany({ where: { recipient: "advocate", referral: { orderGid: { in: next.map((o) => `gid://shopify/Order/${o.id}`) } } } });
    expect(later.map((r) => r.status)).toEqual(["issued", "issued"]);
    // $15 each: one pays $15 − $10 owed = $5, the other the full $15.
    expect(later.map((r) => [r.amountMinor, r.deductedMinor]).sort((a, b) => Number(a[0] - b[0]))).toEqual([
      [500n, 1000n],
      [1500n, 0n],
    ]);
    expect(await db.reward.findUniqueOrThrow({ where: { id: owing.id } })).toMatchObject({ owedMinor: 1000n, owedRecoveredMinor: 1000n, owedForgivenMinor: 0n });
    expect(await db.rewardTransition.count({ where: { rewardId: owing.id, reason: { startsWith: "owed: 1000 recovered" } } })).toBe(1);
    // In Shopify: the first $15, then $5 and $15; the balance is what the ledger leaves the advocate.
    const sandbox = issuedInSandbox(stack.sandbox.state, stack.shop);
    expect((sandbox.credits.get(advocate.gid) ?? []).map((c) => c.amountMinor).sort((a, b) => a - b)).toEqual([500, 1500, 1500]);
    expect(sandbox.balances.get(advocate.gid)).toBe(500 + 1500);
  });
});
