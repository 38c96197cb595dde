/**
 * HTTP routes of the Admin half of the sandbox: Admin GraphQL, OAuth token exchange and the
 * `/__sandbox/` control API for tests.
 */
import { expireShopStoreCredit } from "./store-credit-ledger";
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GraphQLSchema } from "graphql";
import { HttpError, readBody, readJson, sendJson, sendText, type SandboxContext, type SandboxRoute } from "../router";
import { DEFAULT_SCOPES, expandScopes } from "./access";
import { flowRoutes } from "./flow";
import { themeRoutes } from "./theme";
import { runAdminGraphQL, type AdminGraphQLResult } from "./executor";
import { formatMinorUnits } from "./money";
import {
  addCustomer,
  addSegment,
  issueToken,
  normalizeShopDomain,
  resetState,
  scopesOfToken,
  upsertShop,
  type CustomerSeed,
  type FaultKind,
  type SandboxFault,
  type SandboxShop,
  type ShopSeed,
} from "./state";

export { DEFAULT_SCOPES };

export const INVALID_TOKEN_BODY = {
  errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
};

export interface AdminRuntime {
  schema: GraphQLSchema;
  /** Responses being held by timeout faults; cleared on close. */
  held: Set<{ timer: ReturnType<typeof setTimeout>; res: ServerResponse }>;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** The shop a request is for: X-Shopify-Shop-Domain, else Host <shop>.myshopify.com. */
export function shopFromRequest(req: IncomingMessage): string | undefined {
  const explicit = header(req, "x-shopify-shop-domain");
  if (explicit) return normalizeShopDomain(explicit);
  const host = (header(req, "host") ?? "").replace(/:\d+$/, "").toLowerCase();
  if (host.endsWith(".myshopify.com")) return host;
  return undefined;
}

function takeFault(shop: SandboxShop, query: string, operationName: string | null): SandboxFault | undefined {
  const fault = shop.faults.find(
    (f) => f.remaining > 0 && (!f.match || query.includes(f.match) || operationName === f.match),
  );
  if (!fault) return undefined;
  fault.remaining -= 1;
  shop.faults = shop.faults.filter((f) => f.remaining > 0);
  return fault;
}

const FAIL_BODIES: Record<number, { type: string; body: (id: string) => string }> = {
  500: {
    type: "application/json; charset=utf-8",
    body: (id) => JSON.stringify({ errors: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${id} (include this in support requests).` }),
  },
  502: { type: "text/html; charset=utf-8", body: () => "<html><body><h1>502 Bad Gateway</h1></body></html>" },
  503: { type: "text/html; charset=utf-8", body: () => "<html><body><h1>503 Service Unavailable</h1></body></html>" },
  504: { type: "text/html; charset=utf-8", body: () => "<html><body><h1>504 Gateway Timeout</h1></body></html>" },
};

function sendFailure(res: ServerResponse, status: number, requestId: string, headers: Record<string, string> = {}): void {
  const f = FAIL_BODIES[status] ?? FAIL_BODIES[500];
  sendText(res, status, f.body(requestId), f.type, headers);
}

function adminGraphQLRoute(rt: AdminRuntime): SandboxRoute {
  return {
    method: "POST",
    path: /^\/admin\/api\/(?:([^/]+)\/)?graphql\.json$/,
    async handle(req, res, match, ctx) {
      const { state } = ctx;
      const version = match[1] ?? "2026-10";
      const requestId = randomUUID();
      const baseHeaders = { "X-Request-Id": requestId, "X-Shopify-API-Version": version };
      const token = header(req, "x-shopify-access-token");
      const tokenShop = token ? state.tokens.get(token) : undefined;
      const requestedShop = shopFromRequest(req);
      const bodyText = await readBody(req);
      if (!tokenShop || (requestedShop && requestedShop !== tokenShop)) {
        sendJson(res, 401, INVALID_TOKEN_BODY, baseHeaders);
        return;
      }
      const shop = state.shops.get(tokenShop);
      if (!shop) {
        sendJson(res, 401, INVALID_TOKEN_BODY, baseHeaders);
        return;
      }
      let request: Record<string, unknown>;
      try {
        request = bodyText.trim() ? (JSON.parse(bodyText) as Record<string, unknown>) : {};
      } catch {
        sendJson(res, 400, { errors: "Invalid JSON in request body" }, baseHeaders);
        return;
      }
      if (typeof request !== "object" || request === null || Array.isArray(request)) request = {};
      const query = typeof request.query === "string" ? request.query : "";
      const opName = typeof request.operationName === "string" ? request.operationName : null;
      const fault = takeFault(shop, query, opName);
      const log = (status: number, result: AdminGraphQLResult | null) =>
        shop.requestLog.push({
          at: new Date(state.now()).toISOString(),
          shop: shop.domain,
          operationName: result?.operationName ?? opName,
          fields: result?.fields ?? [],
          query,
          variables: (request.variables as Record<string, unknown> | undefined) ?? null,
          status,
          requestedQueryCost: result?.body.extensions.cost.requestedQueryCost ?? null,
          actualQueryCost: result?.body.extensions.cost.actualQueryCost ?? null,
          throttled: result?.throttled ?? false,
          fault: fault?.kind ?? null,
          errors: result?.body.errors?.length ?? 0,
        });
      const run = (forceThrottle = false) =>
        runAdminGraphQL(rt.schema, { state, shop, scopes: expandScopes(scopesOfToken(state, token!)) }, request, { forceThrottle });

      if (fault) {
        switch (fault.kind) {
          case "http429": {
            log(429, null);
            sendJson(
              res,
              429,
              { errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." },
              { ...baseHeaders, "Retry-After": String(fault.retryAfter ?? 1) },
            );
            return;
          }
          case "http500":
          case "http502":
          case "http503": {
            const status = Number(fault.kind.slice(4));
            log(status, null);
            sendFailure(res, status, requestId, {
              ...baseHeaders,
              ...(status === 503 ? { "Retry-After": String(fault.retryAfter ?? 1) } : {}),
            });
            return;
          }
          case "throttled": {
            const result = run(true);
            log(200, result);
            sendJson(res, 200, result.body, baseHeaders);
            return;
          }
          case "timeout": {
            const result = fault.apply ? run() : null;
            log(0, result);
            const held = {
              res,
              timer: setTimeout(() => {
                rt.held.delete(held);
                res.socket?.destroy();
                res.destroy();
              }, fault.holdMs ?? 10_000),
            };
            rt.held.add(held);
            return;
          }
          case "applyThenFail": {
            const result = run();
            const status = fault.status ?? 502;
            log(status, result);
            sendFailure(res, status, requestId, baseHeaders);
            return;
          }
        }
      }
      const result = run();
      log(200, result);
      sendJson(res, 200, result.body, baseHeaders);
    },
  };
}

// ---------------------------------------------------------------- OAuth

function base64UrlDecode(s: string): Buffer {
  return Buffer.from(s.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

/** Verifies an HS256 session token signed with the app secret; returns its claims or null. */
export function verifySessionToken(token: string, secret: string, apiKey: string, nowMs: number): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const expected = createHmac("sha256", secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = base64UrlDecode(parts[2]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(base64UrlDecode(parts[1]).toString("utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.exp === "number" && claims.exp + 5 < now) return null;
  if (typeof claims.nbf === "number" && claims.nbf - 5 > now) return null;
  const aud = claims.aud;
  if (aud !== undefined && aud !== apiKey && !(Array.isArray(aud) && aud.includes(apiKey))) return null;
  return claims;
}

async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const text = await readBody(req);
  const type = header(req, "content-type") ?? "";
  if (type.includes("application/json") || text.trim().startsWith("{")) {
    try {
      const obj = JSON.parse(text) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, String(v ?? "")]));
    } catch {
      throw new HttpError(400, { error: "invalid_request", error_description: "Malformed JSON body" });
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ONLINE_TOKEN = "urn:shopify:params:oauth:token-type:online-access-token";

const oauthRoute: SandboxRoute = {
  method: "POST",
  path: /^\/admin\/oauth\/access_token\/?$/,
  async handle(req, res, _match, ctx) {
    const form = await readForm(req);
    const { options, state } = ctx;
    const scope = options.scopes ?? DEFAULT_SCOPES;
    if (form.client_id !== options.apiKey || form.client_secret !== options.apiSecret) {
      sendJson(res, 400, { error: "invalid_client", error_description: "Client credentials are invalid" });
      return;
    }
    let shopDomain = shopFromRequest(req) ?? (form.shop ? normalizeShopDomain(form.shop) : undefined);
    const grant = form.grant_type ?? (form.code ? "authorization_code" : "client_credentials");
    let claims: Record<string, unknown> | null = null;
    if (grant === TOKEN_EXCHANGE) {
      claims = verifySessionToken(form.subject_token ?? "", options.apiSecret, options.apiKey, state.now());
      if (!claims) {
        sendJson(res, 400, { error: "invalid_subject_token", error_description: "Session token is invalid or expired" });
        return;
      }
      const dest = typeof claims.dest === "string" ? claims.dest : "";
      if (dest) shopDomain = normalizeShopDomain(dest);
    } else if (grant !== "authorization_code" && grant !== "client_credentials") {
      sendJson(res, 400, { error: "unsupported_grant_type" });
      return;
    }
    if (!shopDomain) {
      sendJson(res, 400, { error: "invalid_request", error_description: "Unknown shop" });
      return;
    }
    if (!state.shops.has(shopDomain)) upsertShop(state, { domain: shopDomain });
    const accessToken = issueToken(state, shopDomain, scope);
    if (grant === TOKEN_EXCHANGE && form.requested_token_type === ONLINE_TOKEN) {
      const sub = typeof claims?.sub === "string" ? claims.sub : "1";
      sendJson(res, 200, {
        access_token: accessToken,
        scope,
        expires_in: 86399,
        associated_user_scope: scope,
        associated_user: {
          id: Number(sub) || 1,
          first_name: "Sandbox",
          last_name: "Staff",
          email: `staff@${shopDomain}`,
          account_owner: true,
          locale: "en",
          collaborator: false,
          email_verified: true,
        },
      });
      return;
    }
    sendJson(res, 200, grant === "client_credentials" ? { access_token: accessToken, scope, expires_in: 86399 } : { access_token: accessToken, scope });
  },
};

// ---------------------------------------------------------------- control API

function requireShop(ctx: SandboxContext, domain: string | undefined | null): SandboxShop {
  if (!domain) throw new HttpError(400, { error: "shop is required" });
  const shop = ctx.state.shops.get(normalizeShopDomain(domain));
  if (!shop) throw new HttpError(404, { error: `Unknown shop ${domain}` });
  return shop;
}

export function shopSnapshot(ctx: SandboxContext, shop: SandboxShop): Record<string, unknown> {
  expireShopStoreCredit(ctx.state, shop);
  const tokens = [...ctx.state.tokens.entries()].filter(([, d]) => d === shop.domain).map(([t]) => t);
  return {
    domain: shop.domain,
    name: shop.name,
    currencyCode: shop.currencyCode,
    enabledPresentmentCurrencies: shop.enabledPresentmentCurrencies,
    customerAccountsVersion: shop.customerAccountsVersion,
    loginRequiredAtCheckout: shop.loginRequiredAtCheckout,
    storeCreditLimit: shop.storeCreditLimit,
    accessTokens: tokens,
    throttleStatus: shop.bucket.status(),
    customers: [...shop.customers.values()],
    discountCodes: [...shop.discounts.values()].map((d) => ({ ...d })),
    storeCreditAccounts: [...shop.storeCreditAccounts.values()].map((a) => ({
      id: a.id,
      customerId: a.customerId,
      currencyCode: a.currencyCode,
      balance: formatMinorUnits(a.balanceMinor, a.currencyCode),
      transactions: a.transactions.map((t) => ({
        id: t.id,
        kind: t.kind,
        amount: formatMinorUnits(t.amountMinor, a.currencyCode),
        balanceAfterTransaction: formatMinorUnits(t.balanceAfterMinor, a.currencyCode),
        createdAt: t.createdAt,
        expiresAt: t.expiresAt,
        event: t.event ?? "ADJUSTMENT",
        ...(t.kind === "CREDIT" ? { remainingAmount: formatMinorUnits(t.remainingMinor ?? t.amountMinor, a.currencyCode) } : {}),
        ...(t.orderId ? { orderId: t.orderId } : {}),
      })),
    })),
    orders: [...shop.orders.values()],
    faults: shop.faults,
    requestLog: shop.requestLog,
  };
}

const FAULT_KINDS: Record<string, FaultKind> = {
  "429": "http429", http429: "http429",
  "500": "http500", http500: "http500",
  "502": "http502", http502: "http502",
  "503": "http503", http503: "http503",
  timeout: "timeout",
  throttled: "throttled", THROTTLED: "throttled",
  applyThenFail: "applyThenFail", "apply-then-fail": "applyThenFail",
};

const SEGMENT_IDS_HELP = 'customerIds must be a list of customers, each a gid ("gid://shopify/Customer/1001"), its number as a string ("1001") or as a number (1001)';

/** A segment's members as posted: gids, numbers as strings, or numbers (safe integers only: JSON numbers above 2^53 lose digits). */
export function segmentCustomerIds(value: unknown): string[] {
  if (!Array.isArray(value)) throw new HttpError(400, { error: `${SEGMENT_IDS_HELP}; it is ${value === undefined ? "missing" : JSON.stringify(value)}` });
  return value.map((id: unknown, i) => {
    if (typeof id === "number") {
      if (Number.isSafeInteger(id) && id > 0) return String(id);
      if (Number.isInteger(id) && id > Number.MAX_SAFE_INTEGER) throw new HttpError(400, { error: `customerIds[${i}]: ${id} is too large for a JSON number and has lost its last digits; send it as a string` });
    }
    if (typeof id === "string" && (/^[1-9]\d*$/.test(id) || /^gid:\/\/shopify\/Customer\/[1-9]\d*$/.test(id))) return id;
    throw new HttpError(400, { error: `${SEGMENT_IDS_HELP}; customerIds[${i}] is ${JSON.stringify(id)}` });
  });
}

export function controlRoutes(): SandboxRoute[] {
  return [
    {
      method: "GET",
      path: /^\/health\/?$/,
      handle(_req, res, _m, ctx) {
        sendJson(res, 200, { ok: true, shops: ctx.state.shops.size });
      },
    },
    {
      method: "POST",
      path: /^\/__sandbox\/shops\/?$/,
      async handle(req, res, _m, ctx) {
        const body = await readJson<ShopSeed & { domain?: string; shop?: string; customers?: CustomerSeed[] }>(req);
        const domain = body.domain ?? body.shop;
        if (!domain) throw new HttpError(400, { error: "domain is required" });
        if (body.customerAccountsVersion && !["NEW_CUSTOMER_ACCOUNTS", "CLASSIC"].includes(body.customerAccountsVersion)) {
          throw new HttpError(400, { error: "customerAccountsVersion must be NEW_CUSTOMER_ACCOUNTS or CLASSIC" });
        }
        const shop = upsertShop(ctx.state, { ...body, domain });
        const accessToken = body.accessToken ?? issueToken(ctx.state, shop.domain);
        const customers = (body.customers ?? []).map((c) => addCustomer(ctx.state, shop, c));
        sendJson(res, 200, { shop: shop.domain, accessToken, customers, throttleStatus: shop.bucket.status() });
      },
    },
    {
      method: "POST",
      path: /^\/__sandbox\/tokens\/?$/,
      async handle(req, res, _m, ctx) {
        const body = await readJson<{ shop?: string; accessToken?: string; scopes?: string }>(req);
        const shop = requireShop(ctx, body.shop);
        if (body.scopes !== undefined && typeof body.scopes !== "string") throw new HttpError(400, { error: "scopes must be a comma-separated string" });
        const accessToken = body.accessToken ?? issueToken(ctx.state, shop.domain, body.scopes);
        ctx.state.tokens.set(accessToken, shop.domain);
        if (body.scopes !== undefined) ctx.state.tokenScopes.set(accessToken, body.scopes);
        sendJson(res, 200, { shop: shop.domain, accessToken, scopes: scopesOfToken(ctx.state, accessToken) });
      },
    },
    {
      method: "GET",
      path: /^\/__sandbox\/state\/?$/,
      handle(req, res, _m, ctx) {
        const url = new URL(req.url ?? "/", "http://sandbox");
        const domain = url.searchParams.get("shop");
        if (domain) {
          sendJson(res, 200, shopSnapshot(ctx, requireShop(ctx, domain)));
          return;
        }
        sendJson(res, 200, { shops: [...ctx.state.shops.values()].map((s) => shopSnapshot(ctx, s)) });
      },
    },
    {
      method: "POST",
      path: /^\/__sandbox\/customers\/?$/,
      async handle(req, res, _m, ctx) {
        const body = await readJson<{ shop?: string; customers?: CustomerSeed[] } & CustomerSeed>(req);
        const shop = requireShop(ctx, body.shop);
        const seeds = body.customers ?? [body];
        const customers = seeds.map((c) => addCustomer(ctx.state, shop, c));
        sendJson(res, 200, { customers });
      },
    },
    {
      // A customer segment made in Shopify's segment editor: `{ shop, name, customerIds }`, each
      // id a customer gid, its number as a string, or its number (Shopify's legacy id).
      method: "POST",
      path: /^\/__sandbox\/segments\/?$/,
      async handle(req, res, _m, ctx) {
        const body = await readJson<{ shop?: string; name?: unknown; query?: unknown; customerIds?: unknown }>(req);
        const shop = requireShop(ctx, body.shop);
        if (typeof body.name !== "string" || !body.name.trim()) throw new HttpError(400, { error: "name is required: the segment's name, a non-empty string" });
        if (body.query !== undefined && typeof body.query !== "string") throw new HttpError(400, { error: "query, when given, must be a string (the segment's query text)" });
        const customerIds = segmentCustomerIds(body.customerIds);
        sendJson(res, 200, { segment: addSegment(ctx.state, shop, { name: body.name, query: body.query, customerIds }) });
      },
    },
    {
      method: "POST",
      path: /^\/__sandbox\/faults\/?$/,
      async handle(req, res, _m, ctx) {
        const body = await readJson<Partial<SandboxFault> & { shop?: string; kind?: string; count?: number; clear?: boolean }>(req);
        const shop = requireShop(ctx, body.shop);
        if (body.clear) {
          shop.faults = [];
          sendJson(res, 200, { faults: [] });
          return;
        }
        const kind = FAULT_KINDS[String(body.kind ?? "")];
        if (!kind) throw new HttpError(400, { error: `kind must be one of ${Object.keys(FAULT_KINDS).join(", ")}` });
        const fault: SandboxFault = {
          id: ctx.state.nextId(),
          kind,
          remaining: Math.max(1, Math.floor(body.count ?? body.remaining ?? 1)),
          match: body.match,
          retryAfter: body.retryAfter,
          holdMs: body.holdMs,
          status: body.status,
          apply: body.apply,
        };
        shop.faults.push(fault);
        sendJson(res, 200, { fault, faults: shop.faults });
      },
    },
    {
      method: "POST",
      path: /^\/__sandbox\/throttle\/?$/,
      async handle(req, res, _m, ctx) {
        const body = await readJson<{ shop?: string; currentlyAvailable?: number; restoreRate?: number; maximumAvailable?: number }>(req);
        const shop = requireShop(ctx, body.shop);
        if (body.restoreRate != null || body.maximumAvailable != null) {
          shop.bucket.config = {
            restoreRate: body.restoreRate ?? shop.bucket.config.restoreRate,
            maximumAvailable: body.maximumAvailable ?? shop.bucket.config.maximumAvailable,
          };
        }
        if (body.currentlyAvailable != null) {
          shop.bucket.fill();
          shop.bucket.drain(body.currentlyAvailable);
        }
        sendJson(res, 200, { throttleStatus: shop.bucket.status() });
      },
    },
    {
      method: "POST",
      path: /^\/__sandbox\/reset\/?$/,
      handle(_req, res, _m, ctx) {
        resetState(ctx.state);
        sendJson(res, 200, { ok: true });
      },
    },
  ];
}

export function adminRoutes(rt: AdminRuntime): SandboxRoute[] {
  return [adminGraphQLRoute(rt), oauthRoute, ...controlRoutes(), ...themeRoutes(), ...flowRoutes()];
}
