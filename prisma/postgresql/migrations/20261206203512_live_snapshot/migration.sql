-- AlterTable
ALTER TABLE "RollupState" ADD COLUMN     "liveAt" TIMESTAMP(3),
ADD COLUMN     "liveDays" TEXT,
ADD COLUMN     "liveFrom" TIMESTAMP(3),
ADD COLUMN     "liveTo" TIMESTAMP(3),
ADD COLUMN     "liveTop" TEXT;

