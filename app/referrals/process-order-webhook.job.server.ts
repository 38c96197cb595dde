// The order pipeline's job: one per recorded order or refund delivery. Reads what the inbox
// holds about the order and brings the ledger in line with it (syncOrder).
import { z } from "zod";
import { withSqliteBusyRetry } from "../db.server";
import { refreshAfterOrder } from "../analytics/live-snapshot.server";
import { defineJob, PermanentJobError } from "../jobs/define-job";
import { eventNow } from "../lib/clock.server";
import { orderIdOfEvent, syncOrder } from "./process-order.server";

export const processOrderWebhookJob = defineJob({
  name: "orders.process-webhook",
  payload: z.object({ webhookEventId: z.string().min(1) }),
  maxAttempts: 12,
  handler: async ({ webhookEventId }, { db }) => {
    const event = await db.webhookEvent.findUnique({ where: { id: webhookEventId } });
    if (!event) throw new PermanentJobError(`webhook event ${webhookEventId} not found`);
    let orderId: string;
    try {
      orderId = orderIdOfEvent(event.topic, event.payload);
    } catch (error) {
      throw new PermanentJobError(`${event.topic} payload is not an order/refund Twofold can read: ${(error as Error).message}`);
    }
    await syncOrder(db, event.shopId, orderId, await eventNow());
    await withSqliteBusyRetry(db, () => db.webhookEvent.updateMany({ where: { id: event.id, processedAt: null }, data: { processedAt: new Date() } }));
    // The dashboard counts the order within seconds (its live snapshot is recomputed).
    await refreshAfterOrder(db, event.shopId);
  },
});
