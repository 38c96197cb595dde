-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "setupGuideDismissedAt" TIMESTAMP(3);

