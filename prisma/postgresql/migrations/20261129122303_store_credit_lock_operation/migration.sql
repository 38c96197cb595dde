-- AlterTable
ALTER TABLE "StoreCreditLock" ADD COLUMN     "operation" TEXT NOT NULL DEFAULT 'credit';

