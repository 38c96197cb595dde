-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "primaryUrl" TEXT;

