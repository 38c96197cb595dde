// The numbers on the admin home page for one shop.
import type { DbClient } from "../db.server";

export interface ShopOverview {
  shop: string;
  programStatus: "active" | "paused" | "none";
  advocates: number;
  referrals: number;
  jobsQueued: number;
  jobsDead: number;
}

export async function loadShopOverview(db: DbClient, shop: string): Promise<ShopOverview> {
  const [program, advocates, referrals, jobsQueued, jobsDead] = await Promise.all([
    db.program.findUnique({ where: { shopId: shop }, select: { status: true } }),
    db.advocate.count({ where: { shopId: shop } }),
    db.referral.count({ where: { shopId: shop } }),
    db.job.count({ where: { shopId: shop, status: "queued" } }),
    db.job.count({ where: { shopId: shop, status: "dead" } }),
  ]);
  return {
    shop,
    programStatus: program ? (program.status === "active" ? "active" : "paused") : "none",
    advocates,
    referrals,
    jobsQueued,
    jobsDead,
  };
}
