// Retention (issue 17): after DATA_RETENTION_DAYS a webhook body keeps only what the app still
// reads (a late refund still merges with its order), a finished job's payload is blanked, and a
// privacy-request export is deleted after its 30 days. Nothing younger is touched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneOldDataJob } from "../../app/compliance/jobs.server";
import { enqueue } from "../../app/jobs/queue.server";
import { loadMergedOrder } from "../../app/referrals/process-order.server";
import { customersDataRequestPayload, orderPayload } from "../../sandbox/storefront/payloads";
import { startStack, type Stack } from "../helpers/stack";

const EMAIL = "Retained.Person+x@Example.com";
const STREET = "12 Keepsake Road";
const ORDER_ID = 880_000_000_000_000_777n;

describe(`retention of raw payloads (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    const order = orderPayload({ id: ORDER_ID, email: EMAIL, customer: { id: 700_000_000_000_000_901n, email: EMAIL, firstName: "Retta", lastName: "Keeper" }, browserIp: "198.51.100.9", lineItems: [{ title: "Lamp", price: "42.00" }] }) as Record<string, Record<string, unknown>>;
    for (const key of ["shipping_address", "billing_address"]) Object.assign(order[key], { address1: STREET, first_name: "Retta", last_name: "Keeper" });
    expect((await stack.deliver({ topic: "orders/paid", payload: order })).status).toBe(200);
    expect((await stack.deliver({ topic: "customers/data_request", payload: customersDataRequestPayload({ shop: stack.shop, customer: { id: 700_000_000_000_000_901n, email: EMAIL } }) })).status).toBe(200);
    await stack.drainJobs();
  }, 120_000);
  afterAll(async () => stack?.stop());

  async function prune(keepDays = 30) {
    await enqueue(stack.db.prisma, pruneOldDataJob, { keepDays });
    await stack.drainJobs();
  }
  const bodies = async () => (await stack.db.prisma.webhookEvent.findMany({ orderBy: { receivedAt: "asc" } })).map((e) => e.payload).join("\n");

  it("keeps everything younger than the retention period", async () => {
    const before = await bodies();
    const jobsBefore = await stack.db.prisma.job.findMany({ where: { status: "succeeded", name: { not: pruneOldDataJob.name } }, select: { id: true, payload: true } });
    await prune();
    expect(await bodies()).toBe(before);
    expect(before).toContain(STREET);
    expect(await stack.db.prisma.privacyRequest.count()).toBe(1);
    for (const job of jobsBefore) expect((await stack.db.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).payload).toBe(job.payload);
  });

  it("after the period, strips personal data from bodies, blanks finished job payloads and deletes expired exports", async () => {
    const clock = await fetch(`${stack.sandbox.url}/__sandbox/clock`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ advance: "31d" }) });
    expect(clock.ok).toBe(true);
    const finished = await stack.db.prisma.job.findMany({ where: { status: { in: ["succeeded", "dead"] } }, select: { id: true } });
    expect(finished.length).toBeGreaterThan(0);
    await prune();

    const text = (await bodies()).toLowerCase();
    for (const personal of [EMAIL.toLowerCase(), "retained.person", STREET.toLowerCase(), "retta", "keeper", "198.51.100.9"]) expect(text, personal).not.toContain(personal);
    // What the app still reads survives: the order merges, with its amounts.
    const merged = await loadMergedOrder(stack.db.prisma, stack.shop, ORDER_ID.toString());
    expect(merged?.facts.orderId).toBe(ORDER_ID.toString());
    expect(merged?.facts.subtotal).toEqual({ minor: 4200n, currency: "USD" });
    for (const { id } of finished) expect((await stack.db.prisma.job.findUniqueOrThrow({ where: { id } })).payload).toBe('{"pruned":true}');
    expect(await stack.db.prisma.privacyRequest.count()).toBe(0);
    expect(await stack.db.prisma.job.count({ where: { status: "dead" } })).toBe(0);

    // A second run finds nothing left to do.
    const after = await bodies();
    await prune();
    expect(await bodies()).toBe(after);
  });
});
