-- CreateTable
CREATE TABLE "RewardTransition" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "rewardId" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "reason" TEXT,
    "actor" TEXT NOT NULL DEFAULT 'system',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RewardTransition_rewardId_fkey" FOREIGN KEY ("rewardId") REFERENCES "Reward" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StoreCreditLock" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "rewardId" TEXT NOT NULL,
    "balanceBeforeMinor" BIGINT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ReferralClick" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "advocateId" TEXT NOT NULL,
    "ipHash" TEXT,
    "userAgent" TEXT,
    "landing" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Referral" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "advocateId" TEXT NOT NULL,
    "programVersionId" TEXT NOT NULL,
    "friendEmail" TEXT,
    "friendCustomerGid" TEXT,
    "orderGid" TEXT,
    "orderCurrency" TEXT,
    "orderTotalMinor" BIGINT,
    "status" TEXT NOT NULL DEFAULT 'claimed',
    "fraudScore" INTEGER,
    "fraudSignals" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "friendCode" TEXT,
    "claimedAt" DATETIME,
    "orderedAt" DATETIME,
    "ipHash" TEXT,
    "orderSubtotalMinor" BIGINT,
    "refundedMinor" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "Referral_advocateId_fkey" FOREIGN KEY ("advocateId") REFERENCES "Advocate" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Referral_programVersionId_fkey" FOREIGN KEY ("programVersionId") REFERENCES "ProgramVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Referral" ("advocateId", "createdAt", "fraudScore", "fraudSignals", "friendCustomerGid", "friendEmail", "id", "orderCurrency", "orderGid", "orderTotalMinor", "programVersionId", "shopId", "status", "updatedAt") SELECT "advocateId", "createdAt", "fraudScore", "fraudSignals", "friendCustomerGid", "friendEmail", "id", "orderCurrency", "orderGid", "orderTotalMinor", "programVersionId", "shopId", "status", "updatedAt" FROM "Referral";
DROP TABLE "Referral";
ALTER TABLE "new_Referral" RENAME TO "Referral";
CREATE INDEX "Referral_shopId_friendEmail_idx" ON "Referral"("shopId", "friendEmail");
CREATE INDEX "Referral_shopId_createdAt_idx" ON "Referral"("shopId", "createdAt");
CREATE INDEX "Referral_shopId_status_idx" ON "Referral"("shopId", "status");
CREATE INDEX "Referral_advocateId_idx" ON "Referral"("advocateId");
CREATE UNIQUE INDEX "Referral_shopId_orderGid_key" ON "Referral"("shopId", "orderGid");
CREATE UNIQUE INDEX "Referral_shopId_friendCode_key" ON "Referral"("shopId", "friendCode");
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
    "expiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Reward_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Reward" ("amountMinor", "attempts", "createdAt", "currency", "customerGid", "discountCode", "failureReason", "holdUntil", "id", "idempotencyKey", "issuedAt", "kind", "recipient", "referralId", "shopId", "shopifyRef", "status", "updatedAt") SELECT "amountMinor", "attempts", "createdAt", "currency", "customerGid", "discountCode", "failureReason", "holdUntil", "id", "idempotencyKey", "issuedAt", "kind", "recipient", "referralId", "shopId", "shopifyRef", "status", "updatedAt" FROM "Reward";
DROP TABLE "Reward";
ALTER TABLE "new_Reward" RENAME TO "Reward";
CREATE UNIQUE INDEX "Reward_idempotencyKey_key" ON "Reward"("idempotencyKey");
CREATE INDEX "Reward_shopId_status_idx" ON "Reward"("shopId", "status");
CREATE INDEX "Reward_status_holdUntil_idx" ON "Reward"("status", "holdUntil");
CREATE UNIQUE INDEX "Reward_referralId_recipient_kind_key" ON "Reward"("referralId", "recipient", "kind");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RewardTransition_rewardId_createdAt_idx" ON "RewardTransition"("rewardId", "createdAt");

-- CreateIndex
CREATE INDEX "RewardTransition_shopId_createdAt_idx" ON "RewardTransition"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "StoreCreditLock_rewardId_idx" ON "StoreCreditLock"("rewardId");

-- CreateIndex
CREATE UNIQUE INDEX "StoreCreditLock_shopId_customerGid_currency_key" ON "StoreCreditLock"("shopId", "customerGid", "currency");

-- CreateIndex
CREATE INDEX "ReferralClick_shopId_createdAt_idx" ON "ReferralClick"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "ReferralClick_advocateId_createdAt_idx" ON "ReferralClick"("advocateId", "createdAt");

-- CreateIndex
CREATE INDEX "ReferralClick_shopId_ipHash_idx" ON "ReferralClick"("shopId", "ipHash");

