-- CreateTable
CREATE TABLE "AdvocateImport" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "segmentId" TEXT,
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "rowsLoaded" BOOLEAN NOT NULL DEFAULT false,
    "sendInvite" BOOLEAN NOT NULL DEFAULT false,
    "formKey" TEXT NOT NULL,
    "problem" TEXT,
    "status" TEXT NOT NULL DEFAULT 'running',
    "actor" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "AdvocateImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdvocateImportRow" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "importId" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "email" TEXT,
    "customerGid" TEXT,
    "name" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "reason" TEXT,
    "advocateId" TEXT,
    "verified" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "AdvocateImportRow_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AdvocateImport_shopId_createdAt_idx" ON "AdvocateImport"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AdvocateImport_shopId_formKey_key" ON "AdvocateImport"("shopId", "formKey");

-- CreateIndex
CREATE INDEX "AdvocateImportRow_shopId_importId_status_line_idx" ON "AdvocateImportRow"("shopId", "importId", "status", "line");

-- CreateIndex
CREATE INDEX "AdvocateImportRow_shopId_email_idx" ON "AdvocateImportRow"("shopId", "email");

-- CreateIndex
CREATE INDEX "AdvocateImportRow_shopId_customerGid_idx" ON "AdvocateImportRow"("shopId", "customerGid");

-- CreateIndex
CREATE UNIQUE INDEX "AdvocateImportRow_shopId_importId_line_key" ON "AdvocateImportRow"("shopId", "importId", "line");

-- AddForeignKey
ALTER TABLE "AdvocateImportRow" ADD CONSTRAINT "AdvocateImportRow_importId_fkey" FOREIGN KEY ("importId") REFERENCES "AdvocateImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

