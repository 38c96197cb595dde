// What each reward of a qualified referral is worth, from the referral's program version.
// Currency rule (docs/decisions/0005-attribution.md): amounts are computed on the order's
// shop-money subtotal (after discounts, before shipping and tax), so an order paid in another
// presentment currency is rewarded in the shop's currency; when the shop money itself is not in
// the program's currency the referral is rejected with a visible reason (qualify-referral.ts).
import type { ProgramConfig } from "../program/program-config";
import { advocateRewardAfterRefund, advocateRewardAmount } from "../program/reward-math";

export type RewardRecipient = "advocate" | "friend";
export type RewardKind = "store_credit" | "discount_code";

export interface PlannedReward {
  recipient: RewardRecipient;
  kind: RewardKind;
  /** Money value in minor units; 0 for a percentage / free-shipping friend code (the value lives in the config). */
  amountMinor: bigint;
  currency: string;
  /** Counted against the monthly budget. */
  costMinor: bigint;
}

/** The rewards a qualified referral creates. The friend gets one only in after_first_order mode. */
export function planRewards(config: ProgramConfig, orderSubtotalMinor: bigint): PlannedReward[] {
  const advocateAmount = advocateRewardAmount(config.advocateReward, orderSubtotalMinor);
  const planned: PlannedReward[] = [];
  if (advocateAmount > 0n) {
    planned.push({ recipient: "advocate", kind: config.advocateReward.kind, amountMinor: advocateAmount, currency: config.currency, costMinor: advocateAmount });
  }
  const friend = config.friendReward;
  if (friend.issueMode === "after_first_order") {
    const fixed = friend.type === "fixed_amount" ? BigInt(friend.amountMinor!) : 0n;
    planned.push({ recipient: "friend", kind: "discount_code", amountMinor: fixed, currency: config.currency, costMinor: fixed });
  }
  return planned;
}

/** What the advocate's reward should be worth now, given refunds and cancellation. */
export function advocateTargetAmount(config: ProgramConfig, orderSubtotalMinor: bigint, refundedMinor: bigint, cancelled: boolean): bigint {
  if (cancelled) return 0n;
  const refunded = refundedMinor > orderSubtotalMinor ? orderSubtotalMinor : refundedMinor;
  return advocateRewardAfterRefund(config.advocateReward, orderSubtotalMinor, refunded);
}

/** The friend's code is only withdrawn before it is issued, and only when the order is undone. */
export function friendRewardStillDue(orderSubtotalMinor: bigint, refundedMinor: bigint, cancelled: boolean): boolean {
  return !cancelled && refundedMinor < orderSubtotalMinor;
}
