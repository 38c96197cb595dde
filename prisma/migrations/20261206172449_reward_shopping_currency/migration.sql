-- AlterTable
ALTER TABLE "Reward" ADD COLUMN "exchangeRate" TEXT;
ALTER TABLE "Reward" ADD COLUMN "shopAmountMinor" BIGINT;

