// The advocate's short readable referral code, as shoppers see, type and link it. (A friend's
// discount code is a reward's: app/rewards/reward-code.ts.)
import { randomInt } from "node:crypto";

// No 0/O, 1/I/L: codes are read aloud and typed from phones.
const READABLE = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

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
