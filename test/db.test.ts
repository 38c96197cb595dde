import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "./helpers/db";

describe(`data layer (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => db?.drop());

  it("refuses a second webhook event with the same shop and webhook id", async () => {
    const event = { shopId: "a.myshopify.com", webhookId: "w-1", topic: "orders/paid", payload: "{}" };
    await db.prisma.webhookEvent.create({ data: event });
    await expect(db.prisma.webhookEvent.create({ data: event })).rejects.toMatchObject({ code: "P2002" });
    await db.prisma.webhookEvent.create({ data: { ...event, shopId: "b.myshopify.com" } });
    expect(await db.prisma.webhookEvent.count()).toBe(2);
  });

  it("stores money as exact integer minor units beyond 2^53", async () => {
    await db.prisma.shop.create({ data: { id: "a.myshopify.com", currencyCode: "USD" } });
    const program = await db.prisma.program.create({ data: { shopId: "a.myshopify.com" } });
    const version = await db.prisma.programVersion.create({
      data: { shopId: "a.myshopify.com", programId: program.id, version: 1, config: { friend: { percent: 15 } } },
    });
    const advocate = await db.prisma.advocate.create({ data: { shopId: "a.myshopify.com", code: "ANNA10" } });
    const referral = await db.prisma.referral.create({
      data: { shopId: "a.myshopify.com", advocateId: advocate.id, programVersionId: version.id },
    });
    const big = 9_007_199_254_740_993n;
    const reward = await db.prisma.reward.create({
      data: {
        shopId: "a.myshopify.com",
        referralId: referral.id,
        idempotencyKey: `reward:${referral.id}:advocate:store_credit`,
        recipient: "advocate",
        kind: "store_credit",
        amountMinor: big,
        currency: "USD",
      },
    });
    const read = await db.prisma.reward.findUniqueOrThrow({ where: { id: reward.id } });
    expect(read.amountMinor).toBe(big);
    await expect(
      db.prisma.reward.create({
        data: { ...reward, id: undefined, recipient: "friend", kind: "discount_code" },
      }),
    ).rejects.toMatchObject({ code: "P2002" });
    expect(await db.prisma.programVersion.findUniqueOrThrow({ where: { id: version.id } })).toMatchObject({
      config: { friend: { percent: 15 } },
    });
  });
});
