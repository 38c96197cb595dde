// The Shopify library checks a webhook's HMAC with WebCrypto, importing the app secret afresh
// for every delivery (`createSHA256HMAC` reads the global `crypto`; v15 has no adapter seam for
// it). In Node a key import costs ~0.4 ms and every `sign` is a hop to the thread pool, several
// times node's own `createHmac`. This gives the process's SubtleCrypto, for raw sign-only
// HMAC-SHA-256 keys and nothing else, one cached key per secret and a `sign` computed by
// `createHmac`: the same bytes through the same promise-returning API, so the library's own
// validation (and its timing-safe compare) runs unchanged on a cheaper primitive. Every other
// algorithm, usage, format or key is WebCrypto's, untouched.
import { createHmac } from "node:crypto";

/** Distinct secrets kept (the app has one or two; a bound keeps a caller importing many from growing it). */
const MAX_KEYS = 16;

const patched = new WeakSet<SubtleCrypto>();

function isHmacSha256(algorithm: unknown): boolean {
  if (typeof algorithm !== "object" || algorithm === null) return false;
  const { name, hash, length } = algorithm as { name?: unknown; hash?: unknown; length?: unknown };
  if (typeof name !== "string" || name.toUpperCase() !== "HMAC" || length !== undefined) return false;
  const hashName = typeof hash === "string" ? hash : (hash as { name?: unknown } | undefined)?.name;
  return typeof hashName === "string" && hashName.toUpperCase() === "SHA-256";
}

function isHmacName(algorithm: unknown): boolean {
  const name = typeof algorithm === "string" ? algorithm : (algorithm as { name?: unknown } | null)?.name;
  return typeof name === "string" && name.toUpperCase() === "HMAC";
}

/** The bytes of a BufferSource (a view, not a copy), or null for anything else. */
function bytesOf(source: unknown): Buffer | null {
  if (source instanceof ArrayBuffer) return Buffer.from(source);
  if (ArrayBuffer.isView(source)) return Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  return null;
}

/** Installs the cached-key, createHmac-backed HMAC-SHA-256 signing on `subtle` (the global one by default); idempotent. */
export function installNodeHmacSigning(subtle: SubtleCrypto = globalThis.crypto.subtle): void {
  if (patched.has(subtle)) return;
  patched.add(subtle);
  const importKey = subtle.importKey.bind(subtle) as (...args: unknown[]) => Promise<CryptoKey>;
  const sign = subtle.sign.bind(subtle);
  const keys = new Map<string, Promise<CryptoKey>>();
  const secrets = new WeakMap<CryptoKey, Buffer>();

  const fastImportKey = (format: unknown, keyData: unknown, algorithm: unknown, extractable: unknown, usages: unknown): Promise<CryptoKey> => {
    const raw = format === "raw" ? bytesOf(keyData) : null;
    const signOnly = Array.isArray(usages) && usages.length === 1 && usages[0] === "sign";
    if (!raw || extractable !== false || !signOnly || !isHmacSha256(algorithm)) return importKey(format, keyData, algorithm, extractable, usages);
    const secret = Buffer.from(raw); // a copy: the caller may reuse its buffer
    const id = secret.toString("base64");
    let key = keys.get(id);
    if (!key) {
      key = importKey("raw", secret, algorithm, false, ["sign"]).then((imported) => {
        secrets.set(imported, secret);
        return imported;
      });
      const pending = key;
      pending.catch(() => keys.get(id) === pending && keys.delete(id));
      if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value as string);
      keys.set(id, key);
    }
    return key;
  };

  const fastSign = async (algorithm: AlgorithmIdentifier, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer> => {
    const secret = secrets.get(key);
    const bytes = secret && isHmacName(algorithm) ? bytesOf(data) : null;
    if (!secret || !bytes) return sign(algorithm, key, data);
    const digest = createHmac("sha256", secret).update(bytes).digest();
    return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength) as ArrayBuffer;
  };

  subtle.importKey = fastImportKey as SubtleCrypto["importKey"];
  subtle.sign = fastSign;
}
