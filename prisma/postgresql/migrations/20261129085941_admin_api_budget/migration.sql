-- CreateTable
CREATE TABLE "AdminApiBudget" (
    "shopId" TEXT NOT NULL,
    "tatMicros" BIGINT NOT NULL,
    "maximum" INTEGER NOT NULL,
    "restoreRate" INTEGER NOT NULL,

    CONSTRAINT "AdminApiBudget_pkey" PRIMARY KEY ("shopId")
);

