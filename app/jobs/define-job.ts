// How a job is declared: a name, a zod schema for its payload and a handler. One file per job;
// the worker runs only the jobs in the registry it is given (app/worker/registry.server.ts).
import type { z } from "zod";
import type { Db } from "../db.server";
import type { Job } from "../generated/prisma/index.js";
import type { BackoffOptions } from "./backoff";

/** Thrown by a handler when trying again cannot help (bad data, revoked access): the job goes dead at once. */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

/**
 * Thrown by a handler that knows when to try again (e.g. Shopify said THROTTLED, retry after N ms).
 * `countsAsAttempt: false` marks a wait for its turn rather than a failure (another job holds
 * the resource it needs, and that job's own outcome settles it): the run is not counted, so
 * a job queued behind a busy account never dies of waiting.
 */
export class RetryJobLaterError extends Error {
  override name = "RetryJobLaterError";
  readonly countsAsAttempt: boolean;
  constructor(
    message: string,
    readonly delayMs: number,
    options: { countsAsAttempt?: boolean } = {},
  ) {
    super(message);
    this.countsAsAttempt = options.countsAsAttempt ?? true;
  }
}

export interface JobContext {
  /** The claimed row; `job.attempts` counts this run (1 on the first run). */
  job: Job;
  attempt: number;
  workerId: string;
  db: Db;
  /** Aborted when this worker lost the lease (another worker may now run the job): stop early. */
  signal: AbortSignal;
}

export interface JobDefinition<Schema extends z.ZodTypeAny = z.ZodTypeAny> {
  name: string;
  payload: Schema;
  handler: (payload: z.output<Schema>, ctx: JobContext) => Promise<void>;
  /** Default for jobs enqueued through this definition (the row's own value wins). */
  maxAttempts?: number;
  backoff?: Partial<BackoffOptions>;
}

// Handlers are stored type-erased in the registry; the schema parse is what makes the call safe.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobDefinition = JobDefinition<any>;

export function defineJob<Schema extends z.ZodTypeAny>(definition: JobDefinition<Schema>): JobDefinition<Schema> {
  if (!/^[a-z0-9][a-z0-9._:-]*$/i.test(definition.name)) {
    throw new Error(`job name "${definition.name}" must be letters, digits and . _ : -`);
  }
  return definition;
}

export type JobRegistry = ReadonlyMap<string, AnyJobDefinition>;

export function createJobRegistry(definitions: readonly AnyJobDefinition[]): JobRegistry {
  const registry = new Map<string, AnyJobDefinition>();
  for (const definition of definitions) {
    if (registry.has(definition.name)) throw new Error(`job "${definition.name}" is defined twice`);
    registry.set(definition.name, definition);
  }
  return registry;
}

export type ParsedPayload = { ok: true; payload: unknown } | { ok: false; error: string };

/** Decodes a row's JSON payload against the job's schema; the error reads well in `lastError`. */
export function parseJobPayload(definition: AnyJobDefinition, raw: string): ParsedPayload {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: `invalid payload for job "${definition.name}": not JSON` };
  }
  const result = definition.payload.safeParse(json);
  if (result.success) return { ok: true, payload: result.data };
  const issues = result.error.issues
    .map((issue: z.ZodIssue) => `${issue.path.length ? issue.path.join(".") : "(payload)"}: ${issue.message}`)
    .join("; ");
  return { ok: false, error: `invalid payload for job "${definition.name}": ${issues}` };
}
