-- CreateTable
CREATE TABLE "OutgoingEndpoint" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "failingSince" TIMESTAMP(3),
    "disabledAt" TIMESTAMP(3),
    "disabledReason" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutgoingEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutgoingEvent" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "customerGids" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutgoingEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutgoingDelivery" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "resends" INTEGER NOT NULL DEFAULT 0,
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3),
    "sendingUntil" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutgoingDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OutgoingEndpoint_shopId_enabled_idx" ON "OutgoingEndpoint"("shopId", "enabled");

-- CreateIndex
CREATE INDEX "OutgoingEvent_shopId_createdAt_idx" ON "OutgoingEvent"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "OutgoingDelivery_shopId_endpointId_createdAt_idx" ON "OutgoingDelivery"("shopId", "endpointId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutgoingDelivery_eventId_endpointId_key" ON "OutgoingDelivery"("eventId", "endpointId");

-- AddForeignKey
ALTER TABLE "OutgoingDelivery" ADD CONSTRAINT "OutgoingDelivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "OutgoingEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutgoingDelivery" ADD CONSTRAINT "OutgoingDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "OutgoingEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

