-- AlterTable
ALTER TABLE "Referral" ADD COLUMN     "friendCodeExpiresAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Referral_friendCodeExpiresAt_idx" ON "Referral"("friendCodeExpiresAt");

