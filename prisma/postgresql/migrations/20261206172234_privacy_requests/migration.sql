-- CreateTable
CREATE TABLE "PrivacyRequest" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "webhookEventId" TEXT NOT NULL,
    "dataRequestId" TEXT,
    "customerGid" TEXT NOT NULL,
    "customerEmail" TEXT,
    "status" TEXT NOT NULL DEFAULT 'received',
    "export" JSONB,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readyAt" TIMESTAMP(3),
    "downloadedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PrivacyRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PrivacyRequest_webhookEventId_key" ON "PrivacyRequest"("webhookEventId");

-- CreateIndex
CREATE INDEX "PrivacyRequest_shopId_receivedAt_idx" ON "PrivacyRequest"("shopId", "receivedAt");

-- CreateIndex
CREATE INDEX "PrivacyRequest_shopId_customerGid_idx" ON "PrivacyRequest"("shopId", "customerGid");

-- CreateIndex
CREATE INDEX "PrivacyRequest_expiresAt_idx" ON "PrivacyRequest"("expiresAt");

