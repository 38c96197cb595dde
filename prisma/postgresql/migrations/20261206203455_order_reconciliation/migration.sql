-- CreateTable
CREATE TABLE "OrderReconciliation" (
    "shopId" TEXT NOT NULL,
    "watermark" TIMESTAMP(3) NOT NULL,
    "lastRunAt" TIMESTAMP(3),
    "lastRead" INTEGER NOT NULL DEFAULT 0,
    "lastRecorded" INTEGER NOT NULL DEFAULT 0,
    "totalRecorded" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrderReconciliation_pkey" PRIMARY KEY ("shopId")
);

