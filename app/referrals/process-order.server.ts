// The order pipeline: every order/refund webhook for an order leads here, and the outcome only
// depends on *all* deliveries recorded for that order in the inbox, never on which one came
// first. So a refund before its paid order, duplicates and concurrent workers converge on the
// same ledger: attribute → referral → (paid) qualify + rewards → refunds/cancel adjust rewards.
import { withSqliteBusyRetry, type Db, type DbClient, isUniqueViolation } from "../db.server";
import { enqueueIssue } from "../rewards/issue-reward.job.server";
import { CLAIM_CODE_REWARD } from "../rewards/claim-code.server";
import { adjustRewardsForRefunds } from "../rewards/refund-adjustment.server";
import { currentProgramVersion } from "../program/program.server";
import { readProgramConfig } from "../program/program-config";
import { createReward } from "../rewards/reward-ledger.server";
import { activeRefundHold } from "../rewards/refund-hold";
import { enqueueFlowTrigger } from "../flow/send-flow-trigger.job.server";
import { referralStatusesLeadingTo, transitionReferral, type ReferralStatus } from "./referral-status";
import { REFERRAL_REWARD_KINDS } from "../program/reward-kinds";
import { planRewards } from "../rewards/reward-amounts";
import { attributeOrder, attributionKeys, normalizeCode, unverifiedEmailClaims, type Attribution } from "./attribute-order";
import { normalizeEmail } from "../lib/normalize-email";
import { parseOrderWebhook, parseRefundWebhook, refundInShopMoney, type OrderFacts } from "./order-payload";
import { qualifyReferral } from "./qualify-referral";
import { recordPaidOrder } from "../analytics/record-paid-order.server";
import { noteOrderCurrency } from "../shops/presentment-currencies.server";
// Fraud scoring (issue 6, app/fraud): one call where a referral qualifies.
import { applyFraudScore } from "../fraud/score-referral-fraud.server";
import { adminClientForShop } from "../shopify/admin-client.server";
import { customerOrdersBefore } from "../shopify/customer-orders.server";
import { liveAdvocateByCode } from "../advocates/advocate-identity.server";
import { recordAudit } from "../lib/audit-log.server";

// The library reports topics as ORDERS_PAID; Shopify's header says orders/paid. Accept both.
const ORDER_TOPIC_NAMES = ["orders/create", "orders/paid", "orders/cancelled", "orders/updated"];
export const ORDER_TOPICS = [...ORDER_TOPIC_NAMES, ...ORDER_TOPIC_NAMES.map((t) => t.replace("/", "_").toUpperCase())];
const REFUND_TOPICS = ["refunds/create", "REFUNDS_CREATE"];

/** "ORDERS_PAID" → "orders/paid". */
export function normalizeTopic(topic: string): string {
  return topic.includes("/") ? topic.toLowerCase() : topic.toLowerCase().replace("_", "/");
}

export interface MergedOrder {
  facts: OrderFacts;
  paid: boolean;
  cancelled: boolean;
  /** Distinct refunds, in shop money. */
  refundedMinor: bigint;
}

/** The order id (numeric string) a recorded delivery is about. */
export function orderIdOfEvent(topic: string, payload: string): string {
  const name = normalizeTopic(topic);
  if (name === "refunds/create") return parseRefundWebhook(payload).orderId;
  return parseOrderWebhook(payload, name).orderId;
}

/** Merges every recorded delivery about one order. Null until an order payload has arrived. */
export async function loadMergedOrder(db: DbClient, shop: string, orderId: string): Promise<MergedOrder | null> {
  // Every order and refund delivery carries its order's gid in the indexed subjectGid column
  // (set when the delivery is recorded): one index lookup, no text search over payloads.
  const events = await db.webhookEvent.findMany({
    where: { shopId: shop, subjectGid: `gid://shopify/Order/${orderId}` },
    orderBy: { receivedAt: "asc" },
  });
  const orderEvents = events.filter((e) => ORDER_TOPICS.includes(e.topic));
  const refundEvents = events.filter((e) => REFUND_TOPICS.includes(e.topic));
  let merged: MergedOrder | null = null;
  for (const event of orderEvents) {
    let facts: OrderFacts;
    try {
      facts = parseOrderWebhook(event.payload, normalizeTopic(event.topic));
    } catch {
      continue;
    }
    if (facts.orderId !== orderId) continue;
    if (!merged) merged = { facts, paid: facts.paid, cancelled: facts.cancelled, refundedMinor: 0n };
    else {
      merged.paid ||= facts.paid;
      merged.cancelled ||= facts.cancelled;
      if (!merged.facts.subtotal && facts.subtotal) merged.facts = facts;
    }
  }
  if (!merged) return null;
  const seen = new Set<string>();
  for (const event of refundEvents) {
    let refund;
    try {
      refund = parseRefundWebhook(event.payload);
    } catch {
      continue;
    }
    if (refund.orderId !== orderId || seen.has(refund.refundId) || !refund.amount) continue;
    seen.add(refund.refundId);
    merged.refundedMinor += refundInShopMoney(refund.amount, merged.facts) ?? 0n;
  }
  return merged;
}

export type ProcessOutcome =
  | { kind: "waiting-for-order" }
  | { kind: "not-referred" }
  | { kind: "no-program" }
  | { kind: "referral"; referralId: string; status: string };

/** Brings the ledger in line with everything known about one order. Safe to repeat and to race. */
export async function syncOrder(db: Db, shop: string, orderId: string, now: Date = new Date()): Promise<ProcessOutcome> {
  const order = await loadMergedOrder(db, shop, orderId);
  if (!order) return { kind: "waiting-for-order" };
  // Every paid order counts towards the dashboard's "all orders" average, referred or not.
  await recordPaidOrder(db, shop, { ...order.facts, paid: order.paid, cancelled: order.cancelled }, now);
  // An order in a currency the shop's list lacks (enabled since the profile was read) widens it.
  const paidIn = order.facts.presentmentTotal?.currency;
  if (paidIn && paidIn !== order.facts.total?.currency) await noteOrderCurrency(db, shop, paidIn);
  const referral = await findOrCreateReferral(db, shop, order, now);
  if (!referral || referral.kind !== "referral") return referral ?? { kind: "not-referred" };
  await recordOrderAmounts(db, shop, referral.referralId, order);
  // Only an "ordered" referral can qualify (a repeat delivery skips the reload and the counts);
  // recordOrderAmounts may just have cancelled it, which qualifyAndReward's guard sees too.
  if (order.paid && !order.cancelled && referral.status === "ordered") await qualifyAndReward(db, shop, referral.referralId, now);
  const row = await adjustRewardsForRefunds(db, shop, referral.referralId, { orderCancelled: order.cancelled });
  return { kind: "referral", referralId: row.id, status: row.status };
}

async function findOrCreateReferral(db: Db, shop: string, order: MergedOrder, now: Date): Promise<ProcessOutcome | null> {
  const { facts } = order;
  const existing = await db.referral.findUnique({ where: { shopId_orderGid: { shopId: shop, orderGid: facts.orderGid } } });
  if (existing) return { kind: "referral", referralId: existing.id, status: existing.status };

  const keys = attributionKeys(facts);
  const [advocates, referrals] = await Promise.all([
    // A merged row's code still works: it counts for the row it was merged into.
    keys.codes.length ? db.advocate.findMany({ where: { shopId: shop, code: { in: keys.codes } } }).then((rows) => Promise.all(rows.map((a) => liveAdvocateByCode(db, a)))) : Promise.resolve([]),
    db.referral.findMany({
      where: {
        shopId: shop,
        OR: [...(keys.codes.length ? [{ friendCode: { in: keys.codes } }] : []), ...(facts.email ? [{ friendEmail: { in: emailSpellings(facts.email) }, orderGid: null }] : [])],
      },
      orderBy: { createdAt: "asc" },
      take: 500,
    }),
  ]);
  // Codes are stored as typed; match case-insensitively by also loading advocates of referrals.
  const advocateIds = new Set(referrals.map((r) => r.advocateId));
  const moreAdvocates = advocateIds.size ? await db.advocate.findMany({ where: { id: { in: [...advocateIds] } } }) : [];
  const emailWanted = normalizeEmail(facts.email);
  const index = {
    advocates: [...advocates, ...moreAdvocates],
    referrals: referrals
      .filter((r) => (r.friendCode && keys.codes.includes(normalizeCode(r.friendCode))) || normalizeEmail(r.friendEmail) === emailWanted)
      .map((r) => ({ ...r, emailVerified: r.friendEmailVerifiedAt != null })),
  };
  const attribution = attributeOrder(facts, index, facts.orderGid);
  // A claim matched by email only, never verified, is a signal on its timeline, not a payout.
  await recordUnverifiedEmailMatches(db, shop, facts, unverifiedEmailClaims(facts, index, attribution, facts.orderGid));
  if (!attribution) return { kind: "not-referred" };
  return attachOrderToReferral(db, shop, order, attribution, now);
}

async function recordUnverifiedEmailMatches(db: Db, shop: string, order: Pick<OrderFacts, "orderGid" | "name">, claims: { id: string }[]): Promise<void> {
  const { orderGid } = order;
  for (const claim of claims) {
    // The order as the merchant knows it (#1049); a payload without a name says "An order".
    const orderWords = order.name ? `Order ${order.name}` : "An order";
    // Once per claim and order, whatever the number of deliveries.
    const earlier = await db.auditLog.findMany({ where: { shopId: shop, action: "referral.unverified_email_match", subjectType: "Referral", subjectId: claim.id }, select: { data: true }, take: 50 });
    if (earlier.some((a) => (a.data as { orderGid?: string } | null)?.orderGid === orderGid)) continue;
    await recordAudit(db, {
      shop,
      actor: "system",
      action: "referral.unverified_email_match",
      subject: "Referral",
      subjectId: claim.id,
      data: {
        orderGid,
        reason: "not_attributed",
        detail: `${orderWords} was placed with the claimed email, but without this claim's code or link and the email was never verified, so it is not credited to this referral`,
      },
    });
  }
}

async function attachOrderToReferral(db: Db, shop: string, order: MergedOrder, attribution: Attribution, now: Date): Promise<ProcessOutcome> {
  const { facts } = order;
  const orderData = {
    orderGid: facts.orderGid,
    friendCustomerGid: facts.customerGid,
    orderCurrency: facts.subtotal?.currency ?? null,
    orderTotalMinor: facts.total?.minor ?? null,
    orderSubtotalMinor: facts.subtotal?.minor ?? null,
    orderedAt: facts.createdAt ?? now,
    fraudSignals: attribution.conflicts.length ? { attribution: { source: attribution.source, value: attribution.value, conflicts: attribution.conflicts } } : undefined,
  };
  if (attribution.referralId) {
    const attached = await withSqliteBusyRetry(db, () =>
      transitionReferral(db, { referralId: attribution.referralId!, shopId: shop, from: "claimed", to: "ordered", where: { orderGid: null }, data: orderData }),
    );
    if (attached) return { kind: "referral", referralId: attribution.referralId, status: "ordered" };
  }
  if (attribution.referralId) {
    // The claim was taken by another order meanwhile, or this order got a referral already.
    const again = await db.referral.findUnique({ where: { shopId_orderGid: { shopId: shop, orderGid: facts.orderGid } } });
    if (again) return { kind: "referral", referralId: again.id, status: again.status };
  }
  // A concurrent worker creating the same order's referral is caught by the unique key below.
  const program = await currentProgramVersion(db, shop);
  if (!program) return { kind: "no-program" };
  try {
    const created = await withSqliteBusyRetry(db, () =>
      db.referral.create({
        // A referral found by the order itself begins with the order.
        data: { ...orderData, status: "ordered" satisfies ReferralStatus, shopId: shop, advocateId: attribution.advocateId, programVersionId: program.id, friendEmail: facts.email, createdAt: orderData.orderedAt },
      }),
    );
    return { kind: "referral", referralId: created.id, status: created.status };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await db.referral.findUniqueOrThrow({ where: { shopId_orderGid: { shopId: shop, orderGid: facts.orderGid } } });
    return { kind: "referral", referralId: winner.id, status: winner.status };
  }
}

async function recordOrderAmounts(db: Db, shop: string, referralId: string, order: MergedOrder): Promise<void> {
  // Only ever grows: a sync that saw fewer refunds must not undo one that saw more.
  await withSqliteBusyRetry(db, () =>
    db.referral.updateMany({ where: { id: referralId, shopId: shop, refundedMinor: { lt: order.refundedMinor } }, data: { refundedMinor: order.refundedMinor } }),
  );
  if (order.cancelled) {
    await withSqliteBusyRetry(db, () =>
      transitionReferral(db, { referralId, shopId: shop, from: referralStatusesLeadingTo("cancelled"), to: "cancelled" }),
    );
  }
}

/** Claims store the email as typed; look up the usual spellings (the match itself is normalised). */
function emailSpellings(email: string): string[] {
  return [...new Set([email, email.trim(), email.trim().toLowerCase(), normalizeEmail(email) ?? email])];
}

function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/**
 * Qualifies an "ordered" referral (limits, new-customer rule, fraud score) and plans its rewards
 * in the ledger under the referral's own program version; a no-op for any other status.
 */
export async function qualifyAndReward(db: Db, shop: string, referralId: string, now: Date): Promise<void> {
  const referral = await db.referral.findUniqueOrThrow({ where: { id: referralId }, include: { advocate: true, programVersion: true } });
  if (referral.status !== "ordered") return;
  const config = readProgramConfig(referral.programVersion.config);
  const program = await db.program.findUnique({ where: { shopId: shop } });
  const subtotal = referral.orderSubtotalMinor;
  const buyerEmail = normalizeEmail(referral.friendEmail);
  const earlier = await db.referral.findMany({
    where: {
      shopId: shop,
      id: { not: referral.id },
      orderGid: { not: null },
      orderedAt: { lte: referral.orderedAt ?? now },
      OR: [...(referral.friendCustomerGid ? [{ friendCustomerGid: referral.friendCustomerGid }] : []), ...(referral.friendEmail ? [{ friendEmail: referral.friendEmail }] : [])],
    },
    select: { id: true, friendEmail: true, orderedAt: true },
  });
  const earlierCount = referral.friendCustomerGid || buyerEmail ? earlier.length : 0;
  const planned = subtotal != null && referral.orderCurrency === config.currency ? planRewards(config, subtotal) : [];
  const since = monthStart(now);
  const live = { notIn: ["cancelled", "failed"] };
  const [advocateRewardsThisMonth, spentInShopCurrency, spentConverted] = await Promise.all([
    db.reward.count({ where: { shopId: shop, recipient: "advocate", kind: { in: [...REFERRAL_REWARD_KINDS] }, status: live, createdAt: { gte: since }, referral: { advocateId: referral.advocateId } } }),
    // The budget is in the shop's currency: a credit converted to the advocate's shopping
    // currency counts by its shop-currency amount, recorded when it was converted. A claim's
    // instant code is given before any order and is not counted.
    db.reward.aggregate({ where: { shopId: shop, status: live, createdAt: { gte: since }, shopAmountMinor: null, NOT: CLAIM_CODE_REWARD }, _sum: { amountMinor: true } }),
    db.reward.aggregate({ where: { shopId: shop, status: live, createdAt: { gte: since }, shopAmountMinor: { not: null } }, _sum: { shopAmountMinor: true } }),
  ]);
  // "New customers only": the buyer's earlier orders as Shopify counts them (not only ours).
  let customerOrdersCount: number | null = null;
  if (config.advocateReward.firstOrderOnly && referral.friendCustomerGid && referral.orderGid) {
    const history = await customerOrdersBefore(await adminClientForShop(db, shop), referral.friendCustomerGid, referral.orderGid, referral.orderedAt ?? now);
    customerOrdersCount = history ? history.earlierOrders + 1 : null;
  }
  // Fraud scoring (app/fraud): stores fraudScore/fraudSignals; may hold or reject per the shop's settings.
  const q = await applyFraudScore(db, shop, referral, qualifyReferral({
    programStatus: program?.status ?? "paused",
    config,
    advocate: referral.advocate,
    order: {
      customerGid: referral.friendCustomerGid,
      email: referral.friendEmail,
      subtotal: subtotal != null && referral.orderCurrency ? { minor: subtotal, currency: referral.orderCurrency } : null,
      customerOrdersCount,
    },
    earlierReferralOrders: earlierCount,
    advocateRewardsThisMonth,
    spentThisMonthMinor: BigInt(spentInShopCurrency._sum.amountMinor ?? 0n) + BigInt(spentConverted._sum.shopAmountMinor ?? 0n),
    thisReferralCostMinor: planned.reduce((s, p) => s + p.costMinor, 0n),
  }), now);

  const toIssue: string[] = [];
  await withSqliteBusyRetry(db, () =>
    db.$transaction(async (tx) => {
      toIssue.length = 0;
      const nextStatus: ReferralStatus = q.outcome === "rejected" ? "rejected" : q.outcome === "review" ? "held" : "qualified";
      // The machine reason goes on the referral itself (staff filter and review by it); held
      // referrals say which limit sent them to review.
      const rejectionReason = q.outcome === "rejected" ? q.reason : q.outcome === "review" ? q.reviewReason : null;
      if (!(await transitionReferral(tx, { referralId: referral.id, shopId: shop, from: "ordered", to: nextStatus, data: { rejectionReason } }))) return; // another worker qualified it
      if (q.outcome === "rejected") {
        await recordAudit(tx, { shop, actor: "system", action: "referral.rejected", subject: "Referral", subjectId: referral.id, data: { reason: q.reason, detail: q.detail } });
        return;
      }
      // Shopify Flow hears of it once: queued with the move, which only one run makes.
      await enqueueFlowTrigger(
        tx,
        shop,
        q.outcome === "review" ? { trigger: "referralFlagged", referralId: referral.id, reviewReason: q.reviewReason } : { trigger: "referralQualified", referralId: referral.id, approvedByStaff: false },
        referral.id,
      );
      const refundHold = activeRefundHold(config.advocateReward.holdDays, referral.orderedAt ?? now, now);
      for (const plan of planned) {
        const review = q.outcome === "review";
        // The hold protects the advocate's reward against refunds; the friend's code is for the next order.
        const holdUntil = plan.recipient === "advocate" ? refundHold : null;
        const hold = holdUntil !== null;
        const id = await createReward(tx, {
          shopId: shop,
          referralId: referral.id,
          recipient: plan.recipient,
          kind: plan.kind,
          amountMinor: plan.amountMinor,
          currency: plan.currency,
          customerGid: plan.recipient === "advocate" ? referral.advocate.customerGid : referral.friendCustomerGid,
          held: review || hold,
          holdUntil: review ? null : holdUntil,
          reason: review ? `referral qualified; held for staff review (${q.reviewReason})` : `referral qualified (program v${referral.programVersion.version})`,
        });
        if (id && !review && !hold) toIssue.push(id);
      }
    }),
  );
  for (const id of toIssue) await enqueueIssue(db, shop, id);
}
