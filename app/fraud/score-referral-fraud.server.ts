// Scores a referral at qualification: gathers the facts (order payload from the inbox, the
// advocate's own orders, this advocate's other friends, recent referrals), runs the rules,
// stores Referral.fraudScore/fraudSignals and turns the pipeline's qualification into a hold
// or a rejection when the shop's settings say so.
import type { DbClient } from "../db.server";
import { parseJsonKeepingBigIds } from "../lib/json-ids";
import { hashIp, hashKey } from "../lib/ip-hash.server";
import type { FraudFacts, OrderFingerprints } from "./fraud-facts";
import { effectiveRules } from "./fraud-settings";
import { loadFraudSettings } from "./fraud-settings.server";
import { fingerprintHasher, orderFingerprints } from "./order-fingerprints";
import { scoreFraud, type FraudScore } from "./score-fraud";
import { velocityRule } from "./rules/velocity";
import { setting } from "../env.server";

const ORDER_TOPICS = ["orders/create", "orders/paid", "orders/updated", "ORDERS_CREATE", "ORDERS_PAID", "ORDERS_UPDATED"];

interface ReferralForScoring {
  id: string;
  advocateId: string;
  orderGid: string | null;
  friendEmail: string | null;
  friendCustomerGid: string | null;
  orderSubtotalMinor: bigint | null;
  orderCurrency: string | null;
  orderedAt: Date | null;
  claimedAt: Date | null;
  ipHash: string | null;
  fraudSignals: unknown;
  advocate: { customerGid: string | null; email: string | null };
}

/** The pipeline's qualification, as `qualifyReferral` returns it. */
type PipelineQualification =
  | { outcome: "qualified"; reviewReason: null }
  | { outcome: "review"; reviewReason: string }
  | { outcome: "rejected"; reason: string; detail: string };

export type FraudQualification = PipelineQualification | { outcome: "review"; reviewReason: "fraud_review" } | { outcome: "rejected"; reason: "fraud"; detail: string };

function storedFingerprints(json: unknown): OrderFingerprints | null {
  const fp = (json as { fraud?: { fingerprints?: OrderFingerprints } } | null)?.fraud?.fingerprints;
  return fp ?? null;
}

async function orderPayload(db: DbClient, shop: string, gid: string): Promise<unknown> {
  const event =
    (await db.webhookEvent.findFirst({ where: { shopId: shop, subjectGid: gid, topic: { in: ORDER_TOPICS } }, orderBy: { receivedAt: "desc" } })) ??
    // Deliveries recorded before the subject column existed (it is null on them alone): read by text.
    (await db.webhookEvent.findFirst({ where: { shopId: shop, subjectGid: null, topic: { in: ORDER_TOPICS }, payload: { contains: `"${gid}"` } }, orderBy: { receivedAt: "desc" } }));
  if (!event) return null;
  try {
    return parseJsonKeepingBigIds(event.payload);
  } catch {
    return null;
  }
}

export async function gatherFraudFacts(db: DbClient, shop: string, referral: ReferralForScoring, now: Date, velocityWindowHours = velocityRule.defaultConfig.windowHours): Promise<FraudFacts> {
  // Read directly: workers run without the web app's full env (the storefront's env() reads the same variable).
  const salt = setting("IP_HASH_SALT");
  const hash = fingerprintHasher(hashKey(salt), shop);
  const ipHasher = (ip: string | null) => hashIp(ip, salt, shop);
  const payload = referral.orderGid ? await orderPayload(db, shop, referral.orderGid) : null;
  const fingerprints = orderFingerprints(payload, hash, ipHasher);
  const orderedAt = referral.orderedAt ?? now;
  const since = new Date(orderedAt.getTime() - velocityWindowHours * 3_600_000);

  const advocateGid = referral.advocate.customerGid;
  const [ownOrderEvents, others, sameIp, recentOrders, recent, click] = await Promise.all([
    advocateGid
      ? db.webhookEvent.findMany({
          where: { shopId: shop, customerGid: advocateGid, topic: { in: ORDER_TOPICS }, NOT: { subjectGid: referral.orderGid ?? "" } },
          orderBy: { receivedAt: "desc" },
          take: 10,
          select: { payload: true },
        })
      : Promise.resolve([]),
    db.referral.findMany({
      where: { shopId: shop, advocateId: referral.advocateId, id: { not: referral.id } },
      orderBy: { createdAt: "desc" },
      take: 200,
      select: { ipHash: true, fraudSignals: true, friendEmail: true, friendCustomerGid: true },
    }),
    fingerprints.ipHash
      ? db.referral.count({ where: { shopId: shop, id: { not: referral.id }, ipHash: fingerprints.ipHash, createdAt: { gte: since } } })
      : Promise.resolve(0),
    fingerprints.shippingAddress || fingerprints.billingAddress
      ? db.referral.findMany({ where: { shopId: shop, id: { not: referral.id }, orderedAt: { gte: since, lte: orderedAt } }, take: 1000, select: { fraudSignals: true } })
      : Promise.resolve([]),
    db.referral.findMany({
      where: { shopId: shop, id: { not: referral.id }, orderSubtotalMinor: { not: null }, orderCurrency: referral.orderCurrency ?? undefined },
      orderBy: { orderedAt: "desc" },
      take: 200,
      select: { orderSubtotalMinor: true },
    }),
    db.referralClick.findFirst({
      where: { shopId: shop, advocateId: referral.advocateId, createdAt: { lte: orderedAt }, ...(fingerprints.ipHash ? { ipHash: fingerprints.ipHash } : {}) },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    }),
  ]);

  const ownOrders = ownOrderEvents.map((e) => {
    try {
      return orderFingerprints(parseJsonKeepingBigIds(e.payload), hash, ipHasher);
    } catch {
      return null;
    }
  });
  const buyer = referral.friendEmail?.trim().toLowerCase();
  const otherFriends = others.filter((o) => !(buyer && o.friendEmail?.trim().toLowerCase() === buyer) && !(referral.friendCustomerGid && o.friendCustomerGid === referral.friendCustomerGid));
  const addresses = [fingerprints.shippingAddress, fingerprints.billingAddress].filter(Boolean);
  const recentSameAddress = recentOrders.filter((r) => {
    const fp = storedFingerprints(r.fraudSignals);
    return fp && addresses.some((a) => a === fp.shippingAddress || a === fp.billingAddress);
  }).length;
  const clickTimes = [click?.createdAt, referral.claimedAt].filter((d): d is Date => Boolean(d) && d!.getTime() <= orderedAt.getTime());

  return {
    order: { customerGid: referral.friendCustomerGid, email: referral.friendEmail, subtotalMinor: referral.orderSubtotalMinor, createdAt: orderedAt, fingerprints },
    advocate: { customerGid: advocateGid, email: referral.advocate.email, ownOrders: ownOrders.filter((o): o is OrderFingerprints => o !== null) },
    otherReferralsOfAdvocate: otherFriends.map((o) => ({ ...(storedFingerprints(o.fraudSignals) ?? { shippingAddress: null, billingAddress: null, payment: null }), ipHash: storedFingerprints(o.fraudSignals)?.ipHash ?? o.ipHash })),
    lastClickAt: clickTimes.length ? new Date(Math.max(...clickTimes.map((d) => d.getTime()))) : null,
    recentSameIp: sameIp,
    recentSameAddress,
    recentSubtotalsMinor: recent.map((r) => r.orderSubtotalMinor!).filter((v) => v != null),
  };
}

/**
 * Scores the referral, stores the score and signals, and returns the qualification the
 * pipeline should act on. Other rejections (program paused, limits, …) stand as they are;
 * a self-referral the pipeline rejected is held instead when the shop set that rule to "hold".
 */
export async function applyFraudScore<Q extends PipelineQualification>(
  db: DbClient,
  shop: string,
  referral: ReferralForScoring,
  q: Q,
  now: Date = new Date(),
): Promise<Q | FraudQualification> {
  if (q.outcome === "rejected" && q.reason !== "self_referral") return q;
  const settings = await loadFraudSettings(db, shop);
  // The velocity window is the merchant's, as the rule reports it in its signal.
  const windowHours = Number(effectiveRules(settings).find((r) => r.id === velocityRule.id)?.config.windowHours) || undefined;
  const facts = await gatherFraudFacts(db, shop, referral, now, windowHours);
  const result: FraudScore = scoreFraud(facts, settings);
  // The pipeline rejects a buyer who is the advocate (customer or email, ADR 0005); that stands
  // unless the merchant set the self-referral rule to "hold" for review.
  let decision = result.decision;
  if (q.outcome === "rejected") decision = effectiveRules(settings).find((r) => r.id === "self_referral")?.action === "hold" ? "hold" : "reject";

  const previous = (referral.fraudSignals ?? {}) as Record<string, unknown>;
  const rejectionReason = decision === "reject" ? (q.outcome === "rejected" ? q.reason : "fraud") : decision === "hold" ? "fraud_review" : null;
  await db.referral.updateMany({
    where: { id: referral.id, shopId: shop },
    data: {
      fraudScore: result.score,
      fraudSignals: JSON.parse(JSON.stringify({ ...previous, fraud: { decision, threshold: settings.threshold, signals: result.signals, fingerprints: facts.order.fingerprints } })),
      ipHash: referral.ipHash ?? facts.order.fingerprints.ipHash,
      ...(rejectionReason ? { rejectionReason } : {}),
    },
  });

  if (decision === "reject") {
    if (q.outcome === "rejected") return q;
    return { outcome: "rejected", reason: "fraud", detail: `Fraud score ${result.score}: ${result.signals.map((s) => s.words).join(" ")}` };
  }
  if (decision === "hold") return q.outcome === "review" ? q : { outcome: "review", reviewReason: "fraud_review" };
  return q;
}
