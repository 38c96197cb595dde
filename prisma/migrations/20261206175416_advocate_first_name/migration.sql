-- AlterTable
ALTER TABLE "Advocate" ADD COLUMN "firstName" TEXT;

