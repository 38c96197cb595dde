-- CreateTable
CREATE TABLE "AdminApiBudget" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "tat" REAL NOT NULL,
    "maximum" REAL NOT NULL,
    "restoreRate" REAL NOT NULL
);

