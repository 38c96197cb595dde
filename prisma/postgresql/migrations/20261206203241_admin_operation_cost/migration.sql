-- CreateTable
CREATE TABLE "AdminOperationCost" (
    "shopId" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "requestedCost" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AdminOperationCost_pkey" PRIMARY KEY ("shopId","operation")
);

