// The Admin cost budget shared through the database: two clients on the same database stand
// for two worker processes; they must queue behind each other's reservations exactly as one
// process's requests do, take Shopify's word for the level, and get unspent points back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../../app/db.server";
import { DbAdminBudget, forgetAdminBudget } from "../../app/shopify/shared-budget.server";
import type { QueryCost } from "../../app/shopify/throttle";
import { createTestDbUrl, testDatabaseKind } from "../helpers/db";

const SHOP = "budget-a.myshopify.com";
const OTHER = "budget-b.myshopify.com";
const REFUNDS = "budget-c.myshopify.com";
const BURST = "budget-d.myshopify.com";
const NO_COST = "budget-e.myshopify.com";
const DRIFT = "budget-f.myshopify.com";

function status(requested: number, available: number, restoreRate: number, maximum: number, actual: number | null = requested): QueryCost {
  return {
    requestedQueryCost: requested,
    actualQueryCost: actual,
    throttleStatus: { maximumAvailable: maximum, currentlyAvailable: available, restoreRate },
  };
}

describe(`shared Admin budget (${testDatabaseKind()})`, () => {
  let drop: () => Promise<void>;
  let processA: Db;
  let processB: Db;

  beforeAll(async () => {
    const created = await createTestDbUrl();
    drop = created.drop;
    processA = createPrismaClient(created.url);
    processB = createPrismaClient(created.url);
  });
  afterAll(async () => {
    await processA?.$disconnect();
    await processB?.$disconnect();
    await drop?.();
  });

  it("sends at once while the shop's bucket is unknown", async () => {
    await expect(new DbAdminBudget(processA).reserve("unknown.myshopify.com", 10, 0)).resolves.toBe(0);
  });

  it("makes two processes queue behind each other's reservations", async () => {
    const a = new DbAdminBudget(processA);
    const b = new DbAdminBudget(processB);
    // Shopify reports 150 of 2,000 points left, refilling at 100/s.
    await a.observe(SHOP, "Q", status(100, 150, 100, 2000, null), 0);
    expect(await a.reserve(SHOP, 100, 0)).toBe(0); // 50 left
    expect(await b.reserve(SHOP, 100, 0)).toBe(500); // 50 short: 0.5 s
    expect(await a.reserve(SHOP, 100, 0)).toBe(1500); // 150 short
    expect(await b.waitFor(SHOP, 100, 0)).toBe(2500);
    // Another shop has its own bucket.
    await b.observe(OTHER, "Q", status(100, 2000, 100, 2000, null), 0);
    expect(await a.reserve(OTHER, 100, 0)).toBe(0);
  });

  it("hands back reserved points a request did not spend, and never believes the bucket fuller than Shopify says", async () => {
    const a = new DbAdminBudget(processA);
    const b = new DbAdminBudget(processB);
    await a.observe(REFUNDS, "M", status(10, 0, 100, 1000, null), 10_000); // empty bucket at t=10s
    expect(await a.reserve(REFUNDS, 100, 10_000)).toBe(1000);
    // The request was THROTTLED (cost nothing): its 100 points come back, 0 is what Shopify says.
    await a.observe(REFUNDS, "M", status(100, 0, 100, 1000, null), 10_000, 100);
    expect(await b.waitFor(REFUNDS, 100, 10_000)).toBe(1000);
    // A query estimated at 100 that cost 20: 80 come back.
    expect(await b.reserve(REFUNDS, 100, 10_000)).toBe(1000);
    expect(await a.waitFor(REFUNDS, 100, 10_000)).toBe(2000);
    await b.observe(REFUNDS, "M", status(100, 0, 100, 1000, 20), 10_000, 100);
    expect(await a.waitFor(REFUNDS, 100, 10_000)).toBe(1200);
    // Shopify reports less than we think (another request we did not count): we follow Shopify.
    await a.observe(REFUNDS, "M", status(10, 0, 100, 1000, 10), 12_000, 0); // we thought 80 points were there
    expect(await a.waitFor(REFUNDS, 100, 12_000)).toBe(1000);
  });

  it("hands back a reservation whose answer carried no cost (429, 5xx, lost connection)", async () => {
    const a = new DbAdminBudget(processA);
    await a.observe(NO_COST, "M", status(10, 0, 100, 1000, 10), 0); // empty bucket at t=0
    expect(await a.reserve(NO_COST, 100, 0)).toBe(1000);
    await a.observe(NO_COST, "M", undefined, 0, 100);
    expect(await a.waitFor(NO_COST, 100, 0)).toBe(1000);
  });

  it("heals a view that drifted: never more than 60 s of refill (or a bucket) of reservations beyond Shopify's figure", async () => {
    const a = new DbAdminBudget(processA);
    await a.observe(DRIFT, "M", status(10, 1000, 100, 1000, 10), 0);
    // Processes killed after reserving and before sending: 100 reservations nobody hands back (100 s).
    for (let i = 0; i < 100; i++) await a.reserve(DRIFT, 100, 0);
    expect(await a.waitFor(DRIFT, 100, 0)).toBe(91_000);
    // Shopify says the bucket is full: at most 60 s of reservations in flight are believed.
    await a.observe(DRIFT, "M", status(10, 1000, 100, 1000, 10), 0, 0);
    expect(await a.waitFor(DRIFT, 100, 0)).toBe(51_000);
  });

  it("believes reservations of requests still waiting beyond one bucket (a small bucket, costly reads)", async () => {
    const a = new DbAdminBudget(processA);
    const shop = "budget-g.myshopify.com";
    // A 200-point bucket refilling 100/s, full; 16 reads requesting 100 points each are reserved.
    await a.observe(shop, "Q", status(100, 200, 100, 200, 10), 0);
    const waits = [];
    for (let i = 0; i < 16; i++) waits.push(await a.reserve(shop, 100, 0));
    expect(waits.slice(0, 4)).toEqual([0, 0, 1000, 2000]);
    // The first read answers: Shopify has 100 + 90 refunded ≈ 190 left. The 14 still waiting keep their places.
    await a.observe(shop, "Q", status(100, 190, 100, 200, 10), 0, 100);
    expect(await a.waitFor(shop, 100, 0)).toBe(14_100);
  });

  it("loses no reservation when two processes reserve concurrently", async () => {
    const a = new DbAdminBudget(processA);
    const b = new DbAdminBudget(processB);
    await a.observe(BURST, "M", status(10, 0, 10, 100, 10), 100_000); // empty, 10 points/s
    const waits = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).reserve(BURST, 10, 100_000)));
    // The bucket is empty and each 10 points take a second to come back: 1 s, 2 s, ... 40 s.
    expect(waits.sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => (i + 1) * 1000));
  });

  it("learns an operation's cost from its first answer and keeps it per shop for every process and restart", async () => {
    const a = new DbAdminBudget(processA);
    expect(a.knowsCost(SHOP, "ReadAccount")).toBe(false);
    await a.observe(SHOP, "ReadAccount", status(96, 1000, 100, 2000, 40), 0);
    expect(a.knowsCost(SHOP, "ReadAccount")).toBe(true);
    expect(a.estimateCost("ReadAccount", 10, SHOP)).toBe(96);
    // Another process (or this one after a restart) knows it before its first request.
    const b = new DbAdminBudget(processB);
    expect(b.knowsCost(SHOP, "ReadAccount")).toBe(false);
    await b.loadCosts(SHOP);
    expect(b.knowsCost(SHOP, "ReadAccount")).toBe(true);
    expect(b.estimateCost("ReadAccount", 10, SHOP)).toBe(96);
    // Per shop: another shop's process has not learnt it there.
    await b.loadCosts(OTHER);
    expect(b.knowsCost(OTHER, "ReadAccount")).toBe(false);
    // A changed cost is written again; an unchanged one is not a write.
    await b.observe(SHOP, "ReadAccount", status(120, 1000, 100, 2000, 40), 0);
    const row = await processA.adminOperationCost.findUniqueOrThrow({ where: { shopId_operation: { shopId: SHOP, operation: "ReadAccount" } } });
    expect(row.requestedCost).toBe(120);
  });

  it("is removed with the shop", async () => {
    await forgetAdminBudget(processA, SHOP);
    await expect(new DbAdminBudget(processB).reserve(SHOP, 10, 0)).resolves.toBe(0);
    await expect(processA.adminOperationCost.count({ where: { shopId: SHOP } })).resolves.toBe(0);
  });
});
