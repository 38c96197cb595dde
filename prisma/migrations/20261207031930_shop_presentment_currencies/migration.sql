-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "presentmentCurrencies" TEXT;

