-- AlterTable
ALTER TABLE "RollupState" DROP CONSTRAINT "RollupState_pkey",
ADD COLUMN     "id" TEXT NOT NULL,
ADD CONSTRAINT "RollupState_pkey" PRIMARY KEY ("id");

-- CreateIndex
CREATE UNIQUE INDEX "RollupState_shopId_key" ON "RollupState"("shopId");

