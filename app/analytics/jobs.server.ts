// The recurring rollup job: recomputes every shop's dashboard days touched since its last run.
import { z } from "zod";
import { defineJob } from "../jobs/define-job";
import { rollupAllShops } from "./rollup.server";

export const rollupDashboardJob = defineJob({
  name: "analytics.rollup",
  payload: z.object({}).passthrough(),
  handler: async (_, { db }) => {
    await rollupAllShops(db);
  },
});

export const analyticsJobs = [rollupDashboardJob];
