-- AlterTable
ALTER TABLE "Advocate" ADD COLUMN     "mergedIntoId" TEXT;

