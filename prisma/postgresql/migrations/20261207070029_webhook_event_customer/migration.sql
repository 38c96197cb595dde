-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN     "customerGid" TEXT;

-- CreateIndex
CREATE INDEX "WebhookEvent_shopId_customerGid_idx" ON "WebhookEvent"("shopId", "customerGid");


-- Backfill: the buyer of each order delivery already in the inbox (bodies that are not JSON,
-- or have no customer, stay NULL: a body that does not parse is skipped, not an error).
DO $$
DECLARE
  event RECORD;
BEGIN
  FOR event IN
    SELECT "id", "payload" FROM "WebhookEvent"
    WHERE "topic" IN ('orders/create', 'orders/paid', 'orders/updated', 'orders/cancelled', 'ORDERS_CREATE', 'ORDERS_PAID', 'ORDERS_UPDATED', 'ORDERS_CANCELLED')
      AND "payload" LIKE '%gid://shopify/Customer/%'
  LOOP
    BEGIN
      UPDATE "WebhookEvent" SET "customerGid" = ("payload"::jsonb -> 'customer' ->> 'admin_graphql_api_id') WHERE "id" = event."id";
    EXCEPTION WHEN invalid_text_representation THEN
      NULL;
    END;
  END LOOP;
END $$;
