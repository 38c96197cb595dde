/**
 * The local Shopify sandbox server (plain node:http). Admin API routes are built in; other
 * parts (storefront, webhooks, admin frame) plug in through `routes`.
 *
 *   const sandbox = await createSandbox({ port: 0 });
 *   ... fetch(`${sandbox.url}/admin/api/2026-10/graphql.json`, ...)
 *   await sandbox.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { loadAdminSchema, resolveSchemaPath } from "./admin/executor";
import { adminRoutes, DEFAULT_SCOPES, type AdminRuntime } from "./admin/routes";
import { createState, type StateOptions } from "./admin/state";
import { HttpError, matchRoute, sendJson, type SandboxContext, type SandboxOptions, type SandboxRoute, type SandboxState } from "./router";

export interface CreateSandboxOptions extends Partial<SandboxOptions>, StateOptions {
  /** Extra routes (storefront, webhooks, ...), tried after the Admin routes. */
  routes?: SandboxRoute[] | ((ctx: SandboxContext) => SandboxRoute[] | Promise<SandboxRoute[]>);
  /** Log each request to the console. */
  logRequests?: boolean;
}

export interface Sandbox {
  url: string;
  port: number;
  state: SandboxState;
  ctx: SandboxContext;
  server: Server;
  close(): Promise<void>;
}

export async function createSandbox(options: CreateSandboxOptions = {}): Promise<Sandbox> {
  const resolved: SandboxOptions = {
    port: options.port ?? 0,
    host: options.host ?? "127.0.0.1",
    appUrl: options.appUrl ?? "http://127.0.0.1:3000",
    apiKey: options.apiKey ?? "sandbox-api-key",
    apiSecret: options.apiSecret ?? "sandbox-api-secret",
    schemaPath: options.schemaPath ?? resolveSchemaPath(),
    scopes: options.scopes ?? DEFAULT_SCOPES,
  };
  const state = createState(options);
  const ctx: SandboxContext = { options: resolved, baseUrl: "", state };
  const runtime: AdminRuntime = { schema: loadAdminSchema(resolved.schemaPath), held: new Set() };
  const routes: SandboxRoute[] = adminRoutes(runtime);

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sandbox");
    if (options.logRequests) console.log(`[sandbox] ${req.method} ${url.pathname}`);
    try {
      const found = matchRoute(routes, req.method ?? "GET", url.pathname);
      if (!found) {
        sendJson(res, 404, { errors: "Not Found" });
        return;
      }
      await found.route.handle(req, res, found.match, ctx);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof HttpError) {
        sendJson(res, e.status, e.body, e.headers);
        return;
      }
      console.error("[sandbox] route failed:", e);
      sendJson(res, 500, { errors: "Internal sandbox error", message: e instanceof Error ? e.message : String(e) });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = resolved.host === "0.0.0.0" || resolved.host === "::" ? "127.0.0.1" : resolved.host;
  ctx.baseUrl = `http://${host}:${port}`;

  const extra = typeof options.routes === "function" ? await options.routes(ctx) : (options.routes ?? []);
  routes.push(...extra);

  return {
    url: ctx.baseUrl,
    port,
    state,
    ctx,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const h of runtime.held) {
          clearTimeout(h.timer);
          h.res.destroy();
        }
        runtime.held.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
