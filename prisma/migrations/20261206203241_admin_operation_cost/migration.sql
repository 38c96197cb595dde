-- CreateTable
CREATE TABLE "AdminOperationCost" (
    "shopId" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "requestedCost" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "operation")
);

