// Every job the worker process runs, and the recurring ones it schedules. Add one line per job file.
import { customersDataRequestJob, customersRedactJob, shopRedactJob } from "../compliance/jobs.server";
import { createJobRegistry } from "./define-job";
import { refreshShopProfileJob } from "../shops/shop-update.server";
import { pruneFinishedJobsJob } from "./prune-finished-jobs.server";
import type { RecurringJob } from "./queue.server";
import { releaseHeldRewardsJob, rewardJobs } from "../rewards/jobs.server";
import { emailRemindersJob, notificationJobs } from "../notifications/jobs.server";
import { analyticsJobs, rollupDashboardJob } from "../analytics/jobs.server";
import { storefrontJobs } from "../storefront/storefront-jobs.server";
import { advocateJobs } from "../advocates/advocate-identity.server";
import { readAdvocateBalanceJob } from "../advocates/advocate-page.server";

export const jobs = createJobRegistry([pruneFinishedJobsJob, refreshShopProfileJob, customersDataRequestJob, customersRedactJob, shopRedactJob, ...rewardJobs, ...notificationJobs, ...analyticsJobs, ...storefrontJobs, ...advocateJobs, readAdvocateBalanceJob]);

export const schedules: RecurringJob[] = [{ job: pruneFinishedJobsJob, everyMs: 60 * 60_000, payload: { keepDays: 7 } },
  { job: releaseHeldRewardsJob, everyMs: 60_000, payload: {} },
  { job: emailRemindersJob, everyMs: 60 * 60_000, payload: {} },
  // ROLLUP_EVERY_MS: the demo refreshes the dashboard every 30 s, so a walkthrough shows up at once.
  { job: rollupDashboardJob, everyMs: Number(process.env.ROLLUP_EVERY_MS) || 5 * 60_000, payload: {} },
];
