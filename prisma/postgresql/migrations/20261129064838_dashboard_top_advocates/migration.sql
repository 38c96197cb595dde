-- AlterTable
ALTER TABLE "RollupState" ADD COLUMN     "topDay" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "TopAdvocateStat" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "periodDays" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,
    "advocateId" TEXT NOT NULL,
    "claims" INTEGER NOT NULL DEFAULT 0,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "revenueMinor" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "TopAdvocateStat_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TopAdvocateStat_shopId_periodDays_rank_key" ON "TopAdvocateStat"("shopId", "periodDays", "rank");

