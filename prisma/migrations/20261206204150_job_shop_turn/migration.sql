-- CreateTable
CREATE TABLE "JobShopTurn" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "servedAt" DATETIME NOT NULL
);

