// Reconciliation's jobs: a recurring sweep queues one reconcile run per installed shop; each
// run reads that shop's changed orders from Shopify (paced on the shop's shared Admin budget)
// and records what the inbox never received (reconcile-orders.server.ts).
import { z } from "zod";
import { defineJob } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { eventNow } from "../lib/clock.server";
import { adminClientForShop, loadOfflineSession } from "../shopify/admin-client.server";
import { reconcileShopOrders } from "./reconcile-orders.server";

const DEFAULT_SETTLE_MS = 10 * 60_000;

export const reconcileShopOrdersJob = defineJob({
  name: "orders.reconcile",
  payload: z.object({
    shop: z.string().min(1),
    /** Changes younger than this are left for their webhooks (RECONCILE_SETTLE_MS). */
    settleMs: z.number().int().min(0).default(DEFAULT_SETTLE_MS),
    pageSize: z.number().int().min(1).max(250).optional(),
  }),
  maxAttempts: 8,
  handler: async ({ shop, settleMs, pageSize }, { db, signal }) => {
    // Uninstalled since it was queued: nothing to ask Shopify with.
    if (!(await loadOfflineSession(db, shop))) return;
    const client = await adminClientForShop(db, shop);
    await reconcileShopOrders(db, client, shop, { now: await eventNow(), settleMs, signal, pageSize });
  },
});

export const reconcileAllShopsJob = defineJob({
  name: "orders.reconcile-shops",
  payload: z.object({
    settleMs: z.number().int().min(0).default(DEFAULT_SETTLE_MS),
    everyMs: z.number().int().min(1).default(15 * 60_000),
    pageSize: z.number().int().min(1).max(250).optional(),
  }),
  handler: async ({ settleMs, everyMs, pageSize }, { db }) => {
    const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { id: true } });
    const slot = Math.floor(Date.now() / everyMs);
    // A shop whose last run has not started yet (it waits behind the shop's own backlog in the
    // fair queue) gets no second one: that run will read everything up to its own start.
    const waiting = new Set(
      (await db.job.findMany({ where: { name: reconcileShopOrdersJob.name, status: "queued", shopId: { in: shops.map((s) => s.id) } }, select: { shopId: true } })).map((j) => j.shopId),
    );
    for (const { id } of shops) {
      if (waiting.has(id)) continue;
      // One run per shop and slot, however many sweeps race.
      await enqueue(db, reconcileShopOrdersJob, { shop: id, settleMs, pageSize }, { shopId: id, uniqueKey: `orders.reconcile:${id}:${slot}` });
    }
  },
});
