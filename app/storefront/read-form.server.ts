// Reads a shopper's form post (urlencoded, multipart from FormData, or JSON) into strings.
export async function readShopperForm(request: Request): Promise<Record<string, string>> {
  const type = request.headers.get("content-type") ?? "";
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
