-- AlterTable
ALTER TABLE "RollupState" ADD COLUMN "socialProof" TEXT;

