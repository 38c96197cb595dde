-- CreateTable
CREATE TABLE "AdvocateBalance" (
    "advocateId" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "balances" TEXT NOT NULL DEFAULT '[]',
    "customerName" TEXT,
    "readAt" DATETIME,
    "requestedAt" DATETIME,
    "problem" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AdvocateBalance_advocateId_fkey" FOREIGN KEY ("advocateId") REFERENCES "Advocate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AdvocateBalance_shopId_idx" ON "AdvocateBalance"("shopId");

