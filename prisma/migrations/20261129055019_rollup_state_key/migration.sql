-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RollupState" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "watermark" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_RollupState" ("shopId", "updatedAt", "watermark") SELECT "shopId", "updatedAt", "watermark" FROM "RollupState";
DROP TABLE "RollupState";
ALTER TABLE "new_RollupState" RENAME TO "RollupState";
CREATE UNIQUE INDEX "RollupState_shopId_key" ON "RollupState"("shopId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

