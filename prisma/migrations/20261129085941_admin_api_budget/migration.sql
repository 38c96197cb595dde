-- CreateTable
CREATE TABLE "AdminApiBudget" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "tatMicros" BIGINT NOT NULL,
    "maximum" INTEGER NOT NULL,
    "restoreRate" INTEGER NOT NULL
);

