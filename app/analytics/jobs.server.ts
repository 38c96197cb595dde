// The recurring rollup job: recomputes every shop's dashboard days touched since its last run,
// then the live snapshot of each shop that has one.
import { z } from "zod";
import { defineJob } from "../jobs/define-job";
import { eventNow } from "../lib/clock.server";
import { refreshLiveSnapshot } from "./live-snapshot.server";
import { rollupAllShops } from "./rollup.server";
import { requestSocialProofSync } from "./social-proof.server";

export const rollupDashboardJob = defineJob({
  name: "analytics.rollup",
  payload: z.object({}).passthrough(),
  handler: async (_, { db }) => {
    // Events are dated by the same clock (the sandbox's, when the app runs against it), so the
    // watermark sees a click the demo dates in the past.
    const at = await eventNow();
    const changed = await rollupAllShops(db, at);
    // The storefront's social-proof numbers follow the rollups (written only when they changed).
    for (const shopId of changed) await requestSocialProofSync(db, shopId, at.toISOString());
    // Shops whose dashboard is looked at keep a live snapshot: recompute it on the new rollups.
    for (const { shopId } of await db.rollupState.findMany({ where: { liveAt: { not: null } }, select: { shopId: true } })) await refreshLiveSnapshot(db, shopId, at);
  },
});
