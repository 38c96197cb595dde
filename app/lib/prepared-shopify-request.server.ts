// The Shopify library turns every request it is given into its own shape through the
// adapter's `convertRequest` (here the web-api adapter's), twice per webhook validation, and
// that conversion re-canonicalises every header name already held on each insert: quadratic
// in the header count, a regular expression per name. The lean webhook path builds that shape
// once, with the library's own `canonicalizeHeaderName` (names cached), and hands the library
// a request that carries it. Through the library's adapter seam (`setAbstractConvertRequestFunc`,
// the function every adapter sets): any other request goes to the adapter installed before,
// unchanged.
import "@shopify/shopify-api/adapters/web-api";
import { abstractConvertRequest, canonicalizeHeaderName, setAbstractConvertRequestFunc } from "@shopify/shopify-api/runtime";

const PREPARED = Symbol("twofold.preparedShopifyRequest");

/** What the library's adapters produce: canonical header names, every value a list. */
interface NormalizedRequest {
  method: string;
  url: string;
  headers: Record<string, string[]>;
}

/** A request for the library whose conversion is already done. */
export interface PreparedShopifyRequest {
  method: string;
  [PREPARED]: NormalizedRequest;
}

/** Header names seen, canonical; bounded so that odd names sent by anyone cannot grow it. */
const canonicalNames = new Map<string, string>();
const MAX_NAMES = 256;

function canonicalName(name: string): string {
  let canonical = canonicalNames.get(name);
  if (canonical === undefined) {
    canonical = canonicalizeHeaderName(name);
    if (canonicalNames.size < MAX_NAMES) canonicalNames.set(name, canonical);
  }
  return canonical;
}

let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const previous = abstractConvertRequest;
  setAbstractConvertRequestFunc(async (adapterArgs) => {
    const prepared = (adapterArgs.rawRequest as Partial<PreparedShopifyRequest> | undefined)?.[PREPARED];
    if (!prepared) return previous(adapterArgs);
    return { method: prepared.method, url: prepared.url, headers: { ...prepared.headers } };
  });
}

/**
 * The request the library would see for these headers (`[name, value]` pairs as sent), ready
 * for `webhooks.validate({ rawRequest })`: the same method, URL and headers the web-api adapter
 * would give it, converted once.
 */
export function prepareShopifyRequest(method: string, url: string, headers: Iterable<[string, string]>): PreparedShopifyRequest {
  install();
  const normalized: Record<string, string[]> = {};
  for (const [name, value] of headers) {
    const canonical = canonicalName(name);
    const held = normalized[canonical];
    // A header sent twice reads as fetch's Headers give it to the adapter: one value, joined.
    if (held) held[0] = `${held[0]}, ${value}`;
    else normalized[canonical] = [value];
  }
  return { method, [PREPARED]: { method, url: new URL(url).toString(), headers: normalized } };
}

/**
 * Takes a header out of a prepared request (the library will not see it) and answers its value
 * as the library would read it: the first value, joined if sent twice; an empty one is absent.
 */
export function takeHeader(request: PreparedShopifyRequest, name: string): string | undefined {
  const headers = request[PREPARED].headers;
  const canonical = canonicalName(name);
  const value = headers[canonical]?.[0];
  delete headers[canonical];
  return value || undefined;
}
