// Shopify's numeric ids exceed 2^53 and JSON.parse rounds them silently. These helpers read
// them from the raw body as strings, so `191167...` stays exact.

/** JSON.parse that turns every integer literal too large for a double into a string. */
export function parseJsonKeepingBigIds(raw: string): unknown {
  // Quote integers of 16+ digits that appear as values (not inside strings).
  const safe = raw.replace(/("(?:[^"\\]|\\.)*")|(?<=[:,[]\s*)(-?\d{16,})(?=\s*[,}\]])/g, (match, str, num) =>
    str !== undefined ? str : `"${num}"`,
  );
  return JSON.parse(safe);
}

export function customerGid(id: string | number): string {
  return `gid://shopify/Customer/${id}`;
}

export function orderGid(id: string | number): string {
  return `gid://shopify/Order/${id}`;
}
