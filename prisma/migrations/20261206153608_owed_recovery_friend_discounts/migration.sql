-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Reward" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "referralId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "customerGid" TEXT,
    "discountCode" TEXT,
    "shopifyRef" TEXT,
    "holdUntil" DATETIME,
    "issuedAt" DATETIME,
    "failureReason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "reversedMinor" BIGINT NOT NULL DEFAULT 0,
    "owedMinor" BIGINT NOT NULL DEFAULT 0,
    "owedRecoveredMinor" BIGINT NOT NULL DEFAULT 0,
    "owedForgivenMinor" BIGINT NOT NULL DEFAULT 0,
    "deductedMinor" BIGINT NOT NULL DEFAULT 0,
    "expiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Reward_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Reward" ("amountMinor", "attempts", "createdAt", "currency", "customerGid", "discountCode", "expiresAt", "failureReason", "holdUntil", "id", "idempotencyKey", "issuedAt", "kind", "owedMinor", "recipient", "referralId", "reversedMinor", "shopId", "shopifyRef", "status", "updatedAt") SELECT "amountMinor", "attempts", "createdAt", "currency", "customerGid", "discountCode", "expiresAt", "failureReason", "holdUntil", "id", "idempotencyKey", "issuedAt", "kind", "owedMinor", "recipient", "referralId", "reversedMinor", "shopId", "shopifyRef", "status", "updatedAt" FROM "Reward";
DROP TABLE "Reward";
ALTER TABLE "new_Reward" RENAME TO "Reward";
CREATE UNIQUE INDEX "Reward_idempotencyKey_key" ON "Reward"("idempotencyKey");
CREATE INDEX "Reward_shopId_status_idx" ON "Reward"("shopId", "status");
CREATE INDEX "Reward_shopId_issuedAt_idx" ON "Reward"("shopId", "issuedAt");
CREATE INDEX "Reward_shopId_updatedAt_idx" ON "Reward"("shopId", "updatedAt");
CREATE INDEX "Reward_status_holdUntil_idx" ON "Reward"("status", "holdUntil");
CREATE UNIQUE INDEX "Reward_referralId_recipient_kind_key" ON "Reward"("referralId", "recipient", "kind");
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
    "friendDiscountMinor" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_DailyStat" ("allOrders", "allRevenueMinor", "claims", "clicks", "day", "id", "orders", "revenueMinor", "rewardIssuedMinor", "rewardPendingMinor", "shopId", "updatedAt") SELECT "allOrders", "allRevenueMinor", "claims", "clicks", "day", "id", "orders", "revenueMinor", "rewardIssuedMinor", "rewardPendingMinor", "shopId", "updatedAt" FROM "DailyStat";
DROP TABLE "DailyStat";
ALTER TABLE "new_DailyStat" RENAME TO "DailyStat";
CREATE UNIQUE INDEX "DailyStat_shopId_day_key" ON "DailyStat"("shopId", "day");
CREATE TABLE "new_PaidOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "orderedAt" DATETIME NOT NULL,
    "totalMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "friendDiscountMinor" BIGINT NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_PaidOrder" ("cancelled", "createdAt", "currency", "id", "orderGid", "orderedAt", "shopId", "totalMinor", "updatedAt") SELECT "cancelled", "createdAt", "currency", "id", "orderGid", "orderedAt", "shopId", "totalMinor", "updatedAt" FROM "PaidOrder";
DROP TABLE "PaidOrder";
ALTER TABLE "new_PaidOrder" RENAME TO "PaidOrder";
CREATE INDEX "PaidOrder_shopId_orderedAt_idx" ON "PaidOrder"("shopId", "orderedAt");
CREATE INDEX "PaidOrder_shopId_updatedAt_idx" ON "PaidOrder"("shopId", "updatedAt");
CREATE UNIQUE INDEX "PaidOrder_shopId_orderGid_key" ON "PaidOrder"("shopId", "orderGid");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

