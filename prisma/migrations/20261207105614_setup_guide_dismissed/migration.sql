-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "setupGuideDismissedAt" DATETIME;

