-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Reward" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "referralId" TEXT,
    "advocateId" TEXT,
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
    "shopAmountMinor" BIGINT,
    "exchangeRate" TEXT,
    "expiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Reward_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Reward_advocateId_fkey" FOREIGN KEY ("advocateId") REFERENCES "Advocate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Reward" ("amountMinor", "attempts", "createdAt", "currency", "customerGid", "deductedMinor", "discountCode", "exchangeRate", "expiresAt", "failureReason", "holdUntil", "id", "idempotencyKey", "issuedAt", "kind", "owedForgivenMinor", "owedMinor", "owedRecoveredMinor", "recipient", "referralId", "reversedMinor", "shopAmountMinor", "shopId", "shopifyRef", "status", "updatedAt") SELECT "amountMinor", "attempts", "createdAt", "currency", "customerGid", "deductedMinor", "discountCode", "exchangeRate", "expiresAt", "failureReason", "holdUntil", "id", "idempotencyKey", "issuedAt", "kind", "owedForgivenMinor", "owedMinor", "owedRecoveredMinor", "recipient", "referralId", "reversedMinor", "shopAmountMinor", "shopId", "shopifyRef", "status", "updatedAt" FROM "Reward";
DROP TABLE "Reward";
ALTER TABLE "new_Reward" RENAME TO "Reward";
CREATE UNIQUE INDEX "Reward_idempotencyKey_key" ON "Reward"("idempotencyKey");
CREATE INDEX "Reward_shopId_status_idx" ON "Reward"("shopId", "status");
CREATE INDEX "Reward_shopId_issuedAt_idx" ON "Reward"("shopId", "issuedAt");
CREATE INDEX "Reward_shopId_updatedAt_idx" ON "Reward"("shopId", "updatedAt");
CREATE INDEX "Reward_shopId_createdAt_idx" ON "Reward"("shopId", "createdAt");
CREATE INDEX "Reward_status_holdUntil_idx" ON "Reward"("status", "holdUntil");
CREATE INDEX "Reward_advocateId_idx" ON "Reward"("advocateId");
CREATE UNIQUE INDEX "Reward_referralId_recipient_kind_key" ON "Reward"("referralId", "recipient", "kind");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

