// Jobs behind the compliance webhooks: each reads the recorded delivery and does its work in
// one transaction, so a retry after a crash starts from a consistent state.
import { z } from "zod";
import type { DbClient } from "../db.server";
import { defineJob, PermanentJobError, RetryJobLaterError } from "../jobs/define-job";
import { jobNow } from "../lib/clock.server";
import { requestSocialProofSync } from "../analytics/social-proof.server";
import { parseCustomerPayload, redactCustomer, redactShop } from "./compliance.server";
import { exportCustomerData } from "./privacy-requests.server";
import { DEFAULT_RETENTION_DAYS, pruneOldData } from "./retention.server";
import { recordAudit } from "../lib/audit-log.server";

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
    const now = await jobNow();
    await db.$transaction(async (tx) => {
      const event = await loadDelivery(tx, webhookEventId);
      // A customers/redact handled first blanked this payload too: the customer's data is gone,
      // so there is nothing left to export and the request is done (not a retry of a ZodError).
      if (isRedactedPayload(event.payload)) return;
      await exportCustomerData(tx, { shop: event.shopId, webhookEventId: event.id, receivedAt: event.receivedAt, payload: parseCustomerPayload(event.payload), now });
    });
  },
});

export const customersRedactJob = defineJob({
  name: "compliance.customers-redact",
  payload,
  handler: async ({ webhookEventId }, { db }) => {
    await db.$transaction(async (tx) => {
      const event = await loadDelivery(tx, webhookEventId);
      if (isRedactedPayload(event.payload)) return; // done by an earlier attempt
      const { rows } = await redactCustomer(tx, event.shopId, parseCustomerPayload(event.payload));
      // A redacted advocate's first name may stand on the storefront's leaderboard: write it again without them.
      if (rows > 0) await requestSocialProofSync(tx, event.shopId, `redact:${webhookEventId}`);
    });
  },
});

/** Shopify sends shop/redact 48 hours after the uninstall; never erase sooner. */
export const SHOP_REDACT_AFTER_MS = 48 * 3_600_000;

export const shopRedactJob = defineJob({
  name: "compliance.shop-redact",
  payload: payload.extend({ shop: z.string().min(1) }),
  handler: async ({ shop, webhookEventId }, { db }) => {
    const now = await jobNow();
    await db.$transaction(async (tx) => {
      // Only a shop that is still uninstalled, 48 h after its uninstall, is erased. A shop that
      // reinstalled in the meantime keeps everything: the request is recorded and ignored.
      const row = await tx.shop.findUnique({ where: { id: shop }, select: { uninstalledAt: true } });
      if (row && !row.uninstalledAt) {
        await recordAudit(tx, { shop, actor: "webhook:shop/redact", action: "shop.redact_ignored", subject: "Shop", subjectId: shop, data: { webhookEventId, reason: "reinstalled" } });
        return;
      }
      // Uninstalled, but less than 48 h ago (our uninstall time can trail Shopify's by a few
      // seconds): wait for the mark, and look again then, since the merchant may reinstall.
      const wait = row?.uninstalledAt ? row.uninstalledAt.getTime() + SHOP_REDACT_AFTER_MS - now.getTime() : 0;
      if (wait > 0) throw new RetryJobLaterError("shop/redact waits until 48 hours after the uninstall", wait, { countsAsAttempt: false });
      await redactShop(tx, shop);
    });
  },
});

function isRedactedPayload(payload: string): boolean {
  return payload.includes('"redacted":true');
}

/** Hourly: webhook bodies and finished job payloads past the retention period, expired privacy exports. */
export const pruneOldDataJob = defineJob({
  name: "compliance.prune-old-data",
  payload: z.object({ keepDays: z.number().int().positive().default(DEFAULT_RETENTION_DAYS) }),
  handler: async ({ keepDays }, { db }) => {
    await pruneOldData(db, await jobNow(), keepDays);
  },
});
