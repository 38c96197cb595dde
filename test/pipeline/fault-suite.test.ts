// The fault suite: many referral orders placed at the sandbox checkout (a third refunded in
// full, a sixth partly), every webhook delivered by the suite itself 1–5 times in shuffled order
// (refunds before their paid order included), real worker processes SIGKILLed at random while
// they issue, and the sandbox answering 429 / 5xx / THROTTLED / apply-then-fail. At the end the
// sandbox's store credits and discount codes must be exactly the ledger's issued rewards: none
// twice, none lost.
//
// Two shapes:
// - single shop (SQLite by default): once per advocate reward type, store credit (new customer
//   accounts) and a discount code bound to the advocate (classic accounts, readiness off);
//   FAULT_ORDERS per type (default 30 on SQLite with 1 worker).
// - multi-shop (PostgreSQL by default; on whenever FAULT_SHOPS > 1, FAULT_DROP_SHARE > 0 or
//   FAULT_PG_RESTART=1): FAULT_ORDERS in all (default 120) over FAULT_SHOPS shops (default 3),
//   the shops taking the reward types in turn; FAULT_DROP_SHARE of the webhooks (default 5 %)
//   are never delivered at all, as Shopify may do; order reconciliation runs on its recurring
//   schedule per shop (every FAULT_RECONCILE_EVERY_MS, default 5 s, for changes older than
//   FAULT_RECONCILE_SETTLE_MS, default 3 s) and must bring what never arrived; and with
//   FAULT_PG_RESTART=1 (default on PostgreSQL) the suite runs on a PostgreSQL cluster of its
//   own (test/helpers/private-postgres.ts) that it stops (`pg_ctl stop -m fast`) once half the
//   deliveries are out, keeps down FAULT_PG_DOWN_MS (default 3 s) and starts again. A delivery
//   that never gets a 2xx then counts as dropped; reconciliation must cover it too.
// FAULT_WORKERS overrides the worker count (default 2 on PostgreSQL), FAULT_REWARD_TYPES
// (comma-separated) picks the types. One JSON line reports the run (bench/pipeline.ts reads it).
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { withSqliteBusyRetry } from "../../app/db.server";
import type { SandboxOrder } from "../../sandbox/admin/state";
import { orderPayload, randomShopifyId, refundPayload } from "../../sandbox/storefront/payloads";
import { TEST_API_SECRET } from "../helpers/app-server";
import { ROOT, testDatabaseKind } from "../helpers/db";
import { startPrivatePostgres, type PrivatePostgres } from "../helpers/private-postgres";
import { startStack, type Stack } from "../helpers/stack";
import { activateProgram, BASE_CONFIG, checkoutOrder, createAdvocate, issuedInSandbox, refundAtSandbox, sandboxCustomer } from "./pipeline-fixtures";

const KIND = testDatabaseKind();
const PG = KIND === "postgresql";
const SHOPS = Number(process.env.FAULT_SHOPS ?? (PG ? 3 : 1));
const DROP_SHARE = Number(process.env.FAULT_DROP_SHARE ?? (PG ? 0.05 : 0));
const PG_RESTART = (process.env.FAULT_PG_RESTART ?? (PG ? "1" : "0")) === "1";
const MULTI = SHOPS > 1 || DROP_SHARE > 0 || PG_RESTART;
const RECONCILE = MULTI;
const ORDERS = Number(process.env.FAULT_ORDERS ?? (MULTI ? 120 : 30));
const WORKERS = Number(process.env.FAULT_WORKERS ?? (PG ? 2 : 1));
const RECONCILE_EVERY_MS = Number(process.env.FAULT_RECONCILE_EVERY_MS ?? 5_000);
const RECONCILE_SETTLE_MS = Number(process.env.FAULT_RECONCILE_SETTLE_MS ?? 3_000);
const PG_DOWN_MS = Number(process.env.FAULT_PG_DOWN_MS ?? 3_000);
/** When the restart comes: after this share of the deliveries (default half way). */
const PG_RESTART_AT = Number(process.env.FAULT_PG_RESTART_AT ?? 0.5);
const TIMEOUT_MS = Number(process.env.FAULT_TIMEOUT_MS ?? 8 * 60_000);
type AdvocateRewardKind = "store_credit" | "discount_code";
const REWARD_TYPES = (process.env.FAULT_REWARD_TYPES ?? "store_credit,discount_code").split(",").map((t) => t.trim()) as AdvocateRewardKind[];
for (const t of REWARD_TYPES) if (t !== "store_credit" && t !== "discount_code") throw new Error(`FAULT_REWARD_TYPES: unknown type ${t}`);
if (PG_RESTART && !PG) throw new Error("FAULT_PG_RESTART needs TEST_DATABASE=postgresql");
if (!(DROP_SHARE >= 0 && DROP_SHARE < 1)) throw new Error("FAULT_DROP_SHARE must be from 0 to below 1");
if (SHOPS < 1 || ORDERS < SHOPS) throw new Error("FAULT_SHOPS must be at least 1 and at most FAULT_ORDERS");
/** One run per reward type on one shop, or one run with the types taken by the shops in turn. */
const RUNS = MULTI ? [REWARD_TYPES.join(",")] : REWARD_TYPES;
const TITLE = MULTI
  ? `fault suite (${KIND}, ${ORDERS} orders over ${SHOPS} shop(s), ${WORKERS} worker process(es), ${DROP_SHARE * 100} % of webhooks dropped, reconciliation on, ${PG_RESTART ? "a PostgreSQL restart" : "no restart"}, advocate rewards: %s)`
  : `fault suite (${KIND}, ${ORDERS} orders, ${WORKERS} worker process(es), advocate reward: %s)`;

/** A line of progress for a long run (bench/pipeline.ts points FAULT_PROGRESS_FILE at its results). */
function progress(what: Record<string, unknown>): void {
  const file = process.env.FAULT_PROGRESS_FILE;
  if (file) fs.appendFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), ...what })}\n`);
}

/** The reconciliation's Admin operations (app/shopify/orders-updated.server.ts). */
const RECONCILE_OPERATIONS = ["OrdersUpdatedSince", "OrderDetails"];

interface Worker {
  id: string;
  child: ChildProcess;
  exited: Promise<void>;
  stderr: string;
  /** SIGKILLed by the suite (not died on its own). */
  killed: boolean;
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

/** One shop of the run: its reward type, advocates and what happened to its webhooks. */
interface ShopRun {
  domain: string;
  kind: AdvocateRewardKind;
  orders: number;
  advocates: { gid: string; code: string }[];
  /** Orders as placed at the sandbox checkout (Shopify's truth). */
  placed: SandboxOrder[];
  expectedFullRefunds: number;
  deliveries: number;
  droppedEvents: number;
  failedDeliveries: number;
}

/** A webhook Shopify would send once: its order (and refund) exist in Shopify from the moment it is first due. */
interface FaultEvent {
  shop: ShopRun;
  topic: string;
  /** Never delivered at all (FAULT_DROP_SHARE). */
  dropped: boolean;
  /** Makes the change in the sandbox (once) and answers the webhook body. */
  happen: () => unknown;
}

describe.each(RUNS)(TITLE, (typesLabel) => {
  const types = typesLabel.split(",") as AdvocateRewardKind[];
  let stack: Stack;
  let privatePg: PrivatePostgres | undefined;
  const workers = new Map<string, Worker>();
  let spawned = 0;
  let kills = 0;
  let respawn = true;
  const crashes: string[] = [];

  function startWorker(): Worker {
    const id = `w${++spawned}`;
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "test/pipeline/fixtures/pipeline-worker.ts")], {
      cwd: ROOT,
      // The app's URL and secret, as the app has them: emails carry a signed unsubscribe link.
      env: {
        ...process.env,
        DATABASE_URL: stack.db.url,
        SHOPIFY_SANDBOX_URL: stack.sandbox.url,
        SHOPIFY_APP_URL: stack.app.url,
        SHOPIFY_API_SECRET: TEST_API_SECRET,
        WORKER_ID: id,
        WORKER_LEASE_MS: "3000",
        TWOFOLD_CREDIT_TIMEOUT_MS: "3000",
        ...(RECONCILE ? { WORKER_RECONCILE_EVERY_MS: String(RECONCILE_EVERY_MS), WORKER_RECONCILE_SETTLE_MS: String(RECONCILE_SETTLE_MS) } : {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const worker: Worker = { id, child, stderr: "", killed: false, exited: new Promise((resolve) => child.once("exit", () => resolve())) };
    child.stderr!.on("data", (chunk) => (worker.stderr = (worker.stderr + chunk).slice(-20_000)));
    child.stdout!.resume();
    workers.set(id, worker);
    void worker.exited.then(() => {
      workers.delete(id);
      // A worker that died on its own (it cannot start while the database is down) is
      // replaced, as a process manager would.
      if (!worker.killed && respawn) {
        crashes.push(worker.stderr.slice(-500));
        setTimeout(() => respawn && startWorker(), 1_000);
      }
    });
    return worker;
  }

  afterAll(async () => {
    respawn = false;
    for (const w of workers.values()) w.child.kill("SIGKILL");
    await Promise.all([...workers.values()].map((w) => w.exited));
    await stack?.stop();
    await privatePg?.stop();
  });

  it("issues every reward exactly once through duplicates, reordering, crashes and Shopify faults", { timeout: TIMEOUT_MS + 180_000 }, async () => {
    // Readiness off for the code variant: the shop is on classic customer accounts.
    const accounts = (kind: AdvocateRewardKind) => (kind === "discount_code" ? "CLASSIC" : "NEW_CUSTOMER_ACCOUNTS");
    if (PG_RESTART) privatePg = await startPrivatePostgres();
    // No in-process claim-code worker: no shopper claims a code here, and its 25 ms poll would
    // put a claim beside the workers' 40 times a second (at 10,000 orders, most of the database's time).
    stack = await startStack({ pgAdminUrl: privatePg?.adminUrl, claimWorker: false, shop: { restoreRate: 500, customerAccountsVersion: accounts(types[0]) } });
    const db = stack.db.prisma;
    if (KIND === "sqlite") await db.$queryRawUnsafe("PRAGMA busy_timeout = 10000"); // the app and a worker write the same file

    // Orders are placed at the sandbox checkout, which would send their webhooks itself: it
    // drops them all, and this suite delivers each in its place, duplicated, shuffled or not at all.
    const drop = await fetch(`${stack.sandbox.url}/__sandbox/webhooks/drop`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ dropRate: 1 }) });
    expect(drop.status).toBe(200);

    const shops: ShopRun[] = [];
    for (let s = 0; s < SHOPS; s++) {
      const kind = types[s % types.length];
      const domain = s === 0 ? stack.shop : await stack.addShop({ domain: `fault-shop-${s}.myshopify.com`, restoreRate: 500, customerAccountsVersion: accounts(kind) });
      const orders = Math.floor(ORDERS / SHOPS) + (s < ORDERS % SHOPS ? 1 : 0);
      shops.push({ domain, kind, orders, advocates: [], placed: [], expectedFullRefunds: 0, deliveries: 0, droppedEvents: 0, failedDeliveries: 0 });
    }

    // Orders: a third refunded in full, a sixth partly; every delivery 1–5 times, some replays
    // of the same webhook id (Shopify retries), some fresh ids (the same event sent again); a
    // share of the events never sent at all.
    type Delivery = { event: FaultEvent; webhookId: string | null };
    const deliveries: Delivery[] = [];
    for (const [s, shop] of shops.entries()) {
      await activateProgram(db, shop.domain, { ...BASE_CONFIG, advocateReward: { ...BASE_CONFIG.advocateReward, kind: shop.kind, minimumOrderMinor: null } });
      const prefix = s === 0 ? "" : `S${s}`;
      const advocateCount = Math.max(3, Math.ceil(shop.orders / 6)); // several referrals per account: the lock is contended
      for (let i = 0; i < advocateCount; i++) {
        const customer = sandboxCustomer(stack.sandbox.state, shop.domain, `${prefix.toLowerCase()}advocate${i}@example.com`);
        shop.advocates.push({ gid: customer.gid, code: `${prefix}ADV${i}` });
        await createAdvocate(db, shop.domain, `${prefix}ADV${i}`, customer);
      }
      for (let i = 0; i < shop.orders; i++) {
        const advocate = shop.advocates[i % shop.advocates.length];
        const friend = sandboxCustomer(stack.sandbox.state, shop.domain, `${prefix.toLowerCase()}friend${i}@example.com`);
        let placed: { order: SandboxOrder; bodies: Map<string, string> } | null = null;
        const place = () => {
          if (!placed) {
            placed = checkoutOrder(stack.sandbox, shop.domain, { customerGid: friend.gid, attributes: { _twofold_ref: advocate.code } });
            shop.placed.push(placed.order);
          }
          return placed;
        };
        const events: { topic: string; happen: () => unknown }[] = [
          { topic: "orders/create", happen: () => place().bodies.get("orders/create") },
          { topic: "orders/paid", happen: () => place().bodies.get("orders/paid") },
        ];
        const fullRefund = i % 3 === 0;
        if (fullRefund) shop.expectedFullRefunds++;
        if (fullRefund || i % 6 === 1) {
          let body: string | null = null;
          events.push({ topic: "refunds/create", happen: () => (body ??= refundAtSandbox(stack.sandbox, shop.domain, place().order, fullRefund ? place().order.totalMinor : 1500)) });
        }
        for (const e of events) {
          const event: FaultEvent = { shop, topic: e.topic, happen: e.happen, dropped: DROP_SHARE > 0 && Math.random() < DROP_SHARE };
          if (event.dropped) {
            // Still happens in Shopify, at its turn; only the webhook never comes.
            deliveries.push({ event, webhookId: null });
            continue;
          }
          const webhookId = crypto.randomUUID();
          const times = 1 + rand(5);
          for (let t = 0; t < times; t++) deliveries.push({ event, webhookId: t > 0 && rand(2) === 0 ? crypto.randomUUID() : webhookId });
        }
      }
    }
    shuffle(deliveries);

    const faultKinds = ["http429", "http503", "http500", "throttled", "applyThenFail", "applyThenFail"];
    const matches = ["storeCreditAccountCredit", "discountCodeBasicCreate", "storeCreditAccountDebit", "ListStoreCreditTransactions", "FindDiscountCodeByCode", ...(RECONCILE ? RECONCILE_OPERATIONS : [])];
    const injectFault = () =>
      fetch(`${stack.sandbox.url}/__sandbox/faults`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ shop: shops[rand(shops.length)].domain, kind: faultKinds[rand(faultKinds.length)], count: 1 + rand(3), match: matches[rand(matches.length)], retryAfter: 0 }),
      });

    for (let w = 0; w < WORKERS; w++) startWorker();
    let chaos = true;
    const chaosErrors: string[] = [];
    const chaosLoop = (async () => {
      while (chaos) {
        await new Promise((r) => setTimeout(r, 300 + rand(1200)));
        if (!chaos) break;
        // A fault the sandbox did not take (it was busy) is skipped: the loop must go on, or
        // the rest of the run would have no chaos at all.
        await injectFault().then(
          (response) => void response.body?.cancel(),
          (error: unknown) => chaosErrors.push(String(error)),
        );
        if (rand(2) === 0) {
          const victim = [...workers.values()][rand(workers.size)];
          if (victim) {
            victim.killed = true;
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
    // busy SQLite file, or its database restarting); a delivery that never gets a 2xx fails
    // the suite unless reconciliation runs (then it is one more lost webhook).
    let failedDeliveries = 0;
    let retriedDeliveries = 0;
    let sent = 0;
    const restart: { done: Promise<{ stoppedAt: string; startedAt: string; downMs: number }> | null; failedAfter: number } = { done: null, failedAfter: 0 };
    let processed = 0;
    // A long run also reports the ledger against the sandbox as it goes (a snapshot a minute).
    const snapshots = process.env.FAULT_PROGRESS_FILE
      ? setInterval(() => {
          void Promise.all([db.job.groupBy({ by: ["status"], _count: true }), db.reward.groupBy({ by: ["status"], _count: true }), db.orderReconciliation.aggregate({ _sum: { totalRecorded: true } })])
            .then(([jobs, rewards, reconciled]) => {
              const inSandbox = shops.map((shop) => issuedInSandbox(stack.sandbox.state, shop.domain));
              progress({
                phase: "snapshot",
                jobs: Object.fromEntries(jobs.map((j) => [j.status, j._count])),
                rewards: Object.fromEntries(rewards.map((r) => [r.status, r._count])),
                creditsInSandbox: inSandbox.reduce((n, x) => n + [...x.credits.values()].flat().length, 0),
                codesInSandbox: inSandbox.reduce((n, x) => n + x.codes.size, 0),
                reconciledDeliveries: reconciled._sum.totalRecorded ?? 0,
              });
            })
            .catch((error: unknown) => progress({ phase: "snapshot", error: String(error) }));
        }, 60_000)
      : null;
    await pool(deliveries, 16, async (d) => {
      if (++processed % 1000 === 0) progress({ phase: "ingest", processed, of: deliveries.length, failedDeliveries, retriedDeliveries, kills, chaosErrors: chaosErrors.length, seconds: Math.round((Date.now() - started) / 1000) });
      const body = d.event.happen();
      // Once (half way by default): the database goes away under the app, the workers and this poll.
      if (PG_RESTART && !restart.done && ++sent >= deliveries.length * PG_RESTART_AT) restart.done = privatePg!.restart(PG_DOWN_MS).then((r) => (progress({ phase: "pg-restarted", ...r }), r));
      if (d.webhookId === null) {
        d.event.shop.droppedEvents++;
        return;
      }
      d.event.shop.deliveries++;
      for (let attempt = 1; ; attempt++) {
        const result = await stack.deliver({ shop: d.event.shop.domain, topic: d.event.topic, payload: body, webhookId: d.webhookId });
        if (result.ok) return;
        if (attempt === 1) retriedDeliveries++;
        if (attempt === 5) {
          failedDeliveries++;
          d.event.shop.failedDeliveries++;
          if (restart.done) restart.failedAfter++;
          return;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    });
    const ingestMs = Date.now() - started;
    if (snapshots) clearInterval(snapshots);
    const restarted = restart.done ? await restart.done : null;
    progress({ phase: "ingested", deliveries: deliveries.length, failedDeliveries, retriedDeliveries, kills, ingestMs, restarted });

    // Keep the chaos going for a while after the last delivery, then let the workers finish.
    await new Promise((r) => setTimeout(r, 3_000));
    chaos = false;
    await chaosLoop;
    for (const shop of shops) await fetch(`${stack.sandbox.url}/__sandbox/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ shop: shop.domain, clear: true }) });

    // Settled: every job but the recurring ones done, no reward in flight, and (with
    // reconciliation) each shop's watermark past its last change in Shopify, so whatever
    // never arrived has been read back.
    const lastChange = new Map(shops.map((shop) => [shop.domain, Math.max(...shop.placed.map((o) => Date.parse(o.updatedAt!)))]));
    const recurring = ["rewards.release-held", "orders.reconcile-shops", "orders.reconcile"];
    const deadline = Date.now() + TIMEOUT_MS;
    let lastProgress = Date.now();
    for (;;) {
      // SQLite: the app, the worker and this poll share one file; a busy poll just polls again.
      const count = (q: () => Promise<number>) => withSqliteBusyRetry(db, q).catch(() => -1);
      const behind = RECONCILE
        ? await count(async () => {
            const states = await db.orderReconciliation.findMany({ select: { shopId: true, watermark: true } });
            return shops.filter((shop) => !states.some((s) => s.shopId === shop.domain && s.watermark.getTime() >= lastChange.get(shop.domain)!)).length;
          })
        : 0;
      const jobsLeft = await count(() => db.job.count({ where: { status: { in: ["queued", "running"] }, name: { notIn: recurring } } }));
      const rewardsInFlight = await count(() => db.reward.count({ where: { status: { in: ["pending", "issuing"] } } }));
      if (behind === 0 && jobsLeft === 0 && rewardsInFlight === 0) break;
      if (Date.now() - lastProgress > 30_000) {
        lastProgress = Date.now();
        progress({ phase: "settle", shopsNotReconciled: behind, jobsLeft, rewardsInFlight, kills, seconds: Math.round((Date.now() - started) / 1000) });
      }
      if (Date.now() > deadline) throw new Error(`not settled: ${behind} shop(s) not reconciled, ${jobsLeft} jobs, ${rewardsInFlight} rewards in flight; workers: ${[...workers.values()].map((w) => w.stderr.slice(-2000)).join("\n")}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const totalMs = Date.now() - started;

    // ---- the ledger against the sandbox, shop by shop
    const dead = await db.job.findMany({ where: { status: "dead" } });
    const reconciliations = await db.orderReconciliation.findMany();
    const perShop: (Record<"orders" | "deliveries" | "droppedEvents" | "failedDeliveries" | "reconciledDeliveries" | "reconciledOrders" | "reconcileRequests" | "reconcilePoints" | "reconcileTotalRecorded" | "creditsInSandbox" | "codesInSandbox", number> & Record<string, unknown>)[] = [];
    let creditsInSandbox = 0;
    let codesInSandbox = 0;
    for (const shop of shops) {
      const sandbox = issuedInSandbox(stack.sandbox.state, shop.domain);
      const rewards = await db.reward.findMany({ where: { shopId: shop.domain }, include: { referral: true } });
      const reconciled = await db.webhookEvent.findMany({ where: { shopId: shop.domain, webhookId: { startsWith: "reconcile:" } }, select: { subjectGid: true, topic: true } });
      const log = stack.sandbox.state.shops.get(shop.domain)!.requestLog.filter((e) => RECONCILE_OPERATIONS.includes(e.operationName ?? ""));
      const credits = [...sandbox.credits.values()].flat();
      creditsInSandbox += credits.length;
      codesInSandbox += sandbox.codes.size;
      perShop.push({
        shop: shop.domain,
        advocateKind: shop.kind,
        orders: shop.orders,
        deliveries: shop.deliveries,
        droppedEvents: shop.droppedEvents,
        failedDeliveries: shop.failedDeliveries,
        reconciledDeliveries: reconciled.length,
        reconciledOrders: new Set(reconciled.map((r) => r.subjectGid)).size,
        reconciledTopics: reconciled.reduce<Record<string, number>>((acc, r) => ((acc[r.topic] = (acc[r.topic] ?? 0) + 1), acc), {}),
        reconcileRequests: log.length,
        reconcilePoints: log.reduce((s, e) => s + (e.actualQueryCost ?? 0), 0),
        reconcileTotalRecorded: reconciliations.find((r) => r.shopId === shop.domain)?.totalRecorded ?? 0,
        creditsInSandbox: credits.length,
        codesInSandbox: sandbox.codes.size,
        statuses: rewards.reduce<Record<string, number>>((acc, r) => ((acc[`${r.recipient}:${r.status}`] = (acc[`${r.recipient}:${r.status}`] ?? 0) + 1), acc), {}),
      });
    }
    const sum = (key: "droppedEvents" | "reconciledDeliveries" | "reconciledOrders" | "reconcilePoints" | "reconcileRequests") => perShop.reduce((s, p) => s + p[key], 0);
    console.log(
      JSON.stringify({
        kind: KIND, advocateKinds: types, orders: ORDERS, shops: SHOPS, deliveries: deliveries.filter((d) => d.webhookId !== null).length, workers: WORKERS, kills, failedDeliveries, retriedDeliveries, ingestMs, totalMs,
        dropShare: DROP_SHARE, droppedEvents: sum("droppedEvents"), reconcile: RECONCILE ? { everyMs: RECONCILE_EVERY_MS, settleMs: RECONCILE_SETTLE_MS, deliveriesRecorded: sum("reconciledDeliveries"), ordersRecovered: sum("reconciledOrders"), adminRequests: sum("reconcileRequests"), adminPoints: sum("reconcilePoints") } : null,
        pgRestart: restarted ? { mode: "private cluster: pg_ctl stop -m fast, down, pg_ctl start", ...restarted, failedDeliveriesAfterIt: restart.failedAfter } : null,
        chaosErrors: chaosErrors.length, lastChaosError: chaosErrors.at(-1) ?? null,
        workerCrashes: crashes.length, lastWorkerCrash: crashes.at(-1)?.slice(-300) ?? null,
        creditsInSandbox, codesInSandbox, dead: dead.map((j) => `${j.name}: ${j.lastError}`).slice(0, 5), perShop,
      }),
    );

    if (!RECONCILE) expect(failedDeliveries).toBe(0);
    // No job gave up: waiting for a busy account is not a failure, and nothing else should fail for good.
    expect(dead.map((j) => `${j.name}: ${j.lastError}`)).toEqual([]);
    for (const shop of shops) await expectLedgerMatchesShopify(shop);
  });

  /** Every order of the shop ends as Shopify says, each reward once, and the ledger is the sandbox's state. */
  async function expectLedgerMatchesShopify(shop: ShopRun) {
    const db = stack.db.prisma;
    const byCode = shop.kind === "discount_code";
    const sandbox = issuedInSandbox(stack.sandbox.state, shop.domain);
    const rewards = await db.reward.findMany({ where: { shopId: shop.domain }, include: { referral: true } });
    const credits = [...sandbox.credits.values()].flat();
    const creditIds = credits.map((c) => c.id);
    const ledgerCredits = rewards.filter((r) => r.kind === "store_credit" && (r.status === "issued" || r.status === "reversed"));
    // A code issued and then reversed by a refund still exists in Shopify (deactivated when unused).
    const ledgerCodes = rewards.filter((r) => r.kind === "discount_code" && (r.status === "issued" || r.status === "reversed"));

    // One referral per order, two rewards per referral.
    expect(await db.referral.count({ where: { shopId: shop.domain } }), shop.domain).toBe(shop.orders);
    expect(rewards, shop.domain).toHaveLength(shop.orders * 2);
    // Each order as Shopify has it: every refund recorded, whichever way it arrived.
    const referrals = new Map((await db.referral.findMany({ where: { shopId: shop.domain } })).map((r) => [r.orderGid, r]));
    expect(shop.placed, shop.domain).toHaveLength(shop.orders);
    for (const order of shop.placed) expect(referrals.get(order.id)?.refundedMinor, order.id).toBe(BigInt(order.refunds.reduce((s, r) => s + r.amountMinor, 0)));
    // None twice: every sandbox credit is distinct and recorded by exactly one reward.
    expect(new Set(creditIds).size).toBe(creditIds.length);
    expect(ledgerCredits.map((r) => r.shopifyRef).sort()).toEqual([...creditIds].sort());
    for (const r of ledgerCredits) expect(credits.find((c) => c.id === r.shopifyRef)!.amountMinor).toBe(Number(r.amountMinor));
    expect(ledgerCodes.map((r) => r.discountCode).sort()).toEqual([...sandbox.codes.keys()].sort());
    for (const r of ledgerCodes) expect(sandbox.codes.get(r.discountCode!)!.id).toBe(r.shopifyRef);
    // None lost: nothing left in flight or failed; each order ends as its refunds say.
    expect(rewards.filter((r) => !["issued", "reversed", "cancelled"].includes(r.status)).map((r) => `${r.status}: ${r.failureReason}`)).toEqual([]);
    const advocateRewards = rewards.filter((r) => r.recipient === "advocate");
    expect(advocateRewards.map((r) => r.kind).filter((k) => k !== shop.kind)).toEqual([]);
    for (const r of advocateRewards) {
      const full = r.referral!.refundedMinor >= (r.referral!.orderSubtotalMinor ?? 0n);
      if (full) expect(["cancelled", "reversed"]).toContain(r.status);
      else expect(r.status).toBe("issued");
    }
    expect(rewards.filter((r) => r.referral!.refundedMinor >= BigInt(shop.placed[0].totalMinor) && r.recipient === "advocate")).toHaveLength(shop.expectedFullRefunds);
    if (byCode) {
      // The advocate got codes, never credit: each issued advocate reward is one code bound to
      // that advocate alone, of the reward's value; a refund after issuance deactivates the
      // code (nobody uses codes here), so the whole reward is taken back and nothing is owed.
      expect(credits).toEqual([]);
      const advocateCodes = ledgerCodes.filter((r) => r.recipient === "advocate");
      const issuedAdvocate = advocateRewards.filter((r) => r.status === "issued" || r.status === "reversed");
      expect(issuedAdvocate.length).toBeGreaterThan(0);
      const sandboxShop = stack.sandbox.state.shops.get(shop.domain)!;
      for (const r of issuedAdvocate) {
        const code = sandbox.codes.get(r.discountCode!);
        expect(code?.customerIds).toEqual([r.customerGid]);
        expect(code?.id).toBe(r.shopifyRef);
        const input = sandboxShop.discounts.get(code!.id)!.input;
        expect(JSON.stringify(input.customerGets)).toContain(`"amount":"${(Number(r.amountMinor) / 100).toFixed(2)}"`);
        const deactivated = sandboxShop.discounts.get(code!.id)!.deactivatedAt;
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
  }
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
