// What the UI extensions (checkout, customer account) share: where the app answers, and the one
// way they call it: with the extension's session token, JSON back, a failure as a value.
// Not an extension itself (no shopify.extension.toml): each extension's bundle includes it.
// The theme extension calls the app through the app proxy (/apps/twofold), with no token.

// scripts/build-extensions.mjs replaces __TWOFOLD_APP_URL__ with SHOPIFY_APP_URL; a build
// without it (Shopify CLI) uses the application_url of shopify.app.toml, copied here.
declare const __TWOFOLD_APP_URL__: string | undefined;

export const APP_URL: string = typeof __TWOFOLD_APP_URL__ === "string" ? __TWOFOLD_APP_URL__ : "https://example.com";

export type AppFailure = { ok: false; status: number; error: string };

/**
 * Calls the app at `path` with the session token: a POST with `json` as its body when given,
 * else a GET. Answers the JSON body (an empty object when there is none) when `accept` takes
 * it, else a failure with the app's `error` or the HTTP status.
 */
export async function requestApp<T>(args: {
  appUrl: string;
  token: string;
  path: string;
  query?: Record<string, string | null | undefined>;
  json?: unknown;
  fetch?: typeof fetch;
  /** Whether the answer is what was asked for (checked on 2xx answers only). */
  accept: (body: Partial<T>) => body is T;
}): Promise<{ ok: true; body: T } | AppFailure> {
  const doFetch = args.fetch ?? fetch;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(args.query ?? {})) if (value) query.set(key, value);
  const qs = query.toString();
  const res = await doFetch(`${args.appUrl.replace(/\/$/, "")}${args.path}${qs ? `?${qs}` : ""}`, {
    ...(args.json === undefined
      ? { headers: { Authorization: `Bearer ${args.token}` } }
      : { method: "POST", headers: { Authorization: `Bearer ${args.token}`, "Content-Type": "application/json" }, body: JSON.stringify(args.json) }),
  });
  const body = (await res.json().catch(() => ({}))) as Partial<T> & { error?: string };
  if (!res.ok || !args.accept(body)) return { ok: false, status: res.status, error: body.error ?? `HTTP ${res.status}` };
  return { ok: true, body };
}

/** Where the advocate's link is shared from (s-link href), each carrying the merchant's share message. */
export function shareHrefs(share: { link: string; shareMessage: string }, emailSubject: string): Record<"email" | "whatsapp" | "x" | "facebook" | "sms", string> {
  const text = encodeURIComponent(share.shareMessage);
  return {
    email: `mailto:?subject=${encodeURIComponent(emailSubject)}&body=${text}`,
    whatsapp: `https://wa.me/?text=${text}`,
    x: `https://x.com/intent/post?text=${text}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(share.link)}`,
    sms: `sms:?&body=${text}`,
  };
}
