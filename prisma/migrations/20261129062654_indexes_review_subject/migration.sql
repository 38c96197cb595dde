-- AlterTable
ALTER TABLE "Referral" ADD COLUMN "rejectionReason" TEXT;
ALTER TABLE "Referral" ADD COLUMN "reviewNote" TEXT;
ALTER TABLE "Referral" ADD COLUMN "reviewedAt" DATETIME;
ALTER TABLE "Referral" ADD COLUMN "reviewedBy" TEXT;

-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN "subjectGid" TEXT;

-- CreateIndex
CREATE INDEX "Referral_shopId_orderedAt_idx" ON "Referral"("shopId", "orderedAt");

-- CreateIndex
CREATE INDEX "Referral_shopId_updatedAt_idx" ON "Referral"("shopId", "updatedAt");

-- CreateIndex
CREATE INDEX "Referral_shopId_fraudScore_idx" ON "Referral"("shopId", "fraudScore");

-- CreateIndex
CREATE INDEX "Reward_shopId_issuedAt_idx" ON "Reward"("shopId", "issuedAt");

-- CreateIndex
CREATE INDEX "Reward_shopId_updatedAt_idx" ON "Reward"("shopId", "updatedAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_shopId_subjectGid_idx" ON "WebhookEvent"("shopId", "subjectGid");

