// Admin GraphQL client for background jobs: the shop's offline token, graphql-request,
// pacing from Shopify's cost bucket, and bounded retries with exponential backoff + full
// jitter for THROTTLED / 429 / 5xx / network failures. Mutations are not re-sent after an
// ambiguous failure (5xx, timeout, lost connection): Shopify may have applied them, and
// neither discountCodeBasicCreate nor storeCreditAccountCredit is idempotent. The caller
// reconciles (findDiscountCodeByCode / listStoreCreditTransactions) and retries.
import { ClientError, GraphQLClient } from "graphql-request";
import type { Db } from "../db.server";
import type { AdminGraphql, BudgetReservation, RequestOptions } from "./admin-graphql";
import { isMutation, operationName } from "./admin-graphql";
import {
  graphqlErrorCodes,
  kindForGraphqlCodes,
  kindForStatus,
  ShopifyApiError,
  type GraphqlErrorLike,
  type ShopifyApiErrorKind,
} from "./errors";
import { ADMIN_API_VERSION } from "./schema-path";
import { sharedAdminBudget } from "./shared-budget.server";
import { processBuckets, type AdminBudget, type QueryCost } from "./throttle";
import { setting } from "../env.server";

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** [0, 1) */
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

export interface AdminClientOptions {
  shop: string;
  accessToken: string;
  apiVersion?: string;
  /** Defaults to env SHOPIFY_SANDBOX_URL; when set, requests go to the local sandbox. */
  sandboxUrl?: string | null;
  fetch?: typeof fetch;
  /** Total tries per request, first one included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  /** Re-send mutations after 5xx/timeouts too (only for mutations that are safe to repeat). */
  retryAmbiguousMutations?: boolean;
  clock?: Clock;
  /** The shop's cost bucket as this client sees it: in process memory by default; jobs share one through the DB. */
  buckets?: AdminBudget;
}

export interface AdminClient extends AdminGraphql {
  readonly shop: string;
  readonly endpoint: string;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/i;

export function adminEndpoint(
  shop: string,
  { sandboxUrl, apiVersion = ADMIN_API_VERSION }: { sandboxUrl?: string | null; apiVersion?: string } = {},
): { url: string; headers: Record<string, string> } {
  if (!SHOP_DOMAIN.test(shop)) throw new Error(`Not a shop domain: ${JSON.stringify(shop)}`);
  if (sandboxUrl) {
    return {
      url: `${sandboxUrl.replace(/\/+$/, "")}/admin/api/${apiVersion}/graphql.json`,
      headers: { "X-Shopify-Shop-Domain": shop },
    };
  }
  return { url: `https://${shop}/admin/api/${apiVersion}/graphql.json`, headers: {} };
}

interface Attempt {
  data?: unknown;
  errors?: GraphqlErrorLike[];
  cost?: QueryCost;
  status?: number;
  retryAfterMs?: number;
  failure?: { kind: ShopifyApiErrorKind; message: string; cause?: unknown };
}

/** Code of the ShopifyApiError a request with `notAfter` throws when it was not sent in time. */
export const SEND_DEADLINE_CODE = "SEND_DEADLINE";

/** True when the error says the request was never sent (its send deadline passed while it waited). */
export function notSentInTime(error: unknown): boolean {
  return error instanceof ShopifyApiError && error.codes.includes(SEND_DEADLINE_CODE);
}

/**
 * First requests of an operation whose cost is not known yet, per budget, shop and operation:
 * while one is out, other requests of that operation in this process wait for its answer
 * (which teaches the cost) instead of all reserving a guess. A read guessed at 10 points and
 * costing 100 sent 16 times at once is what used to draw THROTTLED answers at start-up.
 */
const probes = new WeakMap<AdminBudget, Map<string, Promise<void>>>();

export function createAdminClient(options: AdminClientOptions): AdminClient {
  const {
    shop,
    accessToken,
    maxAttempts = 5,
    baseDelayMs = 500,
    maxDelayMs = 30_000,
    timeoutMs = 30_000,
    retryAmbiguousMutations = false,
    clock = systemClock,
    buckets: budget = processBuckets,
  } = options;
  const buckets: AdminBudget = budget;
  const sandboxUrl = options.sandboxUrl === undefined ? setting("SHOPIFY_SANDBOX_URL") : options.sandboxUrl;
  const { url, headers } = adminEndpoint(shop, { sandboxUrl, apiVersion: options.apiVersion });
  const client = new GraphQLClient(url, {
    headers: { ...headers, "X-Shopify-Access-Token": accessToken },
    errorPolicy: "all",
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  async function send(document: string, variables: Record<string, unknown> | undefined): Promise<Attempt> {
    try {
      const response = await client.rawRequest<unknown>({
        query: document,
        variables,
        signal: AbortSignal.timeout(timeoutMs),
      });
      return {
        data: response.data,
        errors: response.errors as GraphqlErrorLike[] | undefined,
        cost: response.extensions ? (response.extensions as { cost?: QueryCost }).cost : undefined,
        status: response.status,
      };
    } catch (error) {
      if (error instanceof ClientError) {
        const r = error.response;
        return {
          data: r.data,
          errors: r.errors as GraphqlErrorLike[] | undefined,
          cost: (r.extensions as { cost?: QueryCost } | undefined)?.cost,
          status: r.status,
          retryAfterMs: parseRetryAfter(r.headers?.get?.("retry-after") ?? null, clock.now()),
        };
      }
      const name = (error as { name?: string })?.name;
      const kind = name === "TimeoutError" || name === "AbortError" ? "timeout" : "network";
      return { failure: { kind, message: (error as Error)?.message ?? String(error), cause: error } };
    }
  }

  let inFlight = probes.get(buckets);
  if (!inFlight) probes.set(buckets, (inFlight = new Map()));
  const probesOfBudget = inFlight;
  const estimate = (operation: string) => buckets.estimateCost(operation, 10, shop);

  /** Waits while a first request of `operation` (cost unknown) is out in this process. */
  async function joinProbe(operation: string): Promise<void> {
    for (let running = probesOfBudget.get(`${shop} ${operation}`); running; running = probesOfBudget.get(`${shop} ${operation}`)) await running;
  }

  /** joinProbe, then startProbe with no await in between (so two requests cannot both pass as "nobody is finding out"). */
  async function enterProbe(operation: string): Promise<(() => void) | undefined> {
    for (;;) {
      const running = probesOfBudget.get(`${shop} ${operation}`);
      if (!running) return startProbe(operation);
      await running;
    }
  }

  /** When the cost of `operation` is unknown and nobody is finding out, this request does: returns what to call once it has an answer. */
  function startProbe(operation: string): (() => void) | undefined {
    const key = `${shop} ${operation}`;
    if (!buckets.knowsCost || buckets.knowsCost(shop, operation) || probesOfBudget.has(key)) return undefined;
    let done!: () => void;
    probesOfBudget.set(key, new Promise<void>((resolve) => (done = resolve)));
    return () => {
      if (probesOfBudget.get(key) === undefined) return;
      probesOfBudget.delete(key);
      done();
    };
  }

  return {
    shop,
    endpoint: url,
    async waitForBudget(operation: string): Promise<void> {
      await buckets.loadCosts?.(shop);
      const wait = await buckets.waitFor(shop, estimate(operation), clock.now());
      if (wait > 0) await clock.sleep(wait);
    },

    async reserveBudget(operation: string): Promise<BudgetReservation> {
      await buckets.loadCosts?.(shop);
      await joinProbe(operation);
      const points = estimate(operation);
      const wait = await buckets.reserve(shop, points, clock.now());
      if (wait > 0) await clock.sleep(wait);
      return { operation, points };
    },

    async releaseBudget(reservation: BudgetReservation): Promise<void> {
      await buckets.observe(shop, reservation.operation, undefined, clock.now(), reservation.points);
    },

    async request<TData>(document: string, variables?: Record<string, unknown>, requestOptions: RequestOptions = {}): Promise<TData> {
      const name = operationName(document);
      const mutation = isMutation(document);
      const { notAfter } = requestOptions;
      const reservation = requestOptions.reservation?.operation === name ? requestOptions.reservation : undefined;
      await buckets.loadCosts?.(shop);
      // With a reservation the points are held already: send, and teach the cost if unknown.
      const finishProbe = reservation ? startProbe(name) : await enterProbe(name);
      try {
        return await attempts();
      } finally {
        finishProbe?.();
      }

      async function attempts(): Promise<TData> {
        for (let attempt = 1; ; attempt++) {
          // The first send of a request made with a reservation uses its points, already waited for.
          const reserved = attempt === 1 && reservation ? reservation.points : estimate(name);
          const wait = attempt === 1 && reservation ? 0 : await buckets.reserve(shop, reserved, clock.now());
          if (notAfter !== undefined && clock.now() + wait > notAfter) {
            // Too late to send: give the points back and say so; nothing went to Shopify.
            await buckets.observe(shop, name, undefined, clock.now(), reserved);
            throw new ShopifyApiError(`${name} on ${shop}: not sent, the shop's API budget frees up after the send deadline`, {
              kind: "throttled",
              codes: [SEND_DEADLINE_CODE],
              attempts: attempt,
              ambiguous: false,
            });
          }
          if (wait > 0) await clock.sleep(wait);

          const result = await send(document, variables);
          await buckets.observe(shop, name, result.cost, clock.now(), reserved);
          finishProbe?.(); // the cost is known now (or, without one, the next request finds out)

          const status = result.status;
          const ok = !result.failure && status !== undefined && status >= 200 && status < 300;
          if (ok && !result.errors?.length) return result.data as TData;

          const codes = graphqlErrorCodes(result.errors);
          let kind: ShopifyApiErrorKind =
            result.failure?.kind ?? (ok ? kindForGraphqlCodes(codes) : kindForStatus(status ?? 0));
          let detail =
            result.failure?.message ??
            (result.errors?.length ? result.errors.map((e) => e.message).join("; ") : `HTTP ${status}`);
          const requested = result.cost?.requestedQueryCost;
          const maximum = result.cost?.throttleStatus?.maximumAvailable;
          if (kind === "throttled" && requested !== undefined && maximum !== undefined && requested > maximum) {
            // Waiting cannot help: the query is bigger than the whole bucket.
            kind = "graphql";
            detail = `query cost ${requested} exceeds the bucket (${maximum}); ask for fewer items`;
          }
          const ambiguous = mutation && (kind === "server" || kind === "network" || kind === "timeout");
          const error = new ShopifyApiError(`${name} on ${shop}: ${detail}`, {
            kind,
            status,
            codes,
            ambiguous,
            attempts: attempt,
            cause: result.failure?.cause,
          });
          if (!error.retryable || attempt >= maxAttempts) throw error;
          if (ambiguous && !retryAmbiguousMutations) throw error;

          // Full jitter; never sooner than Retry-After or the bucket's own estimate.
          const backoff = Math.floor(clock.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
          const bucketWait = kind === "throttled" ? await buckets.waitFor(shop, estimate(name), clock.now()) : 0;
          const delay = Math.max(backoff, result.retryAfterMs ?? 0, bucketWait);
          if (delay > 0) await clock.sleep(delay);
        }
      }
    },
  };
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface OfflineSession {
  shop: string;
  accessToken: string;
  scope: string | null;
}

/** The shop's offline session as stored by shopify-app-remix (id `offline_<shop>`). */
export async function loadOfflineSession(db: Db, shop: string): Promise<OfflineSession | null> {
  const row = await db.session.findUnique({ where: { id: `offline_${shop}` } });
  if (!row || !row.accessToken) return null;
  return { shop: row.shop, accessToken: row.accessToken, scope: row.scope ?? null };
}

/** Throws a permanent error when the shop has no offline token (not installed / uninstalled). */
export async function loadOfflineSessionOrThrow(db: Db, shop: string): Promise<OfflineSession> {
  const session = await loadOfflineSession(db, shop);
  if (!session) {
    throw new ShopifyApiError(`No offline session for ${shop}: the app is not installed there`, {
      kind: "access-denied",
    });
  }
  return session;
}

/**
 * The usual job entry point: load the shop's token and build a client that paces on the
 * shop's budget shared through the database (every worker process of every instance).
 */
export async function adminClientForShop(
  db: Db,
  shop: string,
  options: Omit<AdminClientOptions, "shop" | "accessToken"> = {},
): Promise<AdminClient> {
  const session = await loadOfflineSessionOrThrow(db, shop);
  return createAdminClient({ buckets: sharedAdminBudget(db), ...options, shop: session.shop, accessToken: session.accessToken });
}
