// Whether a referred order earns rewards. Pure: the caller gathers the counts. Hard failures
// reject the referral with a reason staff can read; a broken limit either rejects ("skip") or
// creates the rewards held for staff review ("hold_for_review"), as the program says.
import type { ProgramConfig } from "../program/program-config";
import { selfReferralMatch } from "../advocates/self-referral";

export type RejectionReason =
  | "program_inactive"
  | "advocate_blocked"
  | "self_referral"
  | "not_first_order"
  | "below_minimum"
  | "currency_mismatch"
  | "no_order_amount"
  | "monthly_limit"
  | "monthly_budget";

export interface QualificationInput {
  programStatus: string;
  config: ProgramConfig;
  advocate: { status: string; customerGid: string | null; email: string | null };
  order: {
    customerGid: string | null;
    email: string | null;
    subtotal: { minor: bigint; currency: string } | null;
    customerOrdersCount: number | null;
  };
  /** Other orders of this buyer (customer id or normalised email) already attributed to a referral. */
  earlierReferralOrders: number;
  /** Advocate rewards this advocate got this calendar month (UTC), not cancelled. */
  advocateRewardsThisMonth: number;
  /** Reward value the shop committed this month (advocate + fixed friend rewards), not cancelled. */
  spentThisMonthMinor: bigint;
  /** What this referral's rewards would add to the month's spend. */
  thisReferralCostMinor: bigint;
}

export type Qualification =
  | { outcome: "qualified"; reviewReason: null }
  | { outcome: "review"; reviewReason: RejectionReason }
  | { outcome: "rejected"; reason: RejectionReason; detail: string };

export function qualifyReferral(input: QualificationInput): Qualification {
  const { config, advocate, order } = input;
  const reject = (reason: RejectionReason, detail: string): Qualification => ({ outcome: "rejected", reason, detail });

  if (input.programStatus !== "active") return reject("program_inactive", "The referral program was paused when the order was paid.");
  if (advocate.status !== "active") return reject("advocate_blocked", "The advocate is blocked.");
  const self = selfReferralMatch(advocate, order);
  if (self) return reject("self_referral", self === "customer" ? "The buyer is the advocate (same customer)." : "The buyer is the advocate (same email).");
  if (config.advocateReward.firstOrderOnly) {
    if (order.customerOrdersCount != null && order.customerOrdersCount > 1) {
      const earlier = order.customerOrdersCount - 1;
      return reject("not_first_order", `The friend had ordered before: ${earlier} earlier ${earlier === 1 ? "order" : "orders"} at this shop.`);
    }
    if (input.earlierReferralOrders > 0) return reject("not_first_order", "The buyer already placed a referred order.");
  }
  if (!order.subtotal) return reject("no_order_amount", "The order carries no subtotal in shop money.");
  if (order.subtotal.currency !== config.currency) {
    return reject("currency_mismatch", `The order's shop-money currency ${order.subtotal.currency} is not the program's ${config.currency}.`);
  }
  const minimum = config.advocateReward.minimumOrderMinor;
  if (minimum != null && order.subtotal.minor < BigInt(minimum)) {
    return reject("below_minimum", `The order subtotal ${order.subtotal.minor} is below the minimum ${minimum} (minor units).`);
  }

  const limits = config.limits;
  let broken: RejectionReason | null = null;
  let detail = "";
  if (limits.maxRewardsPerAdvocatePerMonth != null && input.advocateRewardsThisMonth >= limits.maxRewardsPerAdvocatePerMonth) {
    broken = "monthly_limit";
    detail = `The advocate already earned ${input.advocateRewardsThisMonth} ${input.advocateRewardsThisMonth === 1 ? "reward" : "rewards"} this month (limit ${limits.maxRewardsPerAdvocatePerMonth}).`;
  } else if (limits.monthlyBudgetMinor != null && input.spentThisMonthMinor + input.thisReferralCostMinor > BigInt(limits.monthlyBudgetMinor)) {
    broken = "monthly_budget";
    detail = `This month's rewards would reach ${input.spentThisMonthMinor + input.thisReferralCostMinor} over the budget ${limits.monthlyBudgetMinor} (minor units).`;
  }
  if (broken) return limits.onLimit === "skip" ? reject(broken, detail) : { outcome: "review", reviewReason: broken };
  return { outcome: "qualified", reviewReason: null };
}
