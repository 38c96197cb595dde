-- CreateTable
CREATE TABLE "FraudSettings" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "updatedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FraudSettings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FraudSettings_shopId_key" ON "FraudSettings"("shopId");

