// The job that pays an advocate's due milestone bonuses (queued when an advocate reward is issued).
import { z } from "zod";
import { defineJob } from "../jobs/define-job";
import { awardMilestones } from "./award-milestones.server";

export const awardMilestonesJob = defineJob({
  name: "rewards.award-milestones",
  payload: z.object({ shopId: z.string().min(1), advocateId: z.string().min(1) }),
  handler: async ({ shopId, advocateId }, { db }) => {
    await awardMilestones(db, shopId, advocateId);
  },
});
