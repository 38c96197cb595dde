// Bounded request bodies (issue 15 item 7): the declared Content-Length is checked first, then
// the stream is counted as it arrives and abandoned at the limit, so a huge body is never
// buffered whole, whatever its signature turns out to be.
export const WEBHOOK_BODY_LIMIT = 1024 * 1024; // Shopify's payloads are far below 1 MB
export const PROXY_BODY_LIMIT = 64 * 1024; // app proxy and API routes: a few form fields

/** Thrown (as a Response, which Remix answers as is) when a body is over its limit. */
export function payloadTooLarge(limit: number): Response {
  return Response.json({ error: `The request body is larger than ${limit} bytes.` }, { status: 413, headers: { Connection: "close" } });
}

/** The body as bytes, at most `limit` of them; throws a 413 Response beyond it. */
export async function readBodyLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && (!/^\d+$/.test(declared.trim()) || Number(declared) > limit)) throw payloadTooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * A copy of `request` whose body was read within `limit` (413 Response beyond it), for code
 * that reads the body itself (the Shopify library, formData()).
 */
export async function withBoundedBody(request: Request, limit: number): Promise<{ request: Request; text: string }> {
  const bytes = await readBodyLimited(request, limit);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const copy = new Request(request.url, { method: request.method, headers: request.headers, body: hasBody ? (bytes as Uint8Array<ArrayBuffer>) : undefined, signal: request.signal });
  return { request: copy, text: new TextDecoder().decode(bytes) };
}
