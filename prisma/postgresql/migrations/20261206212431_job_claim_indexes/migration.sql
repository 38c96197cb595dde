-- CreateIndex
CREATE INDEX "Job_status_shopId_runAt_idx" ON "Job"("status", "shopId", "runAt");

-- CreateIndex
CREATE INDEX "Job_status_priority_runAt_idx" ON "Job"("status", "priority", "runAt");

