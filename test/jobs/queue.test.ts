import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createPrismaClient, type Db } from "../../app/db.server";
import { createJobRegistry, defineJob, PermanentJobError, RetryJobLaterError } from "../../app/jobs/define-job";
import {
  claimJobs,
  completeJob,
  enqueue,
  failJob,
  heartbeat,
  listJobs,
  retryDeadJob,
  scheduleRecurring,
} from "../../app/jobs/queue.server";
import { runWorker } from "../../app/jobs/worker.server";
import { createTestDb, type TestDb } from "../helpers/db";

/** A definition for queue tests that only need a name (any payload passes). */
const named = (name: string) => defineJob({ name, payload: z.any(), handler: async () => {} });

const later = (ms: number) => new Date(Date.now() + ms);

describe(`job queue (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let t: TestDb;
  let db: Db;
  beforeAll(async () => {
    t = await createTestDb();
    db = t.prisma;
  });
  afterAll(async () => t?.drop());
  beforeEach(async () => {
    await db.job.deleteMany();
  });

  it("enqueues, claims once and completes a job", async () => {
    const job = await enqueue(db, named("orders.process"), { orderGid: "gid://shopify/Order/1" }, { shopId: "a.myshopify.com" });
    expect(job).toMatchObject({ status: "queued", attempts: 0, maxAttempts: 10, shopId: "a.myshopify.com" });
    expect(JSON.parse(job.payload)).toEqual({ orderGid: "gid://shopify/Order/1" });

    const [claimed, ...rest] = await claimJobs(db, "w1", 10, 30_000);
    expect(rest).toEqual([]);
    expect(claimed).toMatchObject({ id: job.id, status: "running", lockedBy: "w1", attempts: 1 });
    expect(claimed.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await claimJobs(db, "w2", 10, 30_000)).toEqual([]);

    expect(await completeJob(db, claimed)).toBe(true);
    const done = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(done).toMatchObject({ status: "succeeded", attempts: 1, lockedUntil: null });
    expect(done.finishedAt).toBeInstanceOf(Date);
    expect(await claimJobs(db, "w1", 10, 30_000)).toEqual([]);
  });

  it("claims only due jobs, highest priority first, and only the names asked for", async () => {
    const future = await enqueue(db, named("a"), {}, { runAt: later(60_000) });
    const low = await enqueue(db, named("a"), {}, { priority: 0, runAt: later(-2_000) });
    const high = await enqueue(db, named("a"), {}, { priority: 5 });
    const other = await enqueue(db, named("b"), {});
    const first = await claimJobs(db, "w1", 1, 600_000, { names: ["a"] });
    expect(first.map((j) => j.id)).toEqual([high.id]);
    const next = await claimJobs(db, "w1", 10, 600_000, { names: ["a"] });
    expect(next.map((j) => j.id)).toEqual([low.id]);
    const all = await claimJobs(db, "w1", 10, 30_000, { now: later(120_000) });
    expect(all.map((j) => j.id).sort()).toEqual([future.id, other.id].sort());
  });

  it("never hands one job to two concurrent claimers", async () => {
    for (let i = 0; i < 40; i++) await enqueue(db, named("a"), { i });
    const second = createPrismaClient(t.url);
    try {
      const batches = await Promise.all([
        claimJobs(db, "w1", 15, 30_000),
        claimJobs(second, "w2", 15, 30_000),
        claimJobs(db, "w3", 15, 30_000),
        claimJobs(second, "w4", 15, 30_000),
      ]);
      const ids = batches.flat().map((j) => j.id);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
    } finally {
      await second.$disconnect();
    }
  });

  it("makes enqueue idempotent by uniqueKey, also under concurrency and inside a transaction", async () => {
    const first = await enqueue(db, named("rewards.issue"), { rewardId: "r1" }, { uniqueKey: "reward:r1" });
    const again = await enqueue(db, named("rewards.issue"), { rewardId: "other" }, { uniqueKey: "reward:r1" });
    expect(again.id).toBe(first.id);
    expect(JSON.parse(again.payload)).toEqual({ rewardId: "r1" });

    const racing = await Promise.all(Array.from({ length: 8 }, () => enqueue(db, named("x"), {}, { uniqueKey: "race" })));
    expect(new Set(racing.map((j) => j.id)).size).toBe(1);

    // A duplicate inside a transaction must not abort it (PostgreSQL aborts a tx on a unique violation).
    await db.$transaction(async (tx) => {
      const dup = await enqueue(tx, named("rewards.issue"), {}, { uniqueKey: "reward:r1" });
      expect(dup.id).toBe(first.id);
      await enqueue(tx, named("rewards.issue"), {}, { uniqueKey: "reward:r2" });
    });
    expect(await db.job.count({ where: { uniqueKey: { in: ["reward:r1", "reward:r2", "race"] } } })).toBe(3);
  });

  it("validates the payload at enqueue time when given a definition", async () => {
    const job = defineJob({ name: "typed", payload: z.object({ n: z.number() }), maxAttempts: 4, handler: async () => {} });
    expect((await enqueue(db, job, { n: 1 })).maxAttempts).toBe(4);
    await expect(enqueue(db, job, { n: "one" } as unknown as { n: number })).rejects.toThrow();
    // @ts-expect-error enqueue takes a job definition, never a name (tsc fails if this type-checks)
    await expect(enqueue(db, "typed", { n: 1 })).rejects.toThrow();
    // @ts-expect-error and the payload has the definition's type
    await expect(enqueue(db, job, { n: "one" })).rejects.toThrow();
    expect(await db.job.count()).toBe(1);
  });

  it("puts a failed job back with a backed-off runAt and keeps the error", async () => {
    await enqueue(db, named("flaky"), {});
    const [job] = await claimJobs(db, "w1", 1, 30_000);
    const now = new Date();
    const outcome = await failJob(db, job, new Error("Shopify returned 502"), {
      now,
      backoff: { baseMs: 1_000, capMs: 60_000 },
      random: () => 0.5,
    });
    expect(outcome).toBe("retry");
    const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ status: "queued", attempts: 1, lastError: "Shopify returned 502", lockedUntil: null });
    expect(row.runAt.getTime()).toBe(now.getTime() + 500);
    expect(await claimJobs(db, "w1", 1, 30_000, { now: new Date(now.getTime() + 499) })).toEqual([]);
    const [retry] = await claimJobs(db, "w1", 1, 30_000, { now: new Date(now.getTime() + 500) });
    expect(retry).toMatchObject({ id: job.id, attempts: 2 });
  });

  it("sends a poison job to dead after maxAttempts, with its last error", async () => {
    const job = await enqueue(db, named("poison"), {}, { maxAttempts: 3 });
    let now = new Date();
    const outcomes: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const [claimed] = await claimJobs(db, "w1", 1, 30_000, { now });
      expect(claimed).toMatchObject({ id: job.id, attempts: i });
      outcomes.push(await failJob(db, claimed, new Error(`boom ${i}`), { now, backoff: { baseMs: 10, capMs: 10 } }));
      now = new Date(now.getTime() + 1_000);
    }
    expect(outcomes).toEqual(["retry", "retry", "dead"]);
    const dead = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(dead).toMatchObject({ status: "dead", attempts: 3, lastError: "boom 3" });
    expect(await claimJobs(db, "w1", 1, 30_000, { now: later(3_600_000) })).toEqual([]);
  });

  it("sends a job dead at once on PermanentJobError", async () => {
    await enqueue(db, named("bad"), {});
    const [job] = await claimJobs(db, "w1", 1, 30_000);
    expect(await failJob(db, job, new PermanentJobError("customer was deleted"))).toBe("dead");
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "dead",
      attempts: 1,
      lastError: "PermanentJobError: customer was deleted",
    });
  });

  it("retries when the handler says when (e.g. Shopify throttling), without backoff", async () => {
    await enqueue(db, named("throttled"), {});
    const [job] = await claimJobs(db, "w1", 1, 30_000);
    const now = new Date();
    expect(await failJob(db, job, new RetryJobLaterError("THROTTLED", 7_000), { now })).toBe("retry");
    const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ status: "queued", lastError: "RetryJobLaterError: THROTTLED" });
    expect(row.runAt.getTime()).toBe(now.getTime() + 7_000);
  });

  it("a wait for its turn (countsAsAttempt false) gives the attempt back: a job that only waits never dies", async () => {
    const job = await enqueue(db, named("waiter"), {}, { maxAttempts: 2 });
    let now = new Date();
    for (let i = 0; i < 5; i++) {
      const [claimed] = await claimJobs(db, "w1", 1, 30_000, { now });
      expect(claimed).toMatchObject({ id: job.id, attempts: 1 });
      expect(await failJob(db, claimed, new RetryJobLaterError("account busy", 500, { countsAsAttempt: false }), { now })).toBe("retry");
      expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "queued", attempts: 0, lastError: "RetryJobLaterError: account busy" });
      now = new Date(now.getTime() + 500);
    }
    // Real failures still count: two of them and it is dead.
    for (const expected of ["retry", "dead"]) {
      const [claimed] = await claimJobs(db, "w1", 1, 30_000, { now });
      expect(await failJob(db, claimed, new RetryJobLaterError("THROTTLED", 100), { now })).toBe(expected);
      now = new Date(now.getTime() + 1_000);
    }
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "dead", attempts: 2 });
  });

  it("reclaims an expired lease, and the stale worker can no longer write the outcome", async () => {
    const job = await enqueue(db, named("slow"), {});
    const [stale] = await claimJobs(db, "w1", 1, 1_000);
    expect(await claimJobs(db, "w2", 1, 1_000)).toEqual([]); // lease still valid
    expect(await heartbeat(db, stale, 1_000)).toBe(true);

    const [fresh] = await claimJobs(db, "w2", 1, 30_000, { now: later(5_000) });
    expect(fresh).toMatchObject({ id: job.id, lockedBy: "w2", attempts: 2, status: "running" });

    expect(await heartbeat(db, stale, 30_000)).toBe(false);
    expect(await completeJob(db, stale)).toBe(false);
    expect(await failJob(db, stale, new Error("late"))).toBe("lost");
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "running", lockedBy: "w2", lastError: null });

    // Same worker id, older attempt: still refused (the guard includes attempts).
    expect(await completeJob(db, { ...fresh, attempts: 1 })).toBe(false);
    expect(await completeJob(db, fresh)).toBe(true);
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "succeeded", lockedBy: "w2" });
  });

  it("lets staff list jobs per shop and retry a dead one", async () => {
    const mine = await enqueue(db, named("poison"), {}, { shopId: "a.myshopify.com", maxAttempts: 1 });
    await enqueue(db, named("poison"), {}, { shopId: "b.myshopify.com", maxAttempts: 1 });
    for (const job of await claimJobs(db, "w1", 10, 30_000)) await failJob(db, job, new Error("nope"));

    const dead = await listJobs(db, { shopId: "a.myshopify.com", status: "dead" });
    expect(dead.map((j) => j.id)).toEqual([mine.id]);
    expect(await listJobs(db, { shopId: "a.myshopify.com", status: "queued" })).toEqual([]);

    expect(await retryDeadJob(db, mine.id, { shopId: "b.myshopify.com" })).toBe(false); // another shop's job
    expect(await retryDeadJob(db, mine.id)).toBe(true);
    expect(await retryDeadJob(db, mine.id)).toBe(false); // no longer dead
    const [again] = await claimJobs(db, "w1", 10, 30_000);
    expect(again).toMatchObject({ id: mine.id, attempts: 1, lastError: "nope" });
  });

  it("schedules one run per time slot however many workers ask, and none while a run still waits", async () => {
    const base = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const runs = await Promise.all([0, 10, 59_999].map((ms) => scheduleRecurring(db, { job: named("rollup"), everyMs: 60_000 }, new Date(base.getTime() + ms))));
    expect(new Set(runs.map((j) => j.id)).size).toBe(1);
    expect(runs[0].runAt.getTime()).toBe(base.getTime());
    // While that run still waits (a backlog ahead of it), the next slots add nothing: it covers them.
    const waiting = await scheduleRecurring(db, { job: named("rollup"), everyMs: 60_000 }, new Date(base.getTime() + 60_000));
    expect(waiting.id).toBe(runs[0].id);
    expect(await scheduleRecurring(db, { job: named("rollup"), everyMs: 60_000 }, new Date(base.getTime() + 120_000))).toMatchObject({ id: runs[0].id });
    expect(await db.job.count({ where: { name: "rollup" } })).toBe(1);
    // A run backing off after a failure does not cover new slots.
    await db.job.update({ where: { id: runs[0].id }, data: { attempts: 1, runAt: new Date(base.getTime() + 600_000) } });
    const fresh = await scheduleRecurring(db, { job: named("rollup"), everyMs: 60_000 }, new Date(base.getTime() + 120_000));
    expect(fresh.id).not.toBe(runs[0].id);
    await db.job.delete({ where: { id: fresh.id } });
    // Once it has run, the next slot gets its own row.
    await db.job.update({ where: { id: runs[0].id }, data: { status: "succeeded", finishedAt: new Date() } });
    const next = await scheduleRecurring(db, { job: named("rollup"), everyMs: 60_000 }, new Date(base.getTime() + 180_000));
    expect(next.id).not.toBe(runs[0].id);
    expect(next.runAt.getTime()).toBe(base.getTime() + 180_000);
    expect(await db.job.count({ where: { name: "rollup" } })).toBe(2);
  });

  it("runs jobs in a worker: success, retry, invalid payload and unknown names", async () => {
    const seen: number[] = [];
    const work = defineJob({
      name: "work",
      payload: z.object({ n: z.number().int() }),
      async handler({ n }, { attempt }) {
        if (n === 2 && attempt === 1) throw new Error("first try fails");
        seen.push(n);
      },
    });
    const ok = await enqueue(db, work, { n: 1 });
    const flaky = await enqueue(db, work, { n: 2 });
    const invalid = await enqueue(db, named("work"), { n: "three" });
    const unknown = await enqueue(db, named("not-registered"), {});

    const controller = new AbortController();
    const running = runWorker({
      db,
      jobs: createJobRegistry([work]),
      concurrency: 2,
      pollMs: 10,
      backoff: { baseMs: 5, capMs: 20 },
      signal: controller.signal,
    });
    for (let i = 0; i < 500; i++) {
      if ((await db.job.count({ where: { name: "work", status: { in: ["queued", "running"] } } })) === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    controller.abort();
    const stats = await running;

    expect(seen.sort()).toEqual([1, 2]);
    expect(stats).toMatchObject({ succeeded: 2, retried: 1, dead: 1, lost: 0 });
    const rows = new Map((await db.job.findMany()).map((j) => [j.id, j]));
    expect(rows.get(ok.id)).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(rows.get(flaky.id)).toMatchObject({ status: "succeeded", attempts: 2 });
    expect(rows.get(invalid.id)).toMatchObject({ status: "dead", attempts: 1 });
    expect(rows.get(invalid.id)!.lastError).toBe('PermanentJobError: invalid payload for job "work": n: Expected number, received string');
    expect(rows.get(unknown.id)).toMatchObject({ status: "queued", attempts: 0 }); // left for a worker that knows it
  });
});
