// A small shop whose dashboard numbers are computed by hand in dashboard.test.ts.
// Period under test: the 7 days 2026-11-14..20 (UTC); previous period: 2026-11-07..13.
import type { Db } from "../../app/db.server";

export const SHOP = "dash-test.myshopify.com";
export const OTHER_SHOP = "other.myshopify.com";
const at = (iso: string) => new Date(`2026-11-${iso}Z`);

export async function seedDashboardFixture(db: Db): Promise<void> {
  for (const id of [SHOP, OTHER_SHOP]) await db.shop.create({ data: { id, name: id, currencyCode: "EUR" } });
  const program = await db.program.create({ data: { shopId: SHOP, status: "active" } });
  const version = await db.programVersion.create({ data: { shopId: SHOP, programId: program.id, version: 1, config: {} } });
  const adv = async (code: string, shopId = SHOP) => (await db.advocate.create({ data: { shopId, code, email: `${code.toLowerCase()}@example.com` } })).id;
  const A = await adv("ANNA");
  const B = await adv("BEN");
  const C = await adv("CAL");
  const X = await adv("XENA", OTHER_SHOP);

  // [advocate, when, visitor's IP hash]: a click counts as claimed when its visitor claimed from
  // the same advocate later that UTC day (see ipHash on the referrals below).
  const clicks: [string, string, string | null][] = [
    // current: 5, of which 2 claimed (h1 by r1 and r2, counted once; h3's 00:00 click by r3, not its 23:59:59 one)
    [A, "15T09:00:00", "h1"], [A, "15T09:01:00", "h2"], [A, "15T09:02:00", null], [B, "20T23:59:59", "h3"], [B, "20T00:00:00", "h3"],
    // previous: 2, none claimed (h4 claimed before its click; h5 claimed from another advocate)
    [A, "10T12:00:00", "h4"], [A, "13T23:59:59", "h5"],
    [A, "06T12:00:00", null], // before both periods
  ];
  for (const [advocateId, when, ipHash] of clicks) await db.referralClick.create({ data: { shopId: SHOP, advocateId, createdAt: at(when), ipHash } });
  await db.referralClick.create({ data: { shopId: OTHER_SHOP, advocateId: X, createdAt: at("15T10:00:00") } });

  let n = 0;
  const ref = async (advocateId: string, created: string, ordered: string | null, status: string, total: bigint | null, shopId = SHOP, ipHash: string | null = null) =>
    (
      await db.referral.create({
        data: {
          shopId, advocateId, programVersionId: version.id, status, createdAt: at(created), orderedAt: ordered ? at(ordered) : null,
          orderTotalMinor: total, orderCurrency: total != null ? "EUR" : null, orderGid: ordered ? `gid://shopify/Order/${++n}` : null, ipHash,
        },
      })
    ).id;
  const r1 = await ref(A, "15T10:00:00", "16T08:00:00", "rewarded", 10000n, SHOP, "h1");
  const r2 = await ref(A, "15T11:00:00", "17T08:00:00", "held", 5000n, SHOP, "h1");
  await ref(B, "20T12:00:00", null, "claimed", null, SHOP, "h3");
  const r4 = await ref(B, "13T22:00:00", "14T01:00:00", "rewarded", 8000n, SHOP, "h5");
  const r5 = await ref(C, "16T09:00:00", "16T09:30:00", "rejected", 9999n);
  await ref(C, "10T09:00:00", "11T09:00:00", "cancelled", 7000n);
  const r7 = await ref(A, "08T09:00:00", "09T09:00:00", "rewarded", 4000n, SHOP, "h4");
  await ref(X, "15T09:00:00", "15T10:00:00", "rewarded", 123456n, OTHER_SHOP);

  const reward = (referralId: string, recipient: string, kind: string, status: string, amount: bigint, created: string, issued: string | null, reversed = 0n) =>
    db.reward.create({
      data: {
        shopId: SHOP, referralId, recipient, kind, status, amountMinor: amount, currency: "EUR", createdAt: at(created),
        issuedAt: issued ? at(issued) : null, reversedMinor: reversed, idempotencyKey: `${referralId}:${recipient}:${kind}`,
      },
    });
  await reward(r1, "advocate", "store_credit", "issued", 1000n, "16T08:00:00", "18T08:00:00");
  await reward(r2, "advocate", "store_credit", "held", 1000n, "17T08:00:00", null);
  await reward(r4, "advocate", "store_credit", "issued", 1000n, "14T01:00:00", "14T02:00:00", 400n);
  await reward(r7, "advocate", "store_credit", "issued", 500n, "09T09:00:00", "09T10:00:00");
  await reward(r1, "friend", "discount_code", "issued", 0n, "16T08:00:00", "16T08:00:00");
  await reward(r5, "advocate", "store_credit", "cancelled", 1000n, "16T09:30:00", null);
  await reward(r2, "friend", "discount_code", "pending", 250n, "17T08:00:00", null);

  // Every paid order the app received (orders/paid), referred or not, in shop money, with what
  // the program's friend codes took off it (PaidOrder.friendDiscountMinor, read from the order's
  // discount lines): the friend side of the reward cost.
  const paid = (created: string, total: bigint, cancelled = false, shopId = SHOP, friendDiscount = 0n) =>
    db.paidOrder.create({ data: { shopId, orderGid: `gid://shopify/Order/${++n}`, orderedAt: at(created), totalMinor: total, currency: "EUR", cancelled, friendDiscountMinor: friendDiscount } });
  // Current period: the referred r4, r1, r2, the rejected r5 (still a paid order of the shop) and two not referred.
  await paid("14T01:00:00", 8000n, false, SHOP, 495n); // r4: a free-shipping friend code, shipping line discounted 4.95
  await paid("16T08:00:00", 10000n, false, SHOP, 1111n); // r1: an instant 10% code on 111.11 of goods: 11.11 off
  await paid("17T08:00:00", 5000n, false, SHOP, 1000n); // r2: an instant fixed code, 10.00 off
  await paid("16T09:30:00", 9999n);
  await paid("15T12:00:00", 3000n, false, SHOP, 750n); // not referred: a friend's after-order code on their second order, 7.50 off
  await paid("20T23:59:59", 2001n);
  await paid("18T10:00:00", 6000n, true, SHOP, 999n); // cancelled: neither the order nor its discount counted
  await paid("21T00:00:00", 50000n, false, SHOP, 5000n); // the day after the period
  // Previous period: r7, the cancelled r6, two not referred; and one before both periods.
  await paid("09T09:00:00", 4000n, false, SHOP, 500n); // r7: an instant fixed code, 5.00 off
  await paid("11T09:00:00", 7000n, true);
  await paid("13T23:59:59", 1000n);
  await paid("07T00:00:00", 2000n);
  await paid("06T23:59:59", 99999n, false, SHOP, 1234n);
  await paid("15T10:00:00", 123456n, false, OTHER_SHOP, 5000n);
}
