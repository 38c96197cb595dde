// Fairness across shops (issue 18, acceptance d, correctness part): jobs are claimed by each
// shop's turn, so one shop's backlog does not hold back another shop's jobs, and a shop with
// its share of jobs running ranks behind the other shops. Order is asserted, never time.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { type Db } from "../../app/db.server";
import { createJobRegistry, defineJob } from "../../app/jobs/define-job";
import { claimJobs, completeJob, enqueue } from "../../app/jobs/queue.server";
import { runWorker } from "../../app/jobs/worker.server";
import { createTestDb, type TestDb } from "../helpers/db";

const BIG = "big.myshopify.com";
const SMALL = ["small-1.myshopify.com", "small-2.myshopify.com", "small-3.myshopify.com"];
const job = defineJob({ name: "fair.test", payload: z.object({ shop: z.string(), n: z.number() }), handler: async () => {} });
const past = (ms: number) => new Date(Date.now() - ms);

describe(`fair job queue (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let t: TestDb;
  let db: Db;
  beforeAll(async () => {
    // Fair claiming is the default (queue.server.ts, fairQueueByDefault); the worker test says so as an operator may.
    process.env.TWOFOLD_FAIR_QUEUE = "1";
    t = await createTestDb();
    db = t.prisma;
  });
  afterAll(async () => {
    delete process.env.TWOFOLD_FAIR_QUEUE;
    await t?.drop();
  });
  beforeEach(async () => {
    await db.job.deleteMany();
  });

  /** The big shop's backlog is older (due earlier) than every small shop's job. */
  async function backlog(bigCount: number, smallCount: number) {
    for (let n = 0; n < bigCount; n++) await enqueue(db, job, { shop: BIG, n }, { shopId: BIG, runAt: past(60_000 - n) });
    for (const shop of SMALL) for (let n = 0; n < smallCount; n++) await enqueue(db, job, { shop, n }, { shopId: shop, runAt: past(1_000 - n) });
  }

  it("without the switch, claims oldest due first (the default)", async () => {
    await backlog(5, 1);
    const claimed = await claimJobs(db, "w1", 3, 30_000, { fair: false });
    expect(claimed.map((j) => j.shopId)).toEqual([BIG, BIG, BIG]);
  });

  it("claims every shop's next job before any shop's second, whatever the backlog's age", async () => {
    await backlog(40, 2);
    const first = await claimJobs(db, "w1", 4, 30_000, { shopConcurrency: 100, fair: true });
    // One turn each: the big shop's oldest job and each small shop's first.
    expect(first.map((j) => j.shopId).sort()).toEqual([BIG, ...SMALL].sort());
    expect(first.map((j) => JSON.parse(j.payload).n)).toEqual([0, 0, 0, 0]);
    const second = await claimJobs(db, "w1", 4, 30_000, { shopConcurrency: 100, fair: true });
    expect(second.map((j) => j.shopId).sort()).toEqual([BIG, ...SMALL].sort());
    // Then only the backlog is left, in its own order.
    const rest = await claimJobs(db, "w1", 5, 30_000, { shopConcurrency: 100, fair: true });
    expect(rest.map((j) => [j.shopId, JSON.parse(j.payload).n])).toEqual([2, 3, 4, 5, 6].map((n) => [BIG, n]));
  });

  it("a shop with its share running ranks behind other shops' due jobs; alone it still uses every slot", async () => {
    await backlog(20, 0);
    // Alone: the backlog takes all the slots asked for (nothing else wants them).
    const running = await claimJobs(db, "w1", 3, 30_000, { shopConcurrency: 2, fair: true });
    expect(running.map((j) => j.shopId)).toEqual([BIG, BIG, BIG]);
    // Small shops' jobs arrive: they come first while the big shop is over its share.
    for (const shop of SMALL) for (let n = 0; n < 3; n++) await enqueue(db, job, { shop, n }, { shopId: shop, runAt: past(10) });
    const next = await claimJobs(db, "w2", 6, 30_000, { shopConcurrency: 2, fair: true });
    expect(next.map((j) => j.shopId).every((s) => SMALL.includes(s!))).toBe(true);
    expect(next).toHaveLength(6); // two of each small shop: their share
    // The small shops are at their share now; the big shop's jobs finish: it is under its share
    // again and takes the next slots.
    for (const j of running) await completeJob(db, j);
    const after = await claimJobs(db, "w3", 2, 30_000, { shopConcurrency: 2, fair: true });
    expect(after.map((j) => j.shopId)).toEqual([BIG, BIG]);
  });

  it("a worker draining one shop's backlog runs another shop's jobs long before the backlog is done", async () => {
    await backlog(60, 3);
    const ran: string[] = [];
    const recording = defineJob({ name: "fair.test", payload: z.object({ shop: z.string(), n: z.number() }), handler: async ({ shop, n }) => void ran.push(`${shop}#${n}`) });
    const controller = new AbortController();
    const worker = runWorker({ db, jobs: createJobRegistry([recording]), concurrency: 1, pollMs: 10, signal: controller.signal, workerId: "fair-worker" });
    while ((await db.job.count({ where: { status: { in: ["queued", "running"] } } })) > 0) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await worker;
    expect(ran).toHaveLength(69);
    // One job at a time, the shops take turns: the 9 small-shop jobs ran among the first 18,
    // not after the 60-job backlog that was due before them.
    const lastSmall = Math.max(...ran.map((r, i) => (r.startsWith("small") ? i : -1)));
    expect(lastSmall).toBeLessThan(18);
    // The backlog kept its own order.
    const bigOrder = ran.filter((r) => r.startsWith(BIG)).map((r) => Number(r.split("#")[1]));
    expect(bigOrder).toEqual([...bigOrder].sort((a, b) => a - b));
  });
});
