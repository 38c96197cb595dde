-- AlterTable
ALTER TABLE "RollupState" ADD COLUMN "liveAt" DATETIME;
ALTER TABLE "RollupState" ADD COLUMN "liveDays" TEXT;
ALTER TABLE "RollupState" ADD COLUMN "liveFrom" DATETIME;
ALTER TABLE "RollupState" ADD COLUMN "liveTo" DATETIME;
ALTER TABLE "RollupState" ADD COLUMN "liveTop" TEXT;

