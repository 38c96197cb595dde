// shop/update over real HTTP: the signed delivery is recorded and queues one job, which re-reads
// the shop through the Admin layer (the sandbox) and keeps the Shop row's customer-accounts
// version and currency current, both ways.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../helpers/stack";

describe(`shop/update keeps store-credit readiness current (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ shop: { customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS" } });
    process.env.SHOPIFY_SANDBOX_URL = stack.sandbox.url;
  });
  afterAll(async () => {
    delete process.env.SHOPIFY_SANDBOX_URL;
    await stack?.stop();
  });

  const setSandboxShop = async (fields: Record<string, unknown>) => {
    const res = await fetch(`${stack.sandbox.url}/__sandbox/shops`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ domain: stack.shop, accessToken: stack.accessToken, ...fields }),
    });
    expect(res.status).toBe(200);
  };
  const shopRow = () => stack.db.prisma.shop.findUniqueOrThrow({ where: { id: stack.shop }, select: { customerAccountsVersion: true, currencyCode: true } });
  const payload = () => ({ id: 1, myshopify_domain: stack.shop, currency: "USD" });

  it("reads NEW_CUSTOMER_ACCOUNTS, then CLASSIC and a new currency after the merchant changes them", async () => {
    const first = await stack.deliver({ topic: "shop/update", payload: payload() });
    expect(first.status).toBe(200);
    await stack.drainJobs();
    expect(await shopRow()).toEqual({ customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS", currencyCode: "USD" });

    await setSandboxShop({ customerAccountsVersion: "CLASSIC", currencyCode: "EUR" });
    expect((await stack.deliver({ topic: "shop/update", payload: payload() })).status).toBe(200);
    await stack.drainJobs();
    expect(await shopRow()).toEqual({ customerAccountsVersion: "CLASSIC", currencyCode: "EUR" });

    await setSandboxShop({ customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS" });
    expect((await stack.deliver({ topic: "shop/update", payload: payload() })).status).toBe(200);
    await stack.drainJobs();
    expect((await shopRow()).customerAccountsVersion).toBe("NEW_CUSTOMER_ACCOUNTS");
  });

  it("queues one refresh per delivery: a replay adds no job; a forged delivery writes nothing", async () => {
    const before = await stack.db.prisma.job.count({ where: { name: "shop.refresh-profile" } });
    const first = await stack.deliver({ topic: "shop/update", payload: payload() });
    const replay = await stack.deliver({ topic: "shop/update", payload: payload(), webhookId: first.webhookId });
    expect([first.status, replay.status]).toEqual([200, 200]);
    const forged = await stack.deliver({ topic: "shop/update", payload: payload(), forge: true });
    expect(forged.status).toBe(401);
    expect(await stack.db.prisma.job.count({ where: { name: "shop.refresh-profile" } })).toBe(before + 1);
    await stack.drainJobs();
    expect(await stack.db.prisma.job.count({ where: { name: "shop.refresh-profile", status: { not: "succeeded" } } })).toBe(0);
  });
});
