-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DailyStat" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "day" DATETIME NOT NULL,
    "clicks" INTEGER NOT NULL DEFAULT 0,
    "claimedClicks" INTEGER NOT NULL DEFAULT 0,
    "claims" INTEGER NOT NULL DEFAULT 0,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "revenueMinor" BIGINT NOT NULL DEFAULT 0,
    "rewardIssuedMinor" BIGINT NOT NULL DEFAULT 0,
    "rewardPendingMinor" BIGINT NOT NULL DEFAULT 0,
    "allOrders" INTEGER NOT NULL DEFAULT 0,
    "allRevenueMinor" BIGINT NOT NULL DEFAULT 0,
    "friendDiscountMinor" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_DailyStat" ("allOrders", "allRevenueMinor", "claims", "clicks", "day", "friendDiscountMinor", "id", "orders", "revenueMinor", "rewardIssuedMinor", "rewardPendingMinor", "shopId", "updatedAt") SELECT "allOrders", "allRevenueMinor", "claims", "clicks", "day", "friendDiscountMinor", "id", "orders", "revenueMinor", "rewardIssuedMinor", "rewardPendingMinor", "shopId", "updatedAt" FROM "DailyStat";
DROP TABLE "DailyStat";
ALTER TABLE "new_DailyStat" RENAME TO "DailyStat";
CREATE UNIQUE INDEX "DailyStat_shopId_day_key" ON "DailyStat"("shopId", "day");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Rows rolled up before this column existed hold 0: move every shop's watermark back so the
-- next rollup run recomputes each day it has data for (the stored top advocates stay usable).
UPDATE "RollupState" SET "watermark" = '1970-01-01T00:00:00.000+00:00';
