// customers/redact against data the app itself wrote: a friend orders through the real pipeline
// (fraud fingerprints, emails, rewards, a click), opts out, is exported, becomes an advocate
// and is named in a staff import; after the redact webhook no column of any table holds anything of theirs. The
// columns come from Prisma's DMMF, so a column added later is scanned without anyone
// remembering to add it here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "#prisma/sqlite";
import { customersDataRequestPayload, customersRedactPayload, orderPayload } from "../../sandbox/storefront/payloads";
import { startStack, type Stack } from "../helpers/stack";
import { activateProgram, createAdvocate, sandboxCustomer } from "../pipeline/pipeline-fixtures";

const EMAIL = "Zuzanna.Quixley@example.com";
const PHONE = "+1-555-625-1199";
const IP = "203.0.113.77";
const USER_AGENT = "QuixleyBrowser/9.1";
const STREET = "77 Wexley Lane";

type Json = Record<string, unknown>;

/** Every String or Json column of every model, as stored (table and column names). */
function textColumns(): { table: string; column: string; json: boolean }[] {
  return Prisma.dmmf.datamodel.models.flatMap((model) =>
    model.fields
      .filter((f) => f.kind === "scalar" && (f.type === "String" || f.type === "Json"))
      .map((f) => ({ table: model.dbName ?? model.name, column: f.dbName ?? f.name, json: f.type === "Json" })),
  );
}

describe(`customers/redact leaves no personal data (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  const needles: string[] = [];
  let friendId: bigint;
  let orderId: bigint;

  beforeAll(async () => {
    stack = await startStack();
    const db = stack.db.prisma;
    await activateProgram(db, stack.shop);
    const advocate = sandboxCustomer(stack.sandbox.state, stack.shop, "bob.advocate@example.com");
    await createAdvocate(db, stack.shop, "BOB", advocate);
    const friend = sandboxCustomer(stack.sandbox.state, stack.shop, EMAIL.toLowerCase());
    friendId = friend.id;
    orderId = 880_000_000_000_000_123n;
    const order = orderPayload({
      id: orderId,
      email: EMAIL,
      customer: { id: friend.id, email: EMAIL, firstName: "Zuzanna", lastName: "Quixley" },
      landingSite: "/?ref=BOB",
      browserIp: IP,
      userAgent: USER_AGENT,
      lineItems: [{ title: "Coat", price: "80.00" }],
    }) as Json;
    for (const key of ["shipping_address", "billing_address"]) Object.assign(order[key] as Json, { first_name: "Zuzanna", last_name: "Quixley", address1: STREET, phone: PHONE });
    await stack.deliver({ topic: "orders/paid", payload: order });
    await stack.drainJobs();

    const referral = await db.referral.findFirstOrThrow({ where: { shopId: stack.shop, friendCustomerGid: friend.gid }, include: { rewards: true } });
    // What the pipeline derived from the friend: hashed IP and address/card fingerprints.
    const fingerprints = ((referral.fraudSignals as { fraud?: { fingerprints?: Record<string, string | null> } } | null)?.fraud?.fingerprints ?? {}) as Record<string, string | null>;
    const derived = [referral.ipHash, ...Object.values(fingerprints)].filter((v): v is string => typeof v === "string" && v.length >= 8);
    // Fails if the pipeline stops storing them (then this test would prove less than it says).
    expect(referral.ipHash).toBeTruthy();
    expect(fingerprints.shippingAddress).toBeTruthy();
    expect(referral.rewards.length).toBeGreaterThan(0);

    // The friend's click on the link, a staff note naming them, an opt-out, an export, and
    // their own advocate account.
    await db.referralClick.create({ data: { shopId: stack.shop, advocateId: referral.advocateId, ipHash: referral.ipHash, userAgent: USER_AGENT, landing: "/?ref=BOB" } });
    await db.referral.update({ where: { id: referral.id }, data: { reviewNote: `Called ${EMAIL}, fine` } });
    await db.emailOptOut.create({ data: { shopId: stack.shop, email: EMAIL.toLowerCase() } });
    await createAdvocate(db, stack.shop, "ZQ77", friend);
    // A staff import's line that named them (email, customer id and name as typed in the file).
    await db.advocateImport.create({
      data: { shopId: stack.shop, source: "csv", label: "vip.csv", formKey: "redact-import-0001", actor: "staff:1", rows: { create: [{ shopId: stack.shop, line: 2, email: EMAIL.toLowerCase(), customerGid: friend.gid, name: "Zuzanna Quixley", status: "refused", reason: "already_advocate" }] } },
    });
    await stack.deliver({ topic: "customers/data_request", payload: customersDataRequestPayload({ shop: stack.shop, customer: { id: friend.id, email: EMAIL, phone: PHONE } }) });
    await stack.drainJobs();

    needles.push(...new Set([EMAIL.toLowerCase(), friend.gid, String(friend.id), PHONE, IP, USER_AGENT, STREET, "Zuzanna", "Quixley", ...derived]));
  }, 180_000);
  afterAll(async () => stack?.stop());

  /** Rows per table.column whose text contains any needle (case-insensitive). */
  async function findPersonalData(values: string[]): Promise<string[]> {
    const pg = stack.db.kind === "postgresql";
    const hits: string[] = [];
    for (const { table, column, json } of textColumns()) {
      const text = pg ? `lower("${column}"::text)` : `lower(CAST("${column}" AS TEXT))`;
      for (const value of values) {
        const rows = await stack.db.prisma.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${text} LIKE $1`, `%${value.toLowerCase()}%`);
        if (Number(rows[0].n) > 0) hits.push(`${table}.${column}${json ? " (json)" : ""} holds ${value}`);
      }
    }
    return hits;
  }

  it("finds the customer's data before the redact (the scan sees every kind of column)", async () => {
    const hits = await findPersonalData(needles);
    // Plain columns, Json columns and raw payloads all show up: the scan is not blind.
    for (const where of ["Referral.friendEmail", "Referral.fraudSignals (json)", "Referral.ipHash", "WebhookEvent.payload", "ReferralClick.userAgent", "PrivacyRequest.export (json)", "EmailOptOut.email"]) {
      expect(hits.some((h) => h.startsWith(where)), where).toBe(true);
    }
    // The data request's export includes the import line that named them.
    const request = await stack.db.prisma.privacyRequest.findFirstOrThrow({ where: { shopId: stack.shop } });
    const exported = (request.export as { tables: Record<string, { line: number; name: string }[]> }).tables.AdvocateImportRow;
    expect(exported).toEqual([expect.objectContaining({ line: 2, name: "Zuzanna Quixley" })]);
  });

  it("after customers/redact no column of any table holds the customer's personal data, and the ledger is unchanged", async () => {
    const db = stack.db.prisma;
    const ledgerBefore = await db.reward.findMany({ select: { id: true, amountMinor: true, currency: true, status: true }, orderBy: { id: "asc" } });
    const totalBefore = await db.reward.aggregate({ _sum: { amountMinor: true }, _count: true });
    const res = await stack.deliver({ topic: "customers/redact", payload: customersRedactPayload({ shop: stack.shop, customer: { id: friendId, email: EMAIL, phone: PHONE }, ordersToRedact: [orderId] }) });
    expect(res.status).toBe(200);
    await stack.drainJobs();
    expect(await db.job.count({ where: { status: "dead" } })).toBe(0);

    expect(await findPersonalData(needles)).toEqual([]);
    expect(await db.reward.aggregate({ _sum: { amountMinor: true }, _count: true })).toEqual(totalBefore);
    expect(await db.reward.findMany({ select: { id: true, amountMinor: true, currency: true, status: true }, orderBy: { id: "asc" } })).toEqual(ledgerBefore);
    // The referral itself stays (its rewards are ledger rows), with its fraud outcome.
    const referral = await db.referral.findFirstOrThrow({ where: { shopId: stack.shop, advocate: { code: "BOB" } } });
    expect(referral.fraudScore).not.toBeNull();
    expect((referral.fraudSignals as { fraud?: { decision?: string } }).fraud?.decision).toBeTruthy();
    // The other customer (the advocate) is untouched.
    expect(await findPersonalData(["bob.advocate@example.com"])).not.toEqual([]);
  });

  it("a replayed customers/redact is harmless", async () => {
    const res = await stack.deliver({ topic: "customers/redact", payload: customersRedactPayload({ shop: stack.shop, customer: { id: friendId, email: EMAIL, phone: PHONE }, ordersToRedact: [orderId] }) });
    expect(res.status).toBe(200);
    await stack.drainJobs();
    expect(await stack.db.prisma.job.count({ where: { status: "dead" } })).toBe(0);
    expect(await findPersonalData(needles)).toEqual([]);
  });
});
