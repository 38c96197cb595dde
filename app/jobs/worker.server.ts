// The worker loop: claims due jobs, runs their handlers with a heartbeat, records the outcome.
// Run any number of these processes against one database (`npm run worker`, app/worker/main.server.ts). SIGTERM/SIGINT stop
// claiming and let in-flight jobs finish; a second signal exits at once (leases then expire and
// other workers take the jobs over).
import crypto from "node:crypto";
import os from "node:os";
import type { Db } from "../db.server";
import type { BackoffOptions } from "./backoff";
import { parseJobPayload, PermanentJobError, type AnyJobDefinition, type JobRegistry } from "./define-job";
import {
  claimJobs,
  completeJob,
  DEFAULT_LEASE_MS,
  describeError,
  failJob,
  heartbeat,
  scheduleRecurring,
  type FailOutcome,
  type Job,
  type RecurringJob,
} from "./queue.server";

export type WorkerEvent =
  | { type: "succeeded"; job: Job; ms: number }
  | { type: "failed"; job: Job; outcome: FailOutcome; error: string }
  | { type: "lease-lost"; job: Job }
  | { type: "error"; where: string; error: string };

export interface WorkerOptions {
  db: Db;
  jobs: JobRegistry;
  concurrency?: number;
  /** How long to wait before polling again when no job was due. */
  pollMs?: number;
  leaseMs?: number;
  /** Defaults to a third of the lease. */
  heartbeatMs?: number;
  backoff?: Partial<BackoffOptions>;
  schedules?: readonly RecurringJob[];
  workerId?: string;
  /** Abort to shut down gracefully: no new claims, in-flight jobs finish. */
  signal?: AbortSignal;
  onEvent?: (event: WorkerEvent) => void;
}

export interface WorkerStats {
  workerId: string;
  succeeded: number;
  retried: number;
  dead: number;
  lost: number;
}

export function defaultWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
}

function sleep(ms: number, signal?: AbortSignal, wake?: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    wake?.then(done, done);
  });
}

/** Runs until `signal` aborts; resolves once every in-flight job has finished. */
export async function runWorker(options: WorkerOptions): Promise<WorkerStats> {
  const { db, jobs, signal } = options;
  const concurrency = options.concurrency ?? 5;
  const pollMs = options.pollMs ?? 1_000;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const heartbeatMs = options.heartbeatMs ?? Math.max(10, Math.floor(leaseMs / 3));
  const workerId = options.workerId ?? defaultWorkerId();
  const emit = options.onEvent ?? (() => {});
  const names = [...jobs.keys()];
  const stats: WorkerStats = { workerId, succeeded: 0, retried: 0, dead: 0, lost: 0 };
  const inFlight = new Set<Promise<void>>();
  const scheduledSlots = new Map<string, number>();

  const reportError = (where: string, error: unknown) => emit({ type: "error", where, error: describeError(error) });

  async function enqueueSchedules() {
    for (const recurring of options.schedules ?? []) {
      const key = typeof recurring.job === "string" ? recurring.job : recurring.job.name;
      const slot = Math.floor(Date.now() / recurring.everyMs);
      if (scheduledSlots.get(key) === slot) continue;
      await scheduleRecurring(db, recurring);
      scheduledSlots.set(key, slot);
    }
  }

  async function settle(job: Job, error: unknown, definition?: AnyJobDefinition) {
    const outcome = await failJob(db, job, error, { backoff: { ...options.backoff, ...definition?.backoff } });
    if (outcome === "retry") stats.retried++;
    else if (outcome === "dead") stats.dead++;
    else {
      stats.lost++;
      emit({ type: "lease-lost", job });
      return;
    }
    emit({ type: "failed", job, outcome, error: describeError(error) });
  }

  async function run(job: Job) {
    const definition = jobs.get(job.name);
    if (!definition) return settle(job, new PermanentJobError(`no handler registered for job "${job.name}"`));
    if (job.attempts > job.maxAttempts) {
      // Only a lease that expired again and again gets here: the job keeps killing or stalling its worker.
      return settle(job, new PermanentJobError(`lease expired on every one of ${job.maxAttempts} attempts; last holder never finished`), definition);
    }
    const parsed = parseJobPayload(definition, job.payload);
    if (!parsed.ok) return settle(job, new PermanentJobError(parsed.error), definition);

    const lease = new AbortController();
    const beat = setInterval(() => {
      heartbeat(db, job, leaseMs).then(
        (held) => {
          if (!held) lease.abort(new Error("lease lost"));
        },
        (error) => reportError("heartbeat", error),
      );
    }, heartbeatMs);
    const started = Date.now();
    try {
      await definition.handler(parsed.payload, { job, attempt: job.attempts, workerId, db, signal: lease.signal });
    } catch (error) {
      clearInterval(beat);
      return settle(job, error, definition);
    }
    clearInterval(beat);
    if (await completeJob(db, job)) {
      stats.succeeded++;
      emit({ type: "succeeded", job, ms: Date.now() - started });
    } else {
      stats.lost++;
      emit({ type: "lease-lost", job });
    }
  }

  function start(job: Job) {
    const task = run(job)
      .catch((error) => reportError(`job ${job.id}`, error)) // outcome not recorded: the lease expires and the job is retried
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  }

  while (!signal?.aborted) {
    try {
      await enqueueSchedules();
    } catch (error) {
      reportError("schedule", error);
    }
    const free = concurrency - inFlight.size;
    let claimed: Job[] = [];
    if (free > 0) {
      try {
        claimed = await claimJobs(db, workerId, free, leaseMs, { names });
      } catch (error) {
        reportError("claim", error);
      }
      for (const job of claimed) start(job);
    }
    if (signal?.aborted) break;
    if (claimed.length > 0 && claimed.length === free) {
      // Full: wait for a slot, then claim again straight away.
      await sleep(pollMs, signal, Promise.race(inFlight));
    } else if (claimed.length === 0) {
      await sleep(pollMs, signal);
    }
    // Claimed some but fewer than asked: the queue is nearly drained, poll again at once.
  }
  await Promise.allSettled([...inFlight]);
  return stats;
}

export interface WorkerProcessOptions extends Omit<WorkerOptions, "signal"> {
  log?: (line: string) => void;
}

/** Runs a worker in this process until SIGTERM/SIGINT; a second signal exits immediately. */
export async function runWorkerProcess(options: WorkerProcessOptions): Promise<WorkerStats> {
  const log = options.log ?? ((line: string) => console.log(line));
  const controller = new AbortController();
  const stop = (signalName: string) => {
    if (controller.signal.aborted) {
      log(`worker: second ${signalName}, exiting without waiting`);
      process.exit(1);
    }
    log(`worker: ${signalName} received, finishing in-flight jobs`);
    controller.abort();
  };
  const onTerm = () => stop("SIGTERM");
  const onInt = () => stop("SIGINT");
  process.on("SIGTERM", onTerm);
  process.on("SIGINT", onInt);
  try {
    return await runWorker({ ...options, signal: controller.signal });
  } finally {
    process.off("SIGTERM", onTerm);
    process.off("SIGINT", onInt);
  }
}
