-- CreateTable
CREATE TABLE "AdvocateBalance" (
    "advocateId" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "balances" TEXT NOT NULL DEFAULT '[]',
    "customerName" TEXT,
    "readAt" TIMESTAMP(3),
    "requestedAt" TIMESTAMP(3),
    "problem" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AdvocateBalance_pkey" PRIMARY KEY ("advocateId")
);

-- CreateIndex
CREATE INDEX "AdvocateBalance_shopId_idx" ON "AdvocateBalance"("shopId");

-- AddForeignKey
ALTER TABLE "AdvocateBalance" ADD CONSTRAINT "AdvocateBalance_advocateId_fkey" FOREIGN KEY ("advocateId") REFERENCES "Advocate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

