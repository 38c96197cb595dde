/**
 * Lossless JSON for webhook payloads. Shopify's ids (orders, customers, line items) exceed
 * 2^53 and are sent as bare JSON numbers; JSON.parse would round them, so the sandbox keeps
 * them as bigint in memory and writes them back as bare numbers (JSON.rawJSON, Node 22).
 */

type JsonWithRaw = typeof JSON & {
  rawJSON(text: string): unknown;
};
type ReviverContext = { source?: string };

/** JSON.parse that turns integers beyond Number.MAX_SAFE_INTEGER into bigint. */
export function parseJsonLossless<T = unknown>(text: string): T {
  return JSON.parse(text, function (this: unknown, _key: string, value: unknown, context?: ReviverContext) {
    if (typeof value === "number" && !Number.isSafeInteger(value) && Number.isInteger(value) && context?.source) {
      if (/^-?\d+$/.test(context.source)) return BigInt(context.source);
    }
    return value;
  } as (this: unknown, key: string, value: unknown) => unknown) as T;
}

/** JSON.stringify that writes bigint values as bare JSON numbers, like Shopify does. */
export function stringifyJsonLossless(value: unknown, space?: number): string {
  const json = JSON as JsonWithRaw;
  return JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === "bigint" ? json.rawJSON(v.toString()) : v),
    space,
  );
}
