-- AlterTable
ALTER TABLE "Reward" ADD COLUMN     "deductedMinor" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "owedForgivenMinor" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "owedRecoveredMinor" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "DailyStat" ADD COLUMN     "friendDiscountMinor" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "PaidOrder" ADD COLUMN     "friendDiscountMinor" BIGINT NOT NULL DEFAULT 0;

