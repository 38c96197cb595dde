// Codes shoppers see: the advocate's short readable referral code and the friend's random
// single-use discount code (stored with the claim, so a repeat or a retry reuses it).
import { randomBytes, randomInt } from "node:crypto";

// No 0/O, 1/I/L: codes are read aloud and typed from phones.
const READABLE = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * A readable code: from a name when one is known ("Ada Lovelace" → "ADALO" + 4 random readable
 * characters, e.g. "ADALO7K3Q"), otherwise 7 random readable characters ("K7Q2M9X"). Never from
 * an email (a code outlives a privacy request and must not point back to a person) and never a
 * word with another meaning ("FRIEND" read like a friend's code).
 */
export function newReferralCode(name: string | null | undefined, random: (max: number) => number = randomInt): string {
  const letters = (name ?? "")
    .normalize("NFKD")
    .replace(/[^A-Za-z]/g, "")
    .toUpperCase()
    .slice(0, 5);
  let suffix = "";
  for (let i = 0; i < (letters ? 4 : 7); i++) suffix += READABLE[random(READABLE.length)];
  return `${letters}${suffix}`;
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
 * A new friend's discount code: 60 random bits (crypto), so nobody can compute another
 * friend's code. Never derived from the email: the claim stores it and a repeated claim by the
 * same email returns the stored one (Referral.claimKey is unique per shop).
 */
export function newFriendDiscountCode(random: (size: number) => Buffer = randomBytes): string {
  return `TWOFOLD-${base32(random(8)).slice(0, 12)}`;
}
