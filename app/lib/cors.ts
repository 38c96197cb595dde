// CORS for the endpoints Shopify's UI extensions call (checkout, customer account): the
// extensions run on Shopify's origin, so every answer, refusals and the preflight included,
// says any origin may read it; otherwise the extension sees a network error, not the status.
export function withCors(response: Response, options: { methods: string; headers?: Record<string, string> }): Response {
  const headers = new Headers(response.headers);
  headers.set("Access-Control-Allow-Origin", "*");
  headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
  headers.set("Access-Control-Allow-Methods", options.methods);
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
