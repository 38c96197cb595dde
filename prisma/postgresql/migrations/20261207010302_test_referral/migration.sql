-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "testReferralAt" TIMESTAMP(3),
ADD COLUMN     "testReferralSummary" TEXT;

