-- AlterTable
ALTER TABLE "DailyStat" ADD COLUMN     "claimedClicks" INTEGER NOT NULL DEFAULT 0;


-- Rows rolled up before this column existed hold 0: move every shop's watermark back so the
-- next rollup run recomputes each day it has data for (the stored top advocates stay usable).
UPDATE "RollupState" SET "watermark" = TIMESTAMP '1970-01-01 00:00:00';
