// Job-queue throughput: N no-op jobs drained by W worker processes on PostgreSQL, and by the
// in-process worker on SQLite (a one-process deployment).
//   tsx bench/queue.ts [--jobs 5000] [--workers 1,2,4]
import { spawn } from "node:child_process";
import path from "node:path";
import { z } from "zod";
import { createPrismaClient, withSqliteBusyRetry, type Db } from "../app/db.server";
import { createJobRegistry, defineJob } from "../app/jobs/define-job";
import { runWorker } from "../app/jobs/worker.server";
import { enqueue } from "../app/jobs/queue.server";
import { createTestDbUrl, ROOT } from "../test/helpers/db";
import { arg, machine, record } from "./lib";

/** A definition for queue tests that only need a name (any payload passes). */
const named = (name: string) => defineJob({ name, payload: z.any(), handler: async () => {} });

const JOBS = Number(arg("jobs", "5000"));
const WORKERS = arg("workers", "1,2,4").split(",").map(Number);
// Jobs are enqueued not-yet-due and released at once when every worker is ready, so process
// start-up is not part of the figure.
const HELD = new Date(Date.now() + 24 * 3600_000);
const release = (db: Db) => db.job.updateMany({ where: { runAt: HELD }, data: { runAt: new Date(Date.now() - 1000) } });
const noop = defineJob({ name: "bench.noop", payload: z.object({ n: z.number() }), handler: async () => {} });

async function run(kind: "sqlite" | "postgresql", workers: number) {
  process.env.TEST_DATABASE = kind;
  const { url, drop } = await createTestDbUrl();
  const db = createPrismaClient(url);
  for (let i = 0; i < JOBS; i += 500) {
    await db.$transaction(async (tx) => {
      for (let n = i; n < Math.min(JOBS, i + 500); n++) await enqueue(tx, named("bench.noop"), { n }, { runAt: HELD });
    });
  }
  console.error(`${kind}: ${JOBS} jobs enqueued, starting ${workers} worker(s)`);
  if (kind === "sqlite") return finish(await drainInProcess(db), db, drop, kind, workers);
  const children = Array.from({ length: workers }, (_, w) =>
    spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["bench/fixtures/queue-worker.ts"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, WORKER_ID: `bench-${w}` },
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  await Promise.all(children.map((c) => new Promise<void>((resolve) => c.stdout!.on("data", (d) => String(d).includes("ready") && resolve()))));
  await release(db);
  const started = performance.now();
  // Process start-up is part of the figure only once; the drain dominates at these sizes.
  const pending = () => withSqliteBusyRetry(db, () => db.job.count({ where: { status: { in: ["queued", "running"] } } }));
  while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - started) / 1000;
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((c) => new Promise((r) => c.once("exit", r))));
  return finish(seconds, db, drop, kind, workers);
}

// SQLite is a one-process deployment (DESIGN.md): its worker runs inside this process.
async function drainInProcess(db: Db): Promise<number> {
  const controller = new AbortController();
  await release(db);
  const started = performance.now();
  const worker = runWorker({ db, jobs: createJobRegistry([noop]), concurrency: 8, pollMs: 10, signal: controller.signal });
  const pending = () => withSqliteBusyRetry(db, () => db.job.count({ where: { status: { in: ["queued", "running"] } } }));
  while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - started) / 1000;
  controller.abort();
  await worker;
  return seconds;
}

async function finish(seconds: number, db: Db, drop: () => Promise<void>, kind: string, workers: number) {
  const succeeded = await db.job.count({ where: { status: "succeeded" } });
  await db.$disconnect();
  await drop();
  if (succeeded !== JOBS) throw new Error(`${kind}: ${succeeded}/${JOBS} jobs succeeded`);
  return { database: kind, workers, jobs: JOBS, seconds: Number(seconds.toFixed(2)), jobsPerSecond: Math.round(JOBS / seconds) };
}

const rows = [];
for (const kind of ["postgresql", "sqlite"] as const) {
  for (const workers of kind === "sqlite" ? [1] : WORKERS) rows.push(await run(kind, workers));
}
console.table(rows);
record("queue", { machine: machine(), rows });
