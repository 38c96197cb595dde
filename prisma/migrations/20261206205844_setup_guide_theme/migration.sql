-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "themeAdvocateBlocks" TEXT;
ALTER TABLE "Shop" ADD COLUMN "themeAppEmbed" BOOLEAN;
ALTER TABLE "Shop" ADD COLUMN "themeCheckedAt" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "themeName" TEXT;

