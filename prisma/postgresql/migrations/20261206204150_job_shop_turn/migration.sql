-- CreateTable
CREATE TABLE "JobShopTurn" (
    "shopId" TEXT NOT NULL,
    "servedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobShopTurn_pkey" PRIMARY KEY ("shopId")
);

