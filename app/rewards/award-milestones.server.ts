// Pays an advocate's milestone bonuses that are due (milestones.ts), each exactly once: the
// reward's idempotency key is (shop, advocate, N), so concurrent or repeated runs of this job
// create one row, and the row's issue job (queued in the same transaction) pays it through the
// same exactly-once issuer as every other reward. Runs after each advocate reward is issued.
import { withSqliteBusyRetry, type Db, isUniqueViolation } from "../db.server";
import { readProgramConfig } from "../program/program-config";
import { enqueueIssue } from "./issue-reward.job.server";
import { planMilestones, type SuccessfulReferral } from "./milestones";
import { milestoneIdempotencyKey, milestoneOfKey, MILESTONE_KINDS, REFERRAL_REWARD_KINDS } from "../program/reward-kinds";
import { createReward } from "./reward-ledger.server";
import { recordAudit } from "../lib/audit-log.server";

export async function awardMilestones(db: Db, shop: string, advocateId: string): Promise<string[]> {
  const advocate = await db.advocate.findFirst({ where: { id: advocateId, shopId: shop } });
  // A blocked advocate stops earning (ADR 0005); milestones already paid stay.
  if (!advocate || advocate.status !== "active") return [];
  const [issued, paid] = await Promise.all([
    db.reward.findMany({
      where: { shopId: shop, recipient: "advocate", kind: { in: [...REFERRAL_REWARD_KINDS] }, status: "issued", referral: { advocateId } },
      select: { referralId: true, issuedAt: true, referral: { select: { programVersion: { select: { id: true, config: true } } } } },
      orderBy: [{ issuedAt: "asc" }, { id: "asc" }],
    }),
    db.reward.findMany({ where: { shopId: shop, recipient: "advocate", kind: { in: [...MILESTONE_KINDS] }, referral: { advocateId } }, select: { idempotencyKey: true } }),
  ]);
  const configs = new Map<string, SuccessfulReferral["config"]>();
  const successful: SuccessfulReferral[] = [];
  const seen = new Set<string>();
  for (const r of issued) {
    if (!r.referralId || !r.referral) continue; // referral kinds always have one
    if (seen.has(r.referralId)) continue; // a failed credit replaced by a code: one referral
    seen.add(r.referralId);
    const version = r.referral.programVersion;
    if (!configs.has(version.id)) configs.set(version.id, readProgramConfig(version.config));
    successful.push({ referralId: r.referralId, config: configs.get(version.id)! });
  }
  const awarded = new Set(paid.map((p) => milestoneOfKey(p.idempotencyKey)).filter((n): n is number => n !== null));
  const created: string[] = [];
  for (const m of planMilestones(successful, awarded)) {
    const idempotencyKey = milestoneIdempotencyKey(shop, advocateId, m.referrals);
    try {
      const id = await withSqliteBusyRetry(db, () =>
        db.$transaction(async (tx) => {
          const rewardId = await createReward(tx, {
            shopId: shop,
            referralId: m.referralId,
            recipient: "advocate",
            kind: m.kind,
            amountMinor: m.bonusMinor,
            currency: m.currency,
            customerGid: advocate.customerGid,
            holdUntil: null,
            held: false,
            reason: `milestone: ${m.referrals} successful referrals`,
            idempotencyKey,
          });
          if (rewardId) {
            const details = { referrals: m.referrals, rewardId, bonusMinor: m.bonusMinor, currency: m.currency };
            await recordAudit(tx, { shop, actor: "system", action: "milestone.reached", subject: "Advocate", subjectId: advocateId, data: details });
            await enqueueIssue(tx, shop, rewardId, "milestone");
          }
          return rewardId;
        }),
      );
      if (id) created.push(id);
    } catch (error) {
      // Another run created this milestone between our read and our insert: it is paid once.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return created;
}
