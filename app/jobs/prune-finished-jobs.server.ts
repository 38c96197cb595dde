// Housekeeping: succeeded jobs are only history; keep the table small. Dead jobs stay for staff.
import { z } from "zod";
import { defineJob } from "./define-job";
import { pruneFinishedJobs } from "./queue.server";

export const pruneFinishedJobsJob = defineJob({
  name: "jobs.prune-finished",
  payload: z.object({ keepDays: z.number().int().positive().default(7) }),
  async handler({ keepDays }, { db }) {
    await pruneFinishedJobs(db, new Date(Date.now() - keepDays * 24 * 60 * 60_000));
  },
});
