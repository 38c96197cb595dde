-- AlterTable
ALTER TABLE "Referral" ADD COLUMN "friendCodeExpiresAt" DATETIME;

-- CreateIndex
CREATE INDEX "Referral_friendCodeExpiresAt_idx" ON "Referral"("friendCodeExpiresAt");

