-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "testReferralAt" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "testReferralSummary" TEXT;

