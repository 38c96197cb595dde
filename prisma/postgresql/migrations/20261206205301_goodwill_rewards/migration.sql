-- AlterTable
ALTER TABLE "Reward" ADD COLUMN     "advocateId" TEXT,
ALTER COLUMN "referralId" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Reward_advocateId_idx" ON "Reward"("advocateId");

-- AddForeignKey
ALTER TABLE "Reward" ADD CONSTRAINT "Reward_advocateId_fkey" FOREIGN KEY ("advocateId") REFERENCES "Advocate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

