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
    "claimKey" TEXT,
    "friendEmailVerifiedAt" DATETIME,
    "friendCodeEmailOnly" BOOLEAN NOT NULL DEFAULT false,
    "claimedAt" DATETIME,
    "friendCodeExpiresAt" DATETIME,
    "orderedAt" DATETIME,
    "ipHash" TEXT,
    "orderSubtotalMinor" BIGINT,
    "refundedMinor" BIGINT NOT NULL DEFAULT 0,
    "rejectionReason" TEXT,
    "reviewedBy" TEXT,
    "reviewedAt" DATETIME,
    "reviewNote" TEXT,
    CONSTRAINT "Referral_advocateId_fkey" FOREIGN KEY ("advocateId") REFERENCES "Advocate" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Referral_programVersionId_fkey" FOREIGN KEY ("programVersionId") REFERENCES "ProgramVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Referral" ("advocateId", "claimedAt", "createdAt", "fraudScore", "fraudSignals", "friendCode", "friendCodeExpiresAt", "friendCustomerGid", "friendEmail", "id", "ipHash", "orderCurrency", "orderGid", "orderSubtotalMinor", "orderTotalMinor", "orderedAt", "programVersionId", "refundedMinor", "rejectionReason", "reviewNote", "reviewedAt", "reviewedBy", "shopId", "status", "updatedAt") SELECT "advocateId", "claimedAt", "createdAt", "fraudScore", "fraudSignals", "friendCode", "friendCodeExpiresAt", "friendCustomerGid", "friendEmail", "id", "ipHash", "orderCurrency", "orderGid", "orderSubtotalMinor", "orderTotalMinor", "orderedAt", "programVersionId", "refundedMinor", "rejectionReason", "reviewNote", "reviewedAt", "reviewedBy", "shopId", "status", "updatedAt" FROM "Referral";
DROP TABLE "Referral";
ALTER TABLE "new_Referral" RENAME TO "Referral";
CREATE INDEX "Referral_shopId_friendEmail_idx" ON "Referral"("shopId", "friendEmail");
CREATE INDEX "Referral_shopId_createdAt_idx" ON "Referral"("shopId", "createdAt");
CREATE INDEX "Referral_shopId_status_idx" ON "Referral"("shopId", "status");
CREATE INDEX "Referral_friendCodeExpiresAt_idx" ON "Referral"("friendCodeExpiresAt");
CREATE INDEX "Referral_shopId_orderedAt_idx" ON "Referral"("shopId", "orderedAt");
CREATE INDEX "Referral_shopId_updatedAt_idx" ON "Referral"("shopId", "updatedAt");
CREATE INDEX "Referral_shopId_fraudScore_idx" ON "Referral"("shopId", "fraudScore");
CREATE INDEX "Referral_advocateId_idx" ON "Referral"("advocateId");
CREATE UNIQUE INDEX "Referral_shopId_orderGid_key" ON "Referral"("shopId", "orderGid");
CREATE UNIQUE INDEX "Referral_shopId_friendCode_key" ON "Referral"("shopId", "friendCode");
CREATE UNIQUE INDEX "Referral_shopId_claimKey_key" ON "Referral"("shopId", "claimKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

