// The recurring rollup job: recomputes every shop's dashboard days touched since its last run,
// then the live snapshot of each shop that has one.
import { z } from "zod";
import { defineJob } from "../jobs/define-job";
import { eventNow } from "../lib/clock.server";
import { refreshLiveSnapshot } from "./live-snapshot.server";
import { rollupAllShops } from "./rollup.server";

export const rollupDashboardJob = defineJob({
  name: "analytics.rollup",
  payload: z.object({}).passthrough(),
  handler: async (_, { db }) => {
    // Events are dated by the same clock (the sandbox's, when the app runs against it), so the
    // watermark sees a click the demo dates in the past.
    await rollupAllShops(db, await eventNow());
    // Shops whose dashboard is looked at keep a live snapshot: recompute it on the new rollups.
    for (const { shopId } of await db.rollupState.findMany({ where: { liveAt: { not: null } }, select: { shopId: true } })) await refreshLiveSnapshot(db, shopId);
  },
});
