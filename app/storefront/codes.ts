// Codes shoppers see: the advocate's short readable referral code and the friend's
// deterministic single-use discount code (same inputs, same code, so a retry never makes two).
import { createHash, randomInt } from "node:crypto";

// No 0/O, 1/I/L: codes are read aloud and typed from phones.
const READABLE = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** "ADA" + 4 random readable characters, e.g. "ADA7K3Q"; the prefix comes from a name or email. */
export function newReferralCode(hint: string | null | undefined, random: (max: number) => number = randomInt): string {
  const letters = (hint ?? "")
    .split("@")[0]
    .normalize("NFKD")
    .replace(/[^A-Za-z]/g, "")
    .toUpperCase()
    .slice(0, 5);
  let suffix = "";
  for (let i = 0; i < 4; i++) suffix += READABLE[random(READABLE.length)];
  return `${letters || "FRIEND"}${suffix}`;
}

/** A referral code as typed or linked: 1–64 of A–Z, 0–9, "_" and "-", compared upper-case. */
export function cleanReferralCode(raw: string | null | undefined): string | null {
  const code = (raw ?? "").trim().toUpperCase();
  return /^[A-Z0-9_-]{1,64}$/.test(code) ? code : null;
}

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/**
 * The friend's discount code for a claim: a function of the shop and the friend's normalised
 * email only (a friend can be referred once per shop), so concurrent or repeated claims meet
 * the same code in Shopify (TAKEN) and in our table (unique shopId + friendCode).
 */
export function friendDiscountCode(shop: string, normalizedEmail: string): string {
  const digest = createHash("sha256").update(`twofold:friend-claim:${shop}:${normalizedEmail}`).digest();
  return `TWOFOLD-${base32(digest).slice(0, 12)}`;
}
