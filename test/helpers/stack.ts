// The whole loop for an integration test: a fresh database, the Shopify sandbox (in this
// process), the built app (a child process) pointed at both, and an installed demo shop.
import { issueToken, upsertShop, type ShopSeed } from "../../sandbox/admin/state";
import { createSandbox, type Sandbox } from "../../sandbox/server";
import { storefrontRoutes } from "../../sandbox/storefront/routes";
import { deliverWebhook, type DeliverWebhookOptions } from "../../sandbox/storefront/webhooks";
import { createJobRegistry } from "../../app/jobs/define-job";
import { runWorker } from "../../app/jobs/worker.server";
import { claimCodeJob } from "../../app/rewards/claim-code.job.server";
import { jobs } from "../../app/worker/registry.server";
import { freePort, startAppServer, TEST_API_KEY, TEST_API_SECRET, type AppServer } from "./app-server";
import { createTestDb, type TestDb } from "./db";

export interface Stack {
  db: TestDb;
  sandbox: Sandbox;
  app: AppServer;
  shop: string;
  accessToken: string;
  /** Installs one more shop (sandbox shop, offline session, Shop row), as the first one is; answers its domain. */
  addShop(seed: Partial<ShopSeed> & { domain: string }): Promise<string>;
  /** Delivers a webhook signed as Shopify would, to this app. */
  deliver(options: Omit<DeliverWebhookOptions, "appUrl" | "apiSecret" | "shop"> & { shop?: string }): ReturnType<typeof deliverWebhook>;
  /** Runs every due job with the app's own registry until the queue is idle. */
  drainJobs(): Promise<void>;
  /**
   * The worker that makes friends' instant codes while a claim waits, as the app's worker
   * process does beside it in production: on from the start unless `claimWorker: false`. Only
   * that job runs in it; every other job waits for drainJobs.
   */
  startClaimWorker(): void;
  stopClaimWorker(): Promise<void>;
  stop(): Promise<void>;
}

const claimJobs = createJobRegistry([claimCodeJob]);

/** The sandbox shop, its offline token, and the app's session and Shop rows: an installed shop. */
async function installShop(db: TestDb, sandbox: Sandbox, seed: Partial<ShopSeed> & { domain: string }): Promise<string> {
  const shop = seed.domain;
  upsertShop(sandbox.state, { name: "Twofold Test Store", currencyCode: "USD", ...seed });
  const accessToken = issueToken(sandbox.state, shop);
  await db.prisma.session.create({
    data: { id: `offline_${shop}`, shop, state: "installed", isOnline: false, scope: "read_orders", accessToken },
  });
  await db.prisma.shop.create({ data: { id: shop, name: "Twofold Test Store", currencyCode: "USD" } });
  return accessToken;
}

/** `pgAdminUrl`: the PostgreSQL server to create the database on (a private cluster; default the shared one). */
export async function startStack(options: { shop?: Partial<ShopSeed>; pgAdminUrl?: string; claimWorker?: boolean; env?: Record<string, string> } = {}): Promise<Stack> {
  const db = await createTestDb(options.pgAdminUrl);
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const sandbox = await createSandbox({ port: 0, appUrl, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, routes: storefrontRoutes });
  const shop = options.shop?.domain ?? "twofold-test.myshopify.com";
  const accessToken = await installShop(db, sandbox, { ...options.shop, domain: shop });
  let app: AppServer;
  try {
    app = await startAppServer({ databaseUrl: db.url, sandboxUrl: sandbox.url, port: appPort, env: options.env });
  } catch (error) {
    await sandbox.close();
    await db.drop();
    throw error;
  }
  const workerEnv = () => {
    // Jobs that call Shopify (metafield sync, rewards) build their Admin client in this
    // process: point it at this stack's sandbox, as the app process is.
    process.env.SHOPIFY_SANDBOX_URL = sandbox.url;
    // Email send jobs sign unsubscribe links for this app, as its worker would.
    process.env.SHOPIFY_APP_URL = appUrl;
    process.env.SHOPIFY_API_SECRET = TEST_API_SECRET;
  };
  let claimWorker: { controller: AbortController; done: Promise<unknown> } | null = null;
  const startClaimWorker = () => {
    if (claimWorker) return;
    const controller = new AbortController();
    claimWorker = { controller, done: runWorker({ db: db.prisma, jobs: claimJobs, concurrency: 2, pollMs: 25, signal: controller.signal, backoff: { baseMs: 10, capMs: 50 } }) };
  };
  const stopClaimWorker = async () => {
    const running = claimWorker;
    claimWorker = null;
    running?.controller.abort();
    await running?.done;
  };
  workerEnv();
  if (options.claimWorker !== false) startClaimWorker();
  return {
    db,
    sandbox,
    app,
    shop,
    accessToken,
    addShop: async (seed) => {
      await installShop(db, sandbox, seed);
      return seed.domain;
    },
    deliver: (o) => deliverWebhook({ appUrl, apiSecret: TEST_API_SECRET, shop, ...o }),
    startClaimWorker,
    stopClaimWorker,
    drainJobs: async () => {
      workerEnv();
      const controller = new AbortController();
      const worker = runWorker({ db: db.prisma, jobs, concurrency: 2, pollMs: 20, signal: controller.signal, backoff: { baseMs: 10, capMs: 50 } });
      const names = [...jobs.keys()];
      for (;;) {
        const pending = await db.prisma.job.count({ where: { name: { in: names }, status: { in: ["queued", "running"] } } });
        if (pending === 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      controller.abort();
      await worker;
    },
    stop: async () => {
      await stopClaimWorker();
      await app.stop();
      await sandbox.close();
      await db.drop();
    },
  };
}
