// Staff attribute a paid order to an advocate by hand ("my friend used my link and I got
// nothing"): the order is looked up through the Admin API by number or id, checked (paid, not
// cancelled, not attributed yet, a program in force when it was placed), then handed to the
// pipeline's own attribution-by-hand (referrals/attribute-by-hand.job.server.ts), which
// qualifies it like a webhook would and records who did it and why.
import type { Db } from "../db.server";
import { programVersionAt } from "../program/program.server";
import { attributeOrderByHand } from "../referrals/attribute-by-hand.job.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { ShopifyApiError } from "../shopify/errors";
import { findOrderForAttribution, parseOrderReference } from "../shopify/order-lookup.server";
import type { ReviewActor } from "./review-referral.server";
import { Refusal } from "../lib/refusal";

export class AttributionError extends Refusal {}

/** Shopify's financial statuses of an order that was paid and not refunded in full. */
const PAID = ["PAID", "PARTIALLY_REFUNDED"];

export interface AttributionDone {
  referralId: string;
  orderName: string;
  /** False when this advocate already had the order (a replayed form): nothing changed. */
  changed: boolean;
}

export async function attributeOrderToAdvocate(db: Db, admin: AdminGraphql, shop: string, advocateId: string, orderInput: string, by: ReviewActor): Promise<AttributionDone> {
  // Another shop's advocate is not found under this shop.
  const advocate = await db.advocate.findFirst({ where: { id: advocateId, shopId: shop }, select: { id: true, status: true } });
  if (!advocate) throw new AttributionError("Advocate not found", 404);
  if (advocate.status !== "active") throw new AttributionError(`This advocate is ${advocate.status}: orders cannot be attributed to them.`, 409);
  const ref = parseOrderReference(orderInput);
  if (!ref) throw new AttributionError("Enter an order number (like #1001) or an order id.", 422);
  let order;
  try {
    order = await findOrderForAttribution(admin, ref);
  } catch (error) {
    if (error instanceof ShopifyApiError && !error.retryable) throw new AttributionError(`Shopify refused the look-up (${error.kind}).`, 409);
    throw error;
  }
  const label = "name" in ref ? ref.name : orderInput.trim();
  if (!order) throw new AttributionError(`Shopify has no order ${label} in this store.`, 404);
  if (order.cancelled) throw new AttributionError(`Order ${order.name} is cancelled: there is nothing to reward.`, 409);
  if (!order.financialStatus || !PAID.includes(order.financialStatus)) {
    throw new AttributionError(`Order ${order.name} is not paid (${(order.financialStatus ?? "unknown").toLowerCase().replace(/_/g, " ")}): only a paid order can be attributed.`, 409);
  }
  const version = await programVersionAt(db, shop, order.createdAt);
  if (!version) throw new AttributionError(`Order ${order.name} was placed before the referral program existed.`, 409);
  const outcome = await attributeOrderByHand(db, shop, { advocateId, programVersionId: version.id, order, actor: by.actor, reason: by.reason });
  if (outcome.kind === "attributed") return { referralId: outcome.referralId, orderName: order.name, changed: true };
  if (outcome.advocateId === advocateId) return { referralId: outcome.referralId, orderName: order.name, changed: false };
  const other = await db.advocate.findUnique({ where: { id: outcome.advocateId }, select: { code: true } });
  throw new AttributionError(`Order ${order.name} is already attributed to advocate ${other?.code ?? outcome.advocateId}.`, 409);
}
