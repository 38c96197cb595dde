// Reward arithmetic in integer minor units. Percentages are applied in basis points and
// rounded down: Twofold never pays a fraction of a minor unit more than the program says.
import { currencyExponent } from "../lib/money";
import type { AdvocateReward } from "./program-config";

/** The order the admin's previews show a program on: 100 in the currency's major unit. */
export function sampleOrderMinor(currency: string): bigint {
  return 100n * 10n ** BigInt(currencyExponent(currency));
}

export function percentToBasisPoints(percent: number): bigint {
  return BigInt(Math.round(percent * 100));
}

/** floor(amount × percent / 100) for non-negative amounts. */
export function percentOf(amountMinor: bigint, percent: number): bigint {
  if (amountMinor < 0n) throw new RangeError("amount must not be negative");
  return (amountMinor * percentToBasisPoints(percent)) / 10_000n;
}

/** The advocate's reward for a friend's order (fixed, or a percentage of the order up to the cap). */
export function advocateRewardAmount(reward: AdvocateReward, friendOrderMinor: bigint): bigint {
  if (reward.type === "fixed_amount") return BigInt(reward.amountMinor!);
  const raw = percentOf(friendOrderMinor, reward.percent!);
  const cap = BigInt(reward.capMinor!);
  return raw > cap ? cap : raw;
}

/**
 * What is left of a percentage reward after part of the order was refunded: the reward is
 * recomputed on the net order, so a partial refund reduces it proportionally. A fixed reward
 * is all-or-nothing: it stays unless the order is refunded in full.
 */
export function advocateRewardAfterRefund(reward: AdvocateReward, friendOrderMinor: bigint, refundedMinor: bigint): bigint {
  const net = friendOrderMinor - refundedMinor;
  if (net <= 0n) return 0n;
  if (reward.type === "fixed_amount") return BigInt(reward.amountMinor!);
  return advocateRewardAmount(reward, net);
}
