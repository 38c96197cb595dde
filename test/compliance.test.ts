// Shopify's privacy webhooks end to end: signed delivery → inbox → job → data removed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersDataRequestPayload, customersRedactPayload, shopRedactPayload } from "../sandbox/storefront/payloads";
import { recordInstall } from "../app/shops/record-install.server";
import { startStack, type Stack } from "./helpers/stack";

const BIG_CUSTOMER_ID = 9_007_199_254_740_993n; // above 2^53: must not be rounded
const GID = `gid://shopify/Customer/${BIG_CUSTOMER_ID}`;
const EMAIL = "ana.friend@example.com";

describe(`compliance webhooks (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    const db = stack.db.prisma;
    const program = await db.program.create({ data: { shopId: stack.shop } });
    const version = await db.programVersion.create({ data: { shopId: stack.shop, programId: program.id, version: 1, config: {} } });
    const advocate = await db.advocate.create({ data: { shopId: stack.shop, code: "ANA", customerGid: GID, email: EMAIL } });
    const other = await db.advocate.create({ data: { shopId: stack.shop, code: "BOB", customerGid: "gid://shopify/Customer/7", email: "bob@example.com" } });
    const referral = await db.referral.create({
      data: { shopId: stack.shop, advocateId: other.id, programVersionId: version.id, friendEmail: EMAIL, friendCustomerGid: GID },
    });
    await db.referral.create({ data: { shopId: stack.shop, advocateId: advocate.id, programVersionId: version.id, friendEmail: "carol@example.com" } });
    await db.reward.create({
      data: {
        shopId: stack.shop,
        referralId: referral.id,
        idempotencyKey: `r:${referral.id}:friend:discount_code`,
        recipient: "friend",
        kind: "discount_code",
        status: "issued",
        amountMinor: 1500n,
        currency: "USD",
        customerGid: GID,
      },
    });
  });
  afterAll(async () => stack?.stop());

  const customer = { id: BIG_CUSTOMER_ID, email: EMAIL, phone: "555-625-1199" };

  it("customers/data_request stores an export of what Twofold holds about the customer, listed as a privacy request", async () => {
    const res = await stack.deliver({ topic: "customers/data_request", payload: customersDataRequestPayload({ shop: stack.shop, customer }) });
    expect(res.status).toBe(200);
    await stack.drainJobs();
    const request = await stack.db.prisma.privacyRequest.findFirstOrThrow({ where: { shopId: stack.shop } });
    expect(request.customerGid).toBe(GID);
    expect(request.status).toBe("ready");
    // Shopify gives the merchant 30 days to answer; the export is deleted after that.
    expect(request.expiresAt.getTime() - request.receivedAt.getTime()).toBe(30 * 86_400_000);
    const data = request.export as { tables: { Advocate: { code: string }[]; Referral: { role: string; friendEmail?: string }[]; Reward: { amountMinor: string }[] } };
    expect(data.tables.Advocate.map((a) => a.code)).toEqual(["ANA"]);
    expect(data.tables.Referral.map((r) => r.role).sort()).toEqual(["advocate", "friend"]); // one as the friend, one as the advocate
    // The referral Ana made is about another person: their address is not given to Ana.
    expect(JSON.stringify(data)).not.toContain("carol@example.com");
    expect(data.tables.Reward.map((r) => r.amountMinor)).toEqual(["1500"]);
    // A replay of the delivery adds no second request.
    await stack.deliver({ topic: "customers/data_request", payload: customersDataRequestPayload({ shop: stack.shop, customer }), webhookId: res.webhookId });
    await stack.drainJobs();
    expect(await stack.db.prisma.privacyRequest.count({ where: { shopId: stack.shop } })).toBe(1);
  });

  it("customers/redact removes the customer's personal data everywhere and keeps the ledger", async () => {
    const db = stack.db.prisma;
    const ledgerBefore = await db.reward.aggregate({ _sum: { amountMinor: true }, _count: true });
    await db.sentEmail.create({ data: { shopId: stack.shop, dedupeKey: "probe:1", kind: "friend_code", status: "sent", toEmail: EMAIL, subject: "Your code" } });
    await db.emailOptOut.create({ data: { shopId: stack.shop, email: EMAIL } });
    const res = await stack.deliver({ topic: "customers/redact", payload: customersRedactPayload({ shop: stack.shop, customer }) });
    expect(res.status).toBe(200);
    await stack.drainJobs();

    expect(await db.job.count({ where: { status: "dead" } })).toBe(0);
    const needles = [EMAIL, GID, String(BIG_CUSTOMER_ID)];
    const rows = [
      ...(await db.advocate.findMany()),
      ...(await db.referral.findMany()),
      ...(await db.reward.findMany()),
      ...(await db.webhookEvent.findMany()),
      ...(await db.auditLog.findMany()),
      ...(await db.job.findMany()),
      ...(await db.sentEmail.findMany()),
      ...(await db.emailOptOut.findMany()),
      ...(await db.privacyRequest.findMany()),
    ];
    const text = JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    for (const needle of needles) expect(text, `still holds ${needle}`).not.toContain(needle);
    // The other customers are untouched.
    expect(text).toContain("bob@example.com");
    expect(text).toContain("carol@example.com");
    expect(await db.reward.aggregate({ _sum: { amountMinor: true }, _count: true })).toEqual(ledgerBefore);
  });

  async function shopRows() {
    const db = stack.db.prisma;
    return { shop: await db.shop.count({ where: { id: stack.shop } }), advocates: await db.advocate.count({ where: { shopId: stack.shop } }), programs: await db.program.count({ where: { shopId: stack.shop } }) };
  }

  it("shop/redact after a quick reinstall is recorded and ignored: nothing of the shop is erased (issue 15.5)", async () => {
    const before = await shopRows();
    expect(before).toEqual({ shop: 1, advocates: 2, programs: 1 });
    expect((await stack.deliver({ topic: "app/uninstalled", payload: { id: 1, domain: stack.shop, myshopify_domain: stack.shop } })).status).toBe(200);
    // The merchant reinstalls: the app's afterAuth hook records the install (the test stack
    // has no OAuth round trip to drive it over HTTP).
    await recordInstall(stack.db.prisma, { shop: stack.shop, scopes: "read_orders" });
    expect((await stack.db.prisma.shop.findUniqueOrThrow({ where: { id: stack.shop } })).uninstalledAt).toBeNull();

    const redact = await stack.deliver({ topic: "shop/redact", payload: shopRedactPayload({ shop: stack.shop }) });
    expect(redact.status).toBe(200);
    await stack.drainJobs();
    expect(await shopRows()).toEqual(before);
    const ignored = await stack.db.prisma.auditLog.findMany({ where: { shopId: stack.shop, action: "shop.redact_ignored" } });
    expect(ignored).toHaveLength(1);
    expect(await stack.db.prisma.job.count({ where: { status: "dead" } })).toBe(0);
  });

  it("shop/redact erases every row of the shop, and a replay is harmless", async () => {
    expect((await stack.deliver({ topic: "app/uninstalled", payload: { id: 1, domain: stack.shop, myshopify_domain: stack.shop } })).status).toBe(200);
    // Shopify sends shop/redact 48 hours after the uninstall.
    const clock = await fetch(`${stack.sandbox.url}/__sandbox/clock`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ advance: "49h" }) });
    expect(clock.ok).toBe(true);
    const first = await stack.deliver({ topic: "shop/redact", payload: shopRedactPayload({ shop: stack.shop }) });
    expect(first.status).toBe(200);
    await stack.drainJobs();
    const db = stack.db.prisma;
    const counts = await Promise.all([
      db.shop.count({ where: { id: stack.shop } }),
      db.advocate.count({ where: { shopId: stack.shop } }),
      db.referral.count({ where: { shopId: stack.shop } }),
      db.reward.count({ where: { shopId: stack.shop } }),
      db.auditLog.count({ where: { shopId: stack.shop } }),
      db.session.count({ where: { shop: stack.shop } }),
      db.program.count({ where: { shopId: stack.shop } }),
    ]);
    expect(counts).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const replay = await stack.deliver({ topic: "shop/redact", payload: shopRedactPayload({ shop: stack.shop }), webhookId: first.webhookId });
    expect(replay.status).toBe(200);
    await stack.drainJobs();
    expect(await db.job.count({ where: { status: "dead" } })).toBe(0);
  });
});
