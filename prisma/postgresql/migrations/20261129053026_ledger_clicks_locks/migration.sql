-- AlterTable
ALTER TABLE "Referral" ADD COLUMN     "claimedAt" TIMESTAMP(3),
ADD COLUMN     "friendCode" TEXT,
ADD COLUMN     "ipHash" TEXT,
ADD COLUMN     "orderSubtotalMinor" BIGINT,
ADD COLUMN     "orderedAt" TIMESTAMP(3),
ADD COLUMN     "refundedMinor" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Reward" ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "owedMinor" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "reversedMinor" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "RewardTransition" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "rewardId" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "reason" TEXT,
    "actor" TEXT NOT NULL DEFAULT 'system',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RewardTransition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StoreCreditLock" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "rewardId" TEXT NOT NULL,
    "balanceBeforeMinor" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoreCreditLock_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferralClick" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "advocateId" TEXT NOT NULL,
    "ipHash" TEXT,
    "userAgent" TEXT,
    "landing" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReferralClick_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE INDEX "Referral_shopId_friendEmail_idx" ON "Referral"("shopId", "friendEmail");

-- CreateIndex
CREATE UNIQUE INDEX "Referral_shopId_friendCode_key" ON "Referral"("shopId", "friendCode");

-- AddForeignKey
ALTER TABLE "RewardTransition" ADD CONSTRAINT "RewardTransition_rewardId_fkey" FOREIGN KEY ("rewardId") REFERENCES "Reward"("id") ON DELETE CASCADE ON UPDATE CASCADE;

