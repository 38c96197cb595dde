-- CreateTable
CREATE TABLE "PrivacyRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "webhookEventId" TEXT NOT NULL,
    "dataRequestId" TEXT,
    "customerGid" TEXT NOT NULL,
    "customerEmail" TEXT,
    "status" TEXT NOT NULL DEFAULT 'received',
    "export" JSONB,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readyAt" DATETIME,
    "downloadedAt" DATETIME,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "PrivacyRequest_webhookEventId_key" ON "PrivacyRequest"("webhookEventId");

-- CreateIndex
CREATE INDEX "PrivacyRequest_shopId_receivedAt_idx" ON "PrivacyRequest"("shopId", "receivedAt");

-- CreateIndex
CREATE INDEX "PrivacyRequest_shopId_customerGid_idx" ON "PrivacyRequest"("shopId", "customerGid");

-- CreateIndex
CREATE INDEX "PrivacyRequest_expiresAt_idx" ON "PrivacyRequest"("expiresAt");

