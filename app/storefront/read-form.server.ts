import { PROXY_BODY_LIMIT, withBoundedBody } from "../lib/read-body.server";

// Reads a shopper's form post (urlencoded, multipart from FormData, or JSON) into strings.
// At most 64 KB is read: a bigger body is answered 413 (a thrown Response) without buffering it.
export async function readShopperForm(incoming: Request): Promise<Record<string, string>> {
  const type = incoming.headers.get("content-type") ?? "";
  const { request } = await withBoundedBody(incoming, PROXY_BODY_LIMIT);
  try {
    if (type.includes("application/json")) {
      const body = (await request.json()) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(body ?? {}).filter(([, v]) => typeof v === "string")) as Record<string, string>;
    }
    const form = await request.formData();
    const out: Record<string, string> = {};
    for (const [key, value] of form.entries()) if (typeof value === "string") out[key] = value;
    return out;
  } catch {
    return {};
  }
}
