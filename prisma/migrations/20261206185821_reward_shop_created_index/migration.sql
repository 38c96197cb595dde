-- CreateIndex
CREATE INDEX "Reward_shopId_createdAt_idx" ON "Reward"("shopId", "createdAt");

