-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN "customerGid" TEXT;

-- CreateIndex
CREATE INDEX "WebhookEvent_shopId_customerGid_idx" ON "WebhookEvent"("shopId", "customerGid");


-- Backfill: the buyer of each order delivery already in the inbox (bodies that are not JSON,
-- or have no customer, stay NULL).
UPDATE "WebhookEvent" SET "customerGid" = json_extract("payload", '$.customer.admin_graphql_api_id')
WHERE "topic" IN ('orders/create', 'orders/paid', 'orders/updated', 'orders/cancelled', 'ORDERS_CREATE', 'ORDERS_PAID', 'ORDERS_UPDATED', 'ORDERS_CANCELLED')
  AND json_valid("payload")
  AND json_type("payload", '$.customer.admin_graphql_api_id') = 'text';
