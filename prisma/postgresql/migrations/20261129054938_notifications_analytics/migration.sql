-- CreateTable
CREATE TABLE "EmailTemplate" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "daysBefore" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SentEmail" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "rewardId" TEXT,
    "referralId" TEXT,
    "advocateId" TEXT,
    "data" TEXT NOT NULL DEFAULT '{}',
    "toEmail" TEXT,
    "subject" TEXT,
    "messageId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SentEmail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailOptOut" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'staff',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailOptOut_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DailyStat" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "clicks" INTEGER NOT NULL DEFAULT 0,
    "claims" INTEGER NOT NULL DEFAULT 0,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "revenueMinor" BIGINT NOT NULL DEFAULT 0,
    "rewardIssuedMinor" BIGINT NOT NULL DEFAULT 0,
    "rewardPendingMinor" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DailyStat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdvocateDailyStat" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "advocateId" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "claims" INTEGER NOT NULL DEFAULT 0,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "revenueMinor" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "AdvocateDailyStat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollupState" (
    "shopId" TEXT NOT NULL,
    "watermark" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RollupState_pkey" PRIMARY KEY ("shopId")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailTemplate_shopId_kind_key" ON "EmailTemplate"("shopId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "SentEmail_dedupeKey_key" ON "SentEmail"("dedupeKey");

-- CreateIndex
CREATE INDEX "SentEmail_shopId_createdAt_idx" ON "SentEmail"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "SentEmail_shopId_status_idx" ON "SentEmail"("shopId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "EmailOptOut_shopId_email_key" ON "EmailOptOut"("shopId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "DailyStat_shopId_day_key" ON "DailyStat"("shopId", "day");

-- CreateIndex
CREATE INDEX "AdvocateDailyStat_shopId_advocateId_idx" ON "AdvocateDailyStat"("shopId", "advocateId");

-- CreateIndex
CREATE UNIQUE INDEX "AdvocateDailyStat_shopId_day_advocateId_key" ON "AdvocateDailyStat"("shopId", "day", "advocateId");

