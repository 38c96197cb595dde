// The recurring rollup job: recomputes every shop's dashboard days touched since its last run.
import { z } from "zod";
import { defineJob } from "../jobs/define-job";
import { eventNow } from "../lib/clock.server";
import { rollupAllShops } from "./rollup.server";

export const rollupDashboardJob = defineJob({
  name: "analytics.rollup",
  payload: z.object({}).passthrough(),
  handler: async (_, { db }) => {
    // Events are dated by the same clock (the sandbox's, when the app runs against it), so the
    // watermark sees a click the demo dates in the past.
    await rollupAllShops(db, await eventNow());
  },
});

export const analyticsJobs = [rollupDashboardJob];
