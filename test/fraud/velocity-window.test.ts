// The velocity rule counts referrals from the same IP within the merchant's window, not the
// rule's default 24 hours: the same six earlier referrals (30 hours before the order) are
// "recent" with a 48-hour window and not with the default, and the stored signal names the
// window that was used.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyFraudScore } from "../../app/fraud/score-referral-fraud.server";
import { saveFraudSettings } from "../../app/fraud/fraud-settings.server";
import { hashIp } from "../../app/lib/ip-hash.server";
import { stringifyJsonLossless } from "../../sandbox/storefront/json";
import { orderPayload, randomShopifyId } from "../../sandbox/storefront/payloads";
import { createTestDb, type TestDb } from "../helpers/db";
import { activateProgram } from "../pipeline/pipeline-fixtures";

const SHOP = "velocity.myshopify.com";
const IP = "203.0.113.7";
const HOUR = 3_600_000;
let db: TestDb;
let advocateId: string;
let versionId: string;
const orderedAt = new Date();

beforeAll(async () => {
  db = await createTestDb();
  await db.prisma.shop.create({ data: { id: SHOP, currencyCode: "USD" } });
  versionId = await activateProgram(db.prisma, SHOP);
  advocateId = (await db.prisma.advocate.create({ data: { shopId: SHOP, code: "VEL1", email: "advocate@example.com" } })).id;
  // Six referrals from the same IP, 30 hours before the order: over the rule's limit of 5.
  const ipHash = hashIp(IP, process.env.IP_HASH_SALT || undefined, SHOP);
  for (let i = 0; i < 6; i++) {
    await db.prisma.referral.create({
      data: { shopId: SHOP, advocateId, programVersionId: versionId, friendEmail: `earlier${i}@example.com`, ipHash, createdAt: new Date(orderedAt.getTime() - 30 * HOUR) },
    });
  }
});
afterAll(async () => db?.drop());

async function scoreOrderFromSameIp() {
  const id = randomShopifyId();
  const orderGid = `gid://shopify/Order/${id}`;
  const payload = orderPayload({ id, customer: { id: randomShopifyId(), email: `friend-${id}@example.com` }, browserIp: IP, createdAt: orderedAt.toISOString() });
  await db.prisma.webhookEvent.create({ data: { shopId: SHOP, webhookId: `wh-${id}`, topic: "orders/paid", subjectGid: orderGid, payload: stringifyJsonLossless(payload) } });
  const referral = await db.prisma.referral.create({
    data: { shopId: SHOP, advocateId, programVersionId: versionId, friendEmail: `friend-${id}@example.com`, orderGid, orderedAt, orderSubtotalMinor: 5000n, orderCurrency: "USD", status: "ordered" },
    include: { advocate: true },
  });
  await applyFraudScore(db.prisma, SHOP, referral, { outcome: "qualified", reviewReason: null }, orderedAt);
  const stored = await db.prisma.referral.findUniqueOrThrow({ where: { id: referral.id } });
  const signals = (stored.fraudSignals as { fraud: { signals: { rule: string; detail: { sameIp: number; windowHours: number } }[] } }).fraud.signals;
  return signals.find((s) => s.rule === "velocity") ?? null;
}

describe(`velocity window (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  it("with the default 24-hour window, referrals 30 hours old are not counted", async () => {
    expect(await scoreOrderFromSameIp()).toBeNull();
  });

  it("with the merchant's 48-hour window they are, and the signal names that window", async () => {
    await saveFraudSettings(db.prisma, SHOP, { threshold: 60, thresholdAction: "hold", rules: { velocity: { enabled: true, action: "score", config: { windowHours: 48 } } } }, "staff:1");
    const signal = await scoreOrderFromSameIp();
    expect(signal?.detail).toMatchObject({ windowHours: 48 });
    // The six earlier referrals and the first scored order (same IP, 30 hours and 0 hours old).
    expect(signal!.detail.sameIp).toBe(7);
  });

  it("a 1-hour window counts only what came in the last hour", async () => {
    await saveFraudSettings(db.prisma, SHOP, { threshold: 60, thresholdAction: "hold", rules: { velocity: { enabled: true, action: "score", config: { windowHours: 1, maxPerIp: 1 } } } }, "staff:1");
    // Three more from the same IP 3 hours ago: inside 24 and 48 hours, outside the hour.
    const ipHash = hashIp(IP, process.env.IP_HASH_SALT || undefined, SHOP);
    for (let i = 0; i < 3; i++) {
      await db.prisma.referral.create({
        data: { shopId: SHOP, advocateId, programVersionId: versionId, friendEmail: `hours-ago${i}@example.com`, ipHash, createdAt: new Date(orderedAt.getTime() - 3 * HOUR) },
      });
    }
    const signal = await scoreOrderFromSameIp();
    // Only the two orders scored above are within the hour, not the three or the six before.
    expect(signal?.detail).toMatchObject({ windowHours: 1, sameIp: 2 });
  });
});
