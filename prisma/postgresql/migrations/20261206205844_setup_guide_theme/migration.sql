-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "themeAdvocateBlocks" TEXT,
ADD COLUMN     "themeAppEmbed" BOOLEAN,
ADD COLUMN     "themeCheckedAt" TIMESTAMP(3),
ADD COLUMN     "themeName" TEXT;

