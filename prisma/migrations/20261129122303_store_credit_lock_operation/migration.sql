-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_StoreCreditLock" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "rewardId" TEXT NOT NULL,
    "balanceBeforeMinor" BIGINT,
    "operation" TEXT NOT NULL DEFAULT 'credit',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_StoreCreditLock" ("balanceBeforeMinor", "createdAt", "currency", "customerGid", "id", "rewardId", "shopId") SELECT "balanceBeforeMinor", "createdAt", "currency", "customerGid", "id", "rewardId", "shopId" FROM "StoreCreditLock";
DROP TABLE "StoreCreditLock";
ALTER TABLE "new_StoreCreditLock" RENAME TO "StoreCreditLock";
CREATE INDEX "StoreCreditLock_rewardId_idx" ON "StoreCreditLock"("rewardId");
CREATE UNIQUE INDEX "StoreCreditLock_shopId_customerGid_currency_key" ON "StoreCreditLock"("shopId", "customerGid", "currency");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

