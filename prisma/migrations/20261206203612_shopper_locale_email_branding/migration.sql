-- AlterTable
ALTER TABLE "Advocate" ADD COLUMN "locale" TEXT;

-- AlterTable
ALTER TABLE "Referral" ADD COLUMN "friendLocale" TEXT;

-- CreateTable
CREATE TABLE "EmailTemplateTranslation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "currencyCode" TEXT,
    "scopes" TEXT,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "customerAccountsVersion" TEXT,
    "primaryLocale" TEXT NOT NULL DEFAULT 'en',
    "emailLogoUrl" TEXT,
    "emailAccentColor" TEXT,
    "emailSenderName" TEXT,
    "emailReplyTo" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("createdAt", "currencyCode", "customerAccountsVersion", "id", "installedAt", "name", "scopes", "uninstalledAt", "updatedAt") SELECT "createdAt", "currencyCode", "customerAccountsVersion", "id", "installedAt", "name", "scopes", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "EmailTemplateTranslation_shopId_kind_locale_key" ON "EmailTemplateTranslation"("shopId", "kind", "locale");

