-- AlterTable
ALTER TABLE "Referral" ADD COLUMN     "claimKey" TEXT,
ADD COLUMN     "friendCodeEmailOnly" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "friendEmailVerifiedAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "Referral_shopId_claimKey_key" ON "Referral"("shopId", "claimKey");

