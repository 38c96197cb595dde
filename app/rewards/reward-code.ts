// The discount code string of a reward, derived from the reward's idempotency key and row id
// (a random cuid), so every retry of one reward asks Shopify for the same code and a retry that
// meets TAKEN can recognise its own earlier attempt. Not guessable from outside.
import crypto from "node:crypto";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I

export function rewardDiscountCode(reward: { id: string; idempotencyKey: string; recipient: string }): string {
  const digest = crypto.createHash("sha256").update(`${reward.id}\n${reward.idempotencyKey}`).digest();
  let code = "";
  for (let i = 0; i < 12; i++) code += ALPHABET[digest[i] % ALPHABET.length];
  return `${reward.recipient === "friend" ? "FRIEND" : "THANKS"}-${code}`;
}

/** The title we give the discount: lets a TAKEN lookup check that the code is ours. */
export function rewardDiscountTitle(reward: { idempotencyKey: string; recipient: string }): string {
  const hash = crypto.createHash("sha256").update(reward.idempotencyKey).digest("hex").slice(0, 10);
  return `Twofold ${reward.recipient === "friend" ? "friend" : "advocate"} reward ${hash}`;
}
