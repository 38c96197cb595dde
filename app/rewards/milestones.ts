// Milestone bonuses: extra advocate credit when an advocate reaches N successful referrals
// (program config `milestones`). A referral is successful while its advocate reward is issued
// (a replacement code counts, a reversed or cancelled reward does not). Each milestone is paid
// once per (advocate, N), keyed by milestoneIdempotencyKey, and a bonus once paid is kept even
// if an earlier referral is refunded later. Which milestones apply is read from the program
// version of the referral that reached them (the Nth), like every other reward.
import type { ProgramConfig } from "../program/program-config";
import type { MilestoneKind } from "../program/reward-kinds";


export interface SuccessfulReferral {
  referralId: string;
  config: Pick<ProgramConfig, "milestones" | "currency"> & { advocateReward: Pick<ProgramConfig["advocateReward"], "kind"> };
}

export interface PlannedMilestone {
  referrals: number;
  /** The Nth successful referral: the reward hangs off it. */
  referralId: string;
  bonusMinor: bigint;
  currency: string;
  kind: MilestoneKind;
}

/**
 * The milestone bonuses due: `successful` in the order they succeeded (oldest first), `awarded`
 * the N already paid to this advocate. For each N reached, the Nth referral's program decides
 * whether N is a milestone, its bonus and how it is paid.
 */
export function planMilestones(successful: SuccessfulReferral[], awarded: ReadonlySet<number>): PlannedMilestone[] {
  const planned: PlannedMilestone[] = [];
  for (let n = 2; n <= successful.length; n++) {
    if (awarded.has(n)) continue;
    const nth = successful[n - 1];
    const milestone = nth.config.milestones.find((m) => m.referrals === n);
    if (!milestone) continue;
    planned.push({
      referrals: n,
      referralId: nth.referralId,
      bonusMinor: BigInt(milestone.bonusMinor),
      currency: nth.config.currency,
      kind: nth.config.advocateReward.kind === "discount_code" ? "milestone_code" : "milestone_credit",
    });
  }
  return planned;
}
