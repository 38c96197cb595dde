-- AlterTable
ALTER TABLE "DailyStat" ADD COLUMN     "allOrders" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "allRevenueMinor" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "PaidOrder" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "orderedAt" TIMESTAMP(3) NOT NULL,
    "totalMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PaidOrder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PaidOrder_shopId_orderedAt_idx" ON "PaidOrder"("shopId", "orderedAt");

-- CreateIndex
CREATE INDEX "PaidOrder_shopId_updatedAt_idx" ON "PaidOrder"("shopId", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PaidOrder_shopId_orderGid_key" ON "PaidOrder"("shopId", "orderGid");

