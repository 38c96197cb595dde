// The shop facts on the admin home besides the dashboard: the program's status and the
// background jobs waiting or needing attention. (No whole-table counts: at millions of
// referrals a count(*) per view would cost more than the whole dashboard.)
import type { DbClient } from "../db.server";

export interface ShopOverview {
  shop: string;
  programStatus: "active" | "paused" | "none";
  /** A program version has been saved (onboarding done). */
  programSaved: boolean;
  jobsQueued: number;
  jobsDead: number;
}

export async function loadShopOverview(db: DbClient, shop: string): Promise<ShopOverview> {
  const [program, jobsQueued, jobsDead] = await Promise.all([
    db.program.findUnique({ where: { shopId: shop }, select: { status: true, currentVersionId: true } }),
    db.job.count({ where: { shopId: shop, status: "queued" } }),
    db.job.count({ where: { shopId: shop, status: "dead" } }),
  ]);
  return {
    shop,
    programStatus: program ? (program.status === "active" ? "active" : "paused") : "none",
    programSaved: !!program?.currentVersionId,
    jobsQueued,
    jobsDead,
  };
}
