-- CreateTable
CREATE TABLE "AdminApiBudget" (
    "shopId" TEXT NOT NULL,
    "tat" DOUBLE PRECISION NOT NULL,
    "maximum" DOUBLE PRECISION NOT NULL,
    "restoreRate" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "AdminApiBudget_pkey" PRIMARY KEY ("shopId")
);

