// Reads and validates the process environment once, at boot. A missing or malformed
// variable stops the app with one clear line per problem instead of failing later.
import { z } from "zod";

export const DEFAULT_DATABASE_URL = "file:./prisma/dev.sqlite";
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function isLoopbackUrl(value: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(value).hostname);
  } catch {
    return true; // not a URL at all: the url() check already says so
  }
}

const url = (what: string) =>
  z.string({ required_error: `${what} is required` }).url(`${what} must be a full URL such as https://example.com`);

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    SHOPIFY_API_KEY: z.string({ required_error: "SHOPIFY_API_KEY is required (the app's client id from the Partner Dashboard)" }).min(1, "SHOPIFY_API_KEY must not be empty"),
    SHOPIFY_API_SECRET: z.string({ required_error: "SHOPIFY_API_SECRET is required (the app's client secret)" }).min(1, "SHOPIFY_API_SECRET must not be empty"),
    SHOPIFY_APP_URL: url("SHOPIFY_APP_URL"),
    SCOPES: z
      .string()
      .regex(/^[a-z_]+(,[a-z_]+)*$/, "SCOPES must be a comma-separated list such as read_orders,write_discounts")
      .optional(),
    DATABASE_URL: z
      .string()
      .default(DEFAULT_DATABASE_URL)
      .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), "DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL)"),
    SHOP_CUSTOM_DOMAIN: z.string().optional(),
    // Set only when running against the local Shopify sandbox (npm run demo, tests).
    // The sandbox switch reroutes every Shopify call; it may only ever point at this machine.
    SHOPIFY_SANDBOX_URL: url("SHOPIFY_SANDBOX_URL")
      .refine(isLoopbackUrl, "SHOPIFY_SANDBOX_URL must point at the local sandbox (localhost or 127.0.0.1); unset it to talk to Shopify")
      .optional(),
    APP_BRIDGE_URL: url("APP_BRIDGE_URL").optional(),
    WORKER_CONCURRENCY: z.coerce.number().int("WORKER_CONCURRENCY must be a whole number").min(1).max(64).default(4),
    // How often an idle worker looks for due jobs, and how often the dashboard rollup runs.
    WORKER_POLL_MS: z.coerce.number().int("WORKER_POLL_MS must be a whole number of milliseconds").min(10).max(60_000).default(1_000),
    ROLLUP_EVERY_MS: z.coerce.number().int("ROLLUP_EVERY_MS must be a whole number of milliseconds").min(1_000).default(5 * 60_000),
    // Order reconciliation (docs/OPERATIONS.md): how often each shop's orders are compared with
    // the inbox, and how old a change must be before it is (webhooks get that long to arrive).
    RECONCILE_EVERY_MS: z.coerce.number().int("RECONCILE_EVERY_MS must be a whole number of milliseconds").min(10_000).default(15 * 60_000),
    RECONCILE_SETTLE_MS: z.coerce.number().int("RECONCILE_SETTLE_MS must be a whole number of milliseconds").min(0).max(24 * 60 * 60_000).default(10 * 60_000),
    // How long a friend's claim waits for the worker to make their instant code before answering
    // "pending" (the storefront block then asks again); Shopify's app proxy gives up after about 10 s.
    CLAIM_WAIT_MS: z.coerce.number().int("CLAIM_WAIT_MS must be a whole number of milliseconds").min(0).max(8_000).default(4_000),
    // Hex or base64 secret used to hash IP addresses (no raw IPs are stored).
    IP_HASH_SALT: z.string().min(16, "IP_HASH_SALT must be at least 16 characters").optional(),
    // Proxies of our own hosting between Shopify's app proxy and the app that append to
    // X-Forwarded-For (a load balancer = 1). The client IP is the hop Shopify added, counted
    // from the right past these; anything to its left is client-controlled and ignored.
    TRUSTED_PROXY_HOPS: z.coerce.number().int("TRUSTED_PROXY_HOPS must be a whole number").min(0).max(5).default(0),
    // Outgoing mail for notification emails, e.g. smtp://user:pass@smtp.example.com:587; unset = send jobs fail and retry (development prints them).
    SMTP_URL: z.string().regex(/^smtps?:\/\/.+/, "SMTP_URL must look like smtp://user:password@host:587 or smtps://...").optional(),
    // Days raw webhook bodies and finished job payloads are kept before personal data is pruned (docs/OPERATIONS.md).
    DATA_RETENTION_DAYS: z.coerce.number().int("DATA_RETENTION_DAYS must be a whole number of days").min(1).max(3650).default(30),
    // Outgoing webhooks (docs/WEBHOOKS.md): the first retry's delay; each later one doubles (capped at 6 h).
    WEBHOOK_RETRY_BASE_MS: z.coerce.number().int("WEBHOOK_RETRY_BASE_MS must be a whole number of milliseconds").min(10).max(60 * 60_000).default(60_000),
    EMAIL_FROM: z.string().min(3, "EMAIL_FROM must be an address such as Acme <rewards@acme.com>").optional(),
    // How long one store-credit call to Shopify may take before it is aborted; another run reads
    // the account only once a lock is older than this plus the send window (docs/OPERATIONS.md).
    TWOFOLD_CREDIT_TIMEOUT_MS: z.coerce.number({ invalid_type_error: "TWOFOLD_CREDIT_TIMEOUT_MS must be a whole number of milliseconds" }).int("TWOFOLD_CREDIT_TIMEOUT_MS must be a whole number of milliseconds").min(100).max(10 * 60_000).default(10_000),
    // 1: workers claim jobs in turns across shops instead of oldest first (app/jobs/queue.server.ts, fairQueueByDefault).
    TWOFOLD_FAIR_QUEUE: z.enum(["0", "1"], { errorMap: () => ({ message: "TWOFOLD_FAIR_QUEUE must be 1 (claim jobs in turns across shops) or 0" }) }).optional(),
    // With the fair queue: jobs of one shop running at once (all workers together) before other shops' due jobs go first.
    TWOFOLD_SHOP_CONCURRENCY: z.coerce.number({ invalid_type_error: "TWOFOLD_SHOP_CONCURRENCY must be a whole number" }).int("TWOFOLD_SHOP_CONCURRENCY must be a whole number").min(1).max(1_000).default(4),
    // The Admin GraphQL schema (SDL) for codegen, the schema check and the sandbox (app/shopify/schema-path.ts).
    SHOPIFY_ADMIN_SCHEMA: z.string().optional(),
    // The port a development server listens on (the mail catcher, app/notifications/dev-mail-catcher.ts,
    // defaults to 1025), and a folder where the mail catcher keeps each message it receives.
    PORT: z.coerce.number().int("PORT must be a whole number").min(0).max(65_535).optional(),
    MAIL_DIR: z.string().optional(),
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Twofold cannot start; fix these environment variables:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => {
      const key = issue.path.join(".");
      return issue.message.startsWith(key) ? issue.message : `${key}: ${issue.message}`;
    }),
  );
}

/**
 * One setting, read from the environment now and validated by its entry in the schema, for code
 * that runs without a whole app environment (the worker's Admin client, the sandbox switch,
 * scripts and unit tests). A malformed value throws the same clear line as at boot.
 */
export function setting<K extends keyof Env>(key: K, source: Record<string, string | undefined> = process.env): Env[K] {
  const result = envSchema.shape[key].safeParse(source[key]);
  if (result.success) return result.data as Env[K];
  throw new EnvError(result.error.issues.map((issue) => (issue.message.startsWith(key) ? issue.message : `${key}: ${issue.message}`)));
}

/**
 * A setting the caller can do without: undefined when unset or empty, otherwise validated like
 * setting(). For values read where they are used (a job signing a link, a hash key), so a test
 * that sets them for a while is heard.
 */
export function settingIfSet<K extends keyof Env>(key: K, source: Record<string, string | undefined> = process.env): Env[K] | undefined {
  if (source[key] === undefined || source[key] === "") return undefined;
  return setting(key, source);
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
