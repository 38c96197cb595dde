-- CreateTable
CREATE TABLE "OrderReconciliation" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "watermark" DATETIME NOT NULL,
    "lastRunAt" DATETIME,
    "lastRead" INTEGER NOT NULL DEFAULT 0,
    "lastRecorded" INTEGER NOT NULL DEFAULT 0,
    "totalRecorded" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "updatedAt" DATETIME NOT NULL
);

