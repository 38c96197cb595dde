/**
 * Shared plumbing for the local Shopify sandbox: the route type that every part of the
 * sandbox (Admin API, storefront, admin frame, webhooks) plugs into, the context handed to
 * each route, and small HTTP helpers.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxState } from "./admin/state";

export type { SandboxState } from "./admin/state";

export interface SandboxOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Host to bind (default 127.0.0.1). */
  host?: string;
  /** The app's public URL (SHOPIFY_APP_URL), where webhooks, app proxy and admin frame point. */
  appUrl: string;
  /** The app's client id (SHOPIFY_API_KEY). */
  apiKey: string;
  /** The app's client secret (SHOPIFY_API_SECRET): signs webhooks, proxy calls, session tokens. */
  apiSecret: string;
  /** Path to the Admin GraphQL SDL (SHOPIFY_ADMIN_SCHEMA, default graphql/admin-2026-10.graphql). */
  schemaPath: string;
  /** Scopes granted to issued access tokens (comma-separated; default: the app's toml scopes). */
  scopes?: string;
}

export interface SandboxContext {
  options: SandboxOptions;
  /** Base URL the sandbox listens on, e.g. http://127.0.0.1:3457 (set once listening). */
  baseUrl: string;
  /** In-memory state of all shops (customers, discounts, store credit, tokens, log ...). */
  state: SandboxState;
}

export interface SandboxRoute {
  method: string; // "GET", "POST", ... or "*" for any
  path: RegExp; // matched against the URL pathname (no query string)
  handle(
    req: IncomingMessage,
    res: ServerResponse,
    match: RegExpMatchArray,
    ctx: SandboxContext,
  ): Promise<void> | void;
}

/** Reads the whole request body as a UTF-8 string. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads a JSON body ({} when empty); throws HttpError 400 on malformed JSON. */
export async function readJson<T = Record<string, unknown>>(req: IncomingMessage): Promise<T> {
  const text = await readBody(req);
  if (!text.trim()) return {} as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new HttpError(400, { errors: "Invalid JSON body" });
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = "text/plain; charset=utf-8",
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Throw from a route to answer with a JSON error; the server catches it. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === "string" ? body : JSON.stringify(body));
  }
}

/** Finds the first route matching method and pathname. */
export function matchRoute(
  routes: readonly SandboxRoute[],
  method: string,
  pathname: string,
): { route: SandboxRoute; match: RegExpMatchArray } | undefined {
  for (const route of routes) {
    if (route.method !== "*" && route.method.toUpperCase() !== method.toUpperCase()) continue;
    const match = pathname.match(route.path);
    if (match) return { route, match };
  }
  return undefined;
}
