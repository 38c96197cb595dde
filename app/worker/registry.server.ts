// The composition root: every job the worker runs and the recurring ones it schedules. It sits
// above every domain folder (docs/ARCHITECTURE.md): add one line per job definition.
import { advocateDiscountCodeJob, customerCodeJob } from "../advocates/advocate-codes.job.server";
import { advocateIdentityJob } from "../advocates/advocate-identity.server";
import { rollupDashboardJob } from "../analytics/jobs.server";
import { syncSocialProofJob } from "../analytics/social-proof.server";
import { refreshLiveDashboardJob } from "../analytics/live-snapshot.server";
import { customersDataRequestJob, customersRedactJob, pruneOldDataJob, shopRedactJob } from "../compliance/jobs.server";
import type { Env } from "../env.server";
import { deliverWebhookJob } from "../integrations/deliver-webhook.job.server";
import { sendFlowTriggerJob } from "../flow/send-flow-trigger.job.server";
import { createJobRegistry } from "../jobs/define-job";
import { pruneFinishedJobsJob } from "../jobs/prune-finished-jobs.server";
import type { RecurringJob } from "../jobs/queue.server";
import { emailRemindersJob } from "../notifications/email-reminders.job.server";
import { sendEmailJob } from "../notifications/send-email.job.server";
import { advocateCodesOfferJob } from "../program/advocate-codes-offer.job.server";
import { syncMetafieldsJob } from "../program/sync-metafields.job.server";
import { qualifyByHandJob } from "../referrals/attribute-by-hand.job.server";
import { processOrderWebhookJob } from "../referrals/process-order-webhook.job.server";
import { awardMilestonesJob } from "../rewards/award-milestones.job.server";
import { claimCodeJob } from "../rewards/claim-code.job.server";
import { issueRewardJob } from "../rewards/issue-reward.job.server";
import { readAdvocateBalanceJob } from "../review/advocate-page.server";
import { advocateImportBatchJob, advocateImportSegmentPageJob } from "../review/advocate-import.job.server";
import { releaseHeldRewardsJob } from "../rewards/release-held-rewards.job.server";
import { reverseRewardJob } from "../rewards/reverse-reward.job.server";
import { refreshShopProfileJob } from "../shops/shop-update.server";
import { checkThemeSetupJob } from "../shops/setup-guide.server";
import { reconcileAllShopsJob, reconcileShopOrdersJob } from "../webhooks/reconcile-orders.job.server";

export const jobs = createJobRegistry([
  // The order pipeline, top to bottom.
  processOrderWebhookJob,
  qualifyByHandJob,
  // Orders whose webhooks never arrived, read back from Shopify into the same pipeline.
  reconcileAllShopsJob,
  reconcileShopOrdersJob,
  issueRewardJob,
  // A friend's instant code: the same issuance, asked for by the claim (a shopper waits).
  claimCodeJob,
  reverseRewardJob,
  awardMilestonesJob,
  releaseHeldRewardsJob,
  sendEmailJob,
  emailRemindersJob,
  // Outgoing webhooks to the merchant's own tools.
  deliverWebhookJob,
  // Referral events for the merchant's Shopify Flow workflows.
  sendFlowTriggerJob,
  // Advocates and the storefront's Shopify writes.
  advocateIdentityJob,
  customerCodeJob,
  advocateDiscountCodeJob,
  advocateCodesOfferJob,
  syncMetafieldsJob,
  readAdvocateBalanceJob,
  // Staff inviting existing customers (CSV or segment), in batches.
  advocateImportBatchJob,
  advocateImportSegmentPageJob,
  // Shops, privacy, dashboard, housekeeping.
  refreshShopProfileJob,
  checkThemeSetupJob,
  customersDataRequestJob,
  customersRedactJob,
  shopRedactJob,
  pruneOldDataJob,
  rollupDashboardJob,
  refreshLiveDashboardJob,
  syncSocialProofJob,
  pruneFinishedJobsJob,
]);

/**
 * The recurring jobs. ROLLUP_EVERY_MS lets the demo refresh the dashboard every 30 s;
 * DATA_RETENTION_DAYS (docs/OPERATIONS.md) is how long raw webhook bodies and finished job payloads are kept;
 * RECONCILE_EVERY_MS / RECONCILE_SETTLE_MS pace order reconciliation (one run per shop each time).
 */
export function schedules(settings: Pick<Env, "ROLLUP_EVERY_MS" | "DATA_RETENTION_DAYS"> & Partial<Pick<Env, "RECONCILE_EVERY_MS" | "RECONCILE_SETTLE_MS">>): RecurringJob[] {
  const reconcileEveryMs = settings.RECONCILE_EVERY_MS ?? 15 * 60_000;
  return [
    { job: reconcileAllShopsJob, everyMs: reconcileEveryMs, payload: { everyMs: reconcileEveryMs, settleMs: settings.RECONCILE_SETTLE_MS ?? 10 * 60_000 } },
    { job: pruneFinishedJobsJob, everyMs: 60 * 60_000, payload: { keepDays: 7 } },
    { job: releaseHeldRewardsJob, everyMs: 60_000, payload: {} },
    { job: emailRemindersJob, everyMs: 60 * 60_000, payload: {} },
    { job: rollupDashboardJob, everyMs: settings.ROLLUP_EVERY_MS, payload: {} },
    { job: pruneOldDataJob, everyMs: 60 * 60_000, payload: { keepDays: settings.DATA_RETENTION_DAYS } },
  ];
}
