-- CreateTable
CREATE TABLE "PaidOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "orderedAt" DATETIME NOT NULL,
    "totalMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DailyStat" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "day" DATETIME NOT NULL,
    "clicks" INTEGER NOT NULL DEFAULT 0,
    "claims" INTEGER NOT NULL DEFAULT 0,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "revenueMinor" BIGINT NOT NULL DEFAULT 0,
    "rewardIssuedMinor" BIGINT NOT NULL DEFAULT 0,
    "rewardPendingMinor" BIGINT NOT NULL DEFAULT 0,
    "allOrders" INTEGER NOT NULL DEFAULT 0,
    "allRevenueMinor" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_DailyStat" ("claims", "clicks", "day", "id", "orders", "revenueMinor", "rewardIssuedMinor", "rewardPendingMinor", "shopId", "updatedAt") SELECT "claims", "clicks", "day", "id", "orders", "revenueMinor", "rewardIssuedMinor", "rewardPendingMinor", "shopId", "updatedAt" FROM "DailyStat";
DROP TABLE "DailyStat";
ALTER TABLE "new_DailyStat" RENAME TO "DailyStat";
CREATE UNIQUE INDEX "DailyStat_shopId_day_key" ON "DailyStat"("shopId", "day");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PaidOrder_shopId_orderedAt_idx" ON "PaidOrder"("shopId", "orderedAt");

-- CreateIndex
CREATE INDEX "PaidOrder_shopId_updatedAt_idx" ON "PaidOrder"("shopId", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PaidOrder_shopId_orderGid_key" ON "PaidOrder"("shopId", "orderGid");

