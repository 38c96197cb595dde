// Admin requests to the built app as App Bridge makes them: a session token signed with the
// app secret, and Remix single-fetch URLs (`<route>.data`) decoded from turbo-stream.
import { decode } from "turbo-stream";
import { createSessionToken } from "../../sandbox/storefront/session-token";
import { TEST_API_KEY, TEST_API_SECRET } from "../helpers/app-server";

// Shopify's library answers 410 to bots; Node's fetch would be one.
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

export interface AdminResponse<T = Record<string, unknown>> {
  status: number;
  /** Decoded body: for an action, the action's data; for a loader, the route's data. */
  data: T | undefined;
  /** Where a redirect (single fetch answers 202 with a redirect payload) goes. */
  redirect?: string;
}

export async function adminRequest<T = Record<string, unknown>>(
  appUrl: string,
  options: { shop: string; path: string; route: string; query?: string; method?: "GET" | "POST"; form?: Record<string, string>; multipart?: FormData; userId?: string; token?: string | null },
): Promise<AdminResponse<T>> {
  const token = options.token === undefined ? createSessionToken({ shop: options.shop, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, userId: options.userId ?? "42" }).token : options.token;
  const headers: Record<string, string> = { "User-Agent": USER_AGENT };
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | FormData | undefined;
  if (options.multipart) {
    body = options.multipart;
  } else if (options.form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(options.form).toString();
  }
  const res = await fetch(`${appUrl}${options.path}.data${options.query ? `?${options.query}` : ""}`, { method: options.method ?? (options.form || options.multipart ? "POST" : "GET"), headers, body, redirect: "manual" });
  if (!res.headers.get("content-type")?.includes("text/x-script") || !res.body) return { status: res.status, data: undefined };
  const decoded = await decode(res.body, {
    // Remix's own types (redirects, ErrorResponse) come as [type, ...values].
    plugins: [(type, ...values) => ({ value: type === "SingleFetchRedirect" ? { redirect: values[0] } : { __type: type, values } })],
  });
  await decoded.done;
  const value = decoded.value as Record<string, unknown> & { redirect?: unknown };
  const redirect = typeof value.redirect === "string" ? value.redirect : (value.redirect as { redirect?: string } | undefined)?.redirect;
  if (redirect) return { status: res.status, data: undefined, redirect };
  const payload = (options.method === "POST" || options.form || options.multipart ? value : value[options.route]) as { data?: T } | undefined;
  return { status: res.status, data: payload?.data };
}
