// Jobs behind the compliance webhooks: each reads the recorded delivery and does its work in
// one transaction, so a retry after a crash starts from a consistent state.
import { z } from "zod";
import type { DbClient } from "../db.server";
import { defineJob, PermanentJobError } from "../jobs/define-job";
import { exportCustomerData, parseCustomerPayload, redactCustomer, redactShop } from "./compliance.server";

const payload = z.object({ webhookEventId: z.string().min(1) });

async function loadDelivery(db: DbClient, id: string) {
  const event = await db.webhookEvent.findUnique({ where: { id } });
  if (!event) throw new PermanentJobError(`webhook event ${id} no longer exists`);
  return event;
}

export const customersDataRequestJob = defineJob({
  name: "compliance.customers-data-request",
  payload,
  handler: async ({ webhookEventId }, { db }) => {
    await db.$transaction(async (tx) => {
      const event = await loadDelivery(tx, webhookEventId);
      await exportCustomerData(tx, event.shopId, parseCustomerPayload(event.payload));
    });
  },
});

export const customersRedactJob = defineJob({
  name: "compliance.customers-redact",
  payload,
  handler: async ({ webhookEventId }, { db }) => {
    await db.$transaction(async (tx) => {
      const event = await loadDelivery(tx, webhookEventId);
      if (event.payload.includes('"redacted":true')) return; // done by an earlier attempt
      await redactCustomer(tx, event.shopId, parseCustomerPayload(event.payload));
    });
  },
});

export const shopRedactJob = defineJob({
  name: "compliance.shop-redact",
  payload: payload.extend({ shop: z.string().min(1) }),
  handler: async ({ shop }, { db }) => {
    await db.$transaction(async (tx) => redactShop(tx, shop));
  },
});
