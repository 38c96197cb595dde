-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "emailAccentColor" TEXT,
ADD COLUMN     "emailLogoUrl" TEXT,
ADD COLUMN     "emailReplyTo" TEXT,
ADD COLUMN     "emailSenderName" TEXT,
ADD COLUMN     "primaryLocale" TEXT NOT NULL DEFAULT 'en';

-- AlterTable
ALTER TABLE "Advocate" ADD COLUMN     "locale" TEXT;

-- AlterTable
ALTER TABLE "Referral" ADD COLUMN     "friendLocale" TEXT;

-- CreateTable
CREATE TABLE "EmailTemplateTranslation" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailTemplateTranslation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailTemplateTranslation_shopId_kind_locale_key" ON "EmailTemplateTranslation"("shopId", "kind", "locale");

