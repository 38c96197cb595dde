-- AlterTable
ALTER TABLE "Reward" ADD COLUMN     "exchangeRate" TEXT,
ADD COLUMN     "shopAmountMinor" BIGINT;

