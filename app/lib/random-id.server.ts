// Random parts of row ids (jobs, inbox rows) from a pooled CSPRNG buffer: one `randomFillSync`
// per 4 KiB instead of one per id. The bytes are as random; the call was ~4 % of a webhook
// delivery's CPU when every id made its own. Each byte is handed out once.
import { randomFillSync } from "node:crypto";

const pool = Buffer.alloc(4096);
let offset = pool.length;

/** `bytes` fresh random bytes (at most 256), base64url. */
export function randomBase64Url(bytes: number): string {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 256) throw new RangeError(`randomBase64Url: 1 to 256 bytes, not ${bytes}`);
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const part = pool.toString("base64url", offset, offset + bytes);
  offset += bytes;
  return part;
}
