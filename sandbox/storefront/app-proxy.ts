/**
 * The app proxy, as Shopify runs it: /apps/twofold/<rest> on the shop's domain is forwarded
 * to <appUrl>/proxy/<rest> with shop, path_prefix, timestamp, logged_in_customer_id and a
 * signature added; cookies are stripped both ways; application/liquid answers are rendered
 * inside the storefront layout, anything else passes through.
 */
import { createHmac } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export const APP_PROXY_PREFIX = "/apps/twofold";
/** Parameters Shopify sets itself; a shopper cannot smuggle their own values in. */
const SHOPIFY_PARAMS = ["shop", "path_prefix", "timestamp", "logged_in_customer_id", "signature"];

export type ProxyParams = URLSearchParams | string | Record<string, string | string[] | undefined>;

function toEntries(params: ProxyParams): [string, string][] {
  if (typeof params === "string") return [...new URLSearchParams(params).entries()];
  if (params instanceof URLSearchParams) return [...params.entries()];
  const entries: [string, string][] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value == null) continue;
    for (const v of Array.isArray(value) ? value : [value]) entries.push([key, v]);
  }
  return entries;
}

/**
 * Shopify's app proxy signature: drop `signature`, render each parameter as key=value (a
 * repeated key's values joined by ","), sort, concatenate without separator, HMAC-SHA256 hex.
 */
export function signAppProxyQuery(params: ProxyParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of toEntries(params)) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped.entries()]
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .sort()
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export interface ProxyForwardInput {
  appUrl: string;
  apiSecret: string;
  shop: string;
  /** Path after the proxy prefix, starting with "/" or empty. */
  rest: string;
  /** The shopper's query string, without the leading "?". */
  search: string;
  /** Numeric id of the logged-in customer, or null for a guest. */
  customerId: string | null;
  /** Unix seconds. */
  timestamp: number;
  /** The IP of the machine that called the shop: Shopify's proxy adds it as an X-Forwarded-For hop. */
  clientIp?: string | null;
  /** An X-Forwarded-For the shopper sent themselves (client-controlled): kept to the left of Shopify's hop. */
  clientForwardedFor?: string | null;
}

/** The URL Shopify calls on the app for a proxied request, signature included. */
export function buildProxyUrl(input: ProxyForwardInput): string {
  const query = new URLSearchParams(input.search);
  for (const key of SHOPIFY_PARAMS) query.delete(key);
  query.delete("as_customer"); // the sandbox's own login switch, not the shopper's data
  query.set("shop", input.shop);
  query.set("logged_in_customer_id", input.customerId ?? "");
  query.set("path_prefix", APP_PROXY_PREFIX);
  query.set("timestamp", String(input.timestamp));
  query.set("signature", signAppProxyQuery(query, input.apiSecret));
  return `${input.appUrl.replace(/\/$/, "")}/proxy${input.rest}?${query.toString()}`;
}

const REQUEST_HEADERS_KEPT = ["accept", "accept-language", "content-type", "user-agent", "x-requested-with"];
const RESPONSE_HEADERS_DROPPED = [
  "set-cookie",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-encoding",
  "content-length",
];

export interface ProxyResult {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** True when the app answered application/liquid (the caller renders it in the theme). */
  liquid: boolean;
}

/** Forwards one shopper request to the app; returns the app's answer minus cookies. */
export async function forwardProxyRequest(
  req: IncomingMessage,
  rawBody: Buffer,
  input: ProxyForwardInput,
): Promise<ProxyResult> {
  const headers: Record<string, string> = {};
  for (const name of REQUEST_HEADERS_KEPT) {
    const value = req.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  headers["x-forwarded-host"] = input.shop;
  // Like a standard proxy, Shopify's appends the address it saw to whatever the client sent;
  // only that last hop is Shopify's word (the app must never trust the hops before it).
  const hops = [input.clientForwardedFor?.trim(), input.clientIp].filter((h): h is string => Boolean(h));
  if (hops.length) headers["x-forwarded-for"] = hops.join(", ");
  const method = (req.method ?? "GET").toUpperCase();
  const res = await fetch(buildProxyUrl(input), {
    method,
    headers,
    body: method === "GET" || method === "HEAD" ? undefined : new Uint8Array(rawBody),
    redirect: "manual",
    signal: AbortSignal.timeout(10_000),
  });
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!RESPONSE_HEADERS_DROPPED.includes(name.toLowerCase())) out[name] = value;
  });
  const body = Buffer.from(await res.arrayBuffer());
  const liquid = (res.headers.get("content-type") ?? "").toLowerCase().startsWith("application/liquid");
  return { status: res.status, headers: out, body, liquid };
}

/** Reads the raw request body as bytes (forms, JSON and anything else pass unchanged). */
export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

export function sendProxyResult(res: ServerResponse, result: ProxyResult): void {
  res.writeHead(result.status, { ...result.headers, "Content-Length": result.body.length });
  res.end(result.body);
}
