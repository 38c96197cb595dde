// Outgoing webhooks over real HTTP against the built app: staff add an endpoint in the admin,
// referral events reach a local receiver signed with the endpoint's secret, a failing receiver
// gets the event again until it answers 2xx (and never after), bad URLs and another shop's ids
// are refused, and the privacy webhooks remove what the deliveries hold.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifySignatureHeader } from "../../app/integrations/signature";
import { MAX_DELIVERY_ATTEMPTS } from "../../app/integrations/deliver-webhook.job.server";
import { customersRedactPayload, orderPayload, shopRedactPayload } from "../../sandbox/storefront/payloads";
import { startStack, type Stack } from "../helpers/stack";
import { sandboxCustomer } from "../pipeline/pipeline-fixtures";
import { adminRequest } from "../program/admin-http";
import { proxyPost, startProgram } from "../storefront/helpers";
import { startReceiver, type Receiver } from "./receiver";

const SHOP_B = "webhooks-other.myshopify.com";
const PAGE = { path: "/app/integrations", route: "routes/app.integrations" };
type Done = { done?: string; error?: string; endpointId?: string; secret?: string; url?: string; eventId?: string };
type Log = { deliveries: { id: string; type: string; eventId: string; status: string; attempts: number; lastStatusCode: number | null; lastError: string | null; nextAttemptAt: string | null }[] };
type Body = { id: string; type: string; createdAt: string; shop: string; data: Record<string, Record<string, unknown> | null> };

describe(`outgoing webhooks (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  let receiver: Receiver;
  let endpointId: string;
  let secret: string;

  beforeAll(async () => {
    // Retries in milliseconds, not minutes: drainJobs runs the delivery jobs in this process.
    process.env.WEBHOOK_RETRY_BASE_MS = "10";
    stack = await startStack();
    receiver = await startReceiver();
    const { upsertShop, issueToken } = await import("../../sandbox/admin/state");
    upsertShop(stack.sandbox.state, { name: "Other Store", currencyCode: "USD", domain: SHOP_B });
    const token = issueToken(stack.sandbox.state, SHOP_B);
    await stack.db.prisma.session.create({ data: { id: `offline_${SHOP_B}`, shop: SHOP_B, state: "installed", isOnline: false, scope: "read_orders", accessToken: token } });
    await stack.db.prisma.shop.create({ data: { id: SHOP_B, currencyCode: "USD" } });
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  const act = (form: Record<string, string>, shop = stack.shop) => adminRequest<Done>(stack.app.url, { shop, ...PAGE, form, userId: "31" });
  const log = (id: string, shop = stack.shop) => adminRequest<Log>(stack.app.url, { shop, path: `/app/integrations/${id}`, route: "routes/app.integrations_.$id" });
  const resend = (id: string, deliveryId: string, shop = stack.shop) =>
    adminRequest<Done>(stack.app.url, { shop, path: `/app/integrations/${id}`, route: "routes/app.integrations_.$id", form: { intent: "resend", deliveryId }, userId: "31" });
  const bodies = () => receiver.received.map((r) => JSON.parse(r.body) as Body);
  const verified = (r: { headers: Record<string, unknown>; body: string }) => verifySignatureHeader(secret, r.body, r.headers["twofold-signature"] as string);

  it("refuses bad URLs with a clear message and adds nothing", async () => {
    const http = await act({ intent: "add", url: "http://hooks.example.com/twofold" });
    expect(http).toMatchObject({ status: 422, data: { error: expect.stringMatching(/must start with https:\/\//) } });
    const junk = await act({ intent: "add", url: "hooks at example dot com" });
    expect(junk).toMatchObject({ status: 422, data: { error: expect.stringMatching(/not a URL/) } });
    const secretInUrl = await act({ intent: "add", url: "https://user:pw@hooks.example.com/" });
    expect(secretInUrl).toMatchObject({ status: 422, data: { error: expect.stringMatching(/user name and password/) } });
    expect(await stack.db.prisma.outgoingEndpoint.count()).toBe(0);
  });

  it("adds an endpoint with a secret, audited; the same URL twice is refused", async () => {
    const added = await act({ intent: "add", url: receiver.url });
    expect(added.status).toBe(200);
    expect(added.data).toMatchObject({ done: "added", url: receiver.url, secret: expect.stringMatching(/^whsec_/) });
    endpointId = added.data!.endpointId!;
    secret = added.data!.secret!;
    const again = await act({ intent: "add", url: receiver.url });
    expect(again).toMatchObject({ status: 409, data: { error: "That URL is already an endpoint of this store." } });
    const page = await adminRequest<{ endpoints: { id: string; maskedSecret: string }[] }>(stack.app.url, { shop: stack.shop, ...PAGE });
    expect(page.data!.endpoints).toHaveLength(1);
    expect(page.data!.endpoints[0].maskedSecret).not.toContain(secret.slice(6, -4));
    const revealed = await act({ intent: "reveal", endpointId });
    expect(revealed.data).toMatchObject({ done: "revealed", secret });
    const audits = await stack.db.prisma.auditLog.findMany({ where: { shopId: stack.shop, action: { startsWith: "webhooks." } }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => [a.action, a.actor])).toEqual([
      ["webhooks.endpoint_added", "staff:31"],
      ["webhooks.secret_revealed", "staff:31"],
    ]);
  });

  it("delivers a test event the receiver verifies with the endpoint's secret", async () => {
    const sent = await act({ intent: "test", endpointId });
    expect(sent.data).toMatchObject({ done: "tested", eventId: expect.stringMatching(/^evt_/) });
    await stack.drainJobs();
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(verified(request)).toBe(true);
    expect(verifySignatureHeader("whsec_wrong", request.body, request.headers["twofold-signature"] as string)).toBe(false);
    expect(request.headers).toMatchObject({ "content-type": "application/json", "twofold-event-id": sent.data!.eventId, "twofold-event-type": "test.ping" });
    expect(bodies()[0]).toMatchObject({ id: sent.data!.eventId, type: "test.ping", shop: stack.shop, createdAt: expect.any(String), data: { message: expect.any(String) } });
    const entries = (await log(endpointId)).data!.deliveries;
    expect(entries).toEqual([expect.objectContaining({ type: "test.ping", status: "succeeded", attempts: 1, lastStatusCode: 200, nextAttemptAt: null })]);
  });

  it("posts the referral's events as they happen, signed, with ids and amounts and no email", async () => {
    receiver.received.length = 0;
    await startProgram(stack, (c) => ({ ...c, advocateReward: { ...c.advocateReward, holdDays: 0 } }));
    const advocate = sandboxCustomer(stack.sandbox.state, stack.shop, "ada.webhooks@example.com");
    const link = await proxyPost(stack, "/advocate", {}, { customerId: advocate.id.toString() });
    const { code } = (await link.json()) as { code: string };
    const friend = sandboxCustomer(stack.sandbox.state, stack.shop, "bo.webhooks@example.com");
    const claim = await proxyPost(stack, "/claim", { email: friend.email, ref: code }, { customerId: friend.id.toString() });
    expect(claim.status).toBe(200);
    const { code: friendCode } = (await claim.json()) as { code: string };
    const order = orderPayload({ email: friend.email, customer: { id: friend.id, email: friend.email }, noteAttributes: [{ name: "_twofold_ref", value: code }], lineItems: [{ title: "Coat", price: "80.00" }] });
    expect((await stack.deliver({ topic: "orders/paid", payload: order })).status).toBe(200);
    await stack.drainJobs();

    expect(receiver.received.every(verified)).toBe(true);
    const events = bodies();
    expect(events.map((e) => e.type).sort()).toEqual(["referral.claimed", "referral.qualified", "reward.issued"]);
    const claimed = events.find((e) => e.type === "referral.claimed")!;
    expect(claimed.data).toMatchObject({ referral: { status: "claimed" }, advocate: { customerId: advocate.gid, code }, friend: { customerId: friend.gid, discountCode: friendCode }, order: null });
    const qualified = events.find((e) => e.type === "referral.qualified")!;
    expect(qualified.data.referral!.id).toBe(claimed.data.referral!.id);
    expect(qualified.data).toMatchObject({
      referral: { status: "qualified", previousStatus: "ordered", decidedByStaff: false },
      advocate: { customerId: advocate.gid, code },
      friend: { customerId: friend.gid },
      order: { id: order.admin_graphql_api_id, subtotalMinor: 8000, currency: "USD" },
    });
    const issued = events.find((e) => e.type === "reward.issued")!;
    expect(issued.data.reward).toMatchObject({ recipient: "advocate", status: "issued", customerId: advocate.gid, currency: "USD", amountMinor: expect.any(Number) });
    for (const r of receiver.received) expect(r.body).not.toMatch(/@/);
    // One delivery per event and endpoint, each sent once.
    expect(new Set(receiver.received.map((r) => r.headers["twofold-event-id"])).size).toBe(receiver.received.length);
  });

  it("retries a receiver that answers 500 and delivers the event once it answers 200, never again after", async () => {
    receiver.received.length = 0;
    receiver.answers.push(500);
    const sent = await act({ intent: "test", endpointId });
    await stack.drainJobs();
    expect(receiver.received.map((r) => r.headers["twofold-event-id"])).toEqual([sent.data!.eventId, sent.data!.eventId]);
    expect(receiver.received.map((r) => r.headers["twofold-delivery-attempt"])).toEqual(["1", "2"]);
    expect(receiver.received.every(verified)).toBe(true);
    const entry = (await log(endpointId)).data!.deliveries.find((d) => d.eventId === sent.data!.eventId)!;
    expect(entry).toMatchObject({ status: "succeeded", attempts: 2, lastStatusCode: 200, lastError: null });
    await stack.drainJobs();
    expect(receiver.received).toHaveLength(2);
  });

  it(`gives up after ${MAX_DELIVERY_ATTEMPTS} failed attempts, then staff resend it (audited) and it is delivered`, async () => {
    receiver.received.length = 0;
    receiver.answers.push(...Array(MAX_DELIVERY_ATTEMPTS).fill(503));
    const sent = await act({ intent: "test", endpointId });
    await stack.drainJobs();
    expect(receiver.received).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    const failed = (await log(endpointId)).data!.deliveries.find((d) => d.eventId === sent.data!.eventId)!;
    expect(failed).toMatchObject({ status: "failed", attempts: MAX_DELIVERY_ATTEMPTS, lastStatusCode: 503, lastError: "HTTP 503", nextAttemptAt: null });
    expect((await stack.db.prisma.outgoingEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).failingSince).not.toBeNull();

    const again = await resend(endpointId, failed.id);
    expect(again.data).toMatchObject({ done: "resent" });
    await stack.drainJobs();
    expect(receiver.received).toHaveLength(MAX_DELIVERY_ATTEMPTS + 1);
    expect(receiver.received.at(-1)!.headers["twofold-event-id"]).toBe(sent.data!.eventId);
    expect((await log(endpointId)).data!.deliveries.find((d) => d.id === failed.id)).toMatchObject({ status: "succeeded", attempts: 1, lastStatusCode: 200 });
    expect((await stack.db.prisma.outgoingEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).failingSince).toBeNull();
    const audit = await stack.db.prisma.auditLog.findFirst({ where: { shopId: stack.shop, action: "webhooks.delivery_resent", subjectId: failed.id } });
    expect(audit?.actor).toBe("staff:31");
    // A delivery that succeeded is resent only by staff, never twice at once.
    const busy = await resend(endpointId, failed.id);
    expect(busy.data).toMatchObject({ done: "resent" });
    const twice = await resend(endpointId, failed.id);
    expect(twice).toMatchObject({ status: 409, data: { error: expect.stringMatching(/still being tried/) } });
    await stack.drainJobs();
  });

  it("refuses another shop's endpoint and delivery ids and changes nothing", async () => {
    const before = receiver.received.length;
    const deliveryId = (await log(endpointId)).data!.deliveries[0].id;
    for (const intent of ["test", "reveal", "disable", "remove"]) {
      const res = await act({ intent, endpointId }, SHOP_B);
      expect(res, intent).toMatchObject({ status: 404, data: { error: "That endpoint does not exist in this store." } });
    }
    expect((await log(endpointId, SHOP_B)).status).toBe(404);
    expect(await resend(endpointId, deliveryId, SHOP_B)).toMatchObject({ status: 404, data: { error: "That delivery does not exist in this store." } });
    const page = await adminRequest<{ endpoints: unknown[] }>(stack.app.url, { shop: SHOP_B, ...PAGE });
    expect(page.data!.endpoints).toEqual([]);
    await stack.drainJobs();
    expect(receiver.received).toHaveLength(before);
    expect(await stack.db.prisma.outgoingEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).toMatchObject({ enabled: true });
    expect(await stack.db.prisma.auditLog.count({ where: { shopId: SHOP_B } })).toBe(0);
  });

  it("an endpoint failing for days is turned off with a notice, gets no new events, and staff turn it back on", async () => {
    const failAll = async () => {
      receiver.answers.push(...Array(MAX_DELIVERY_ATTEMPTS).fill(500));
      await act({ intent: "test", endpointId });
      await stack.drainJobs();
    };
    await failAll();
    const page = () => adminRequest<{ endpoints: { id: string; enabled: boolean; disabledReason: string | null; failingSince: string | null }[] }>(stack.app.url, { shop: stack.shop, ...PAGE });
    expect((await page()).data!.endpoints[0]).toMatchObject({ enabled: true, failingSince: expect.any(String) });
    const clock = await fetch(`${stack.sandbox.url}/__sandbox/clock`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ advance: "4d" }) });
    expect(clock.ok).toBe(true);
    await failAll();
    const [off] = (await page()).data!.endpoints;
    expect(off).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/^Every delivery failed for 4 days \(last: HTTP 500\)/) });
    // Events are not recorded for an endpoint that is off (a test event still is, on request).
    const events = await stack.db.prisma.outgoingEvent.count();
    const received = receiver.received.length;
    const friend = sandboxCustomer(stack.sandbox.state, stack.shop, "cy.webhooks@example.com");
    const link = await proxyPost(stack, "/advocate", {}, { customerId: sandboxCustomer(stack.sandbox.state, stack.shop, "dee.webhooks@example.com").id.toString() });
    const { code } = (await link.json()) as { code: string };
    const order = orderPayload({ email: friend.email, customer: { id: friend.id, email: friend.email }, noteAttributes: [{ name: "_twofold_ref", value: code }], lineItems: [{ title: "Hat", price: "60.00" }] });
    expect((await stack.deliver({ topic: "orders/paid", payload: order })).status).toBe(200);
    await stack.drainJobs();
    expect(await stack.db.prisma.referral.count({ where: { shopId: stack.shop, status: "qualified" } })).toBe(2);
    expect(await stack.db.prisma.outgoingEvent.count()).toBe(events);
    expect(receiver.received).toHaveLength(received);

    expect((await act({ intent: "enable", endpointId })).data).toMatchObject({ done: "enable" });
    expect((await page()).data!.endpoints[0]).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    expect(await stack.db.prisma.auditLog.count({ where: { shopId: stack.shop, action: "webhooks.endpoint_enabled", actor: "staff:31" } })).toBe(1);
  });

  it("customers/redact blanks the customer's id in every event body; shop/redact deletes endpoints and deliveries", async () => {
    const friendGid = bodies().map((b) => (b.data.friend as { customerId?: string } | null)?.customerId).find(Boolean);
    const events = async () => (await stack.db.prisma.outgoingEvent.findMany({ where: { shopId: stack.shop } })).map((e) => e.body).join("\n");
    const gid = friendGid ?? (await events()).match(/gid:\/\/shopify\/Customer\/\d+/g)!.at(-1)!;
    expect(await events()).toContain(gid);
    const id = gid.split("/").pop()!;
    expect((await stack.deliver({ topic: "customers/redact", payload: customersRedactPayload({ shop: stack.shop, customer: { id } }) })).status).toBe(200);
    await stack.drainJobs();
    expect(await events()).not.toContain(gid);

    // Removing an endpoint removes its delivery log with it.
    const second = await act({ intent: "add", url: `${receiver.url}/second` });
    const secondId = second.data!.endpointId!;
    await act({ intent: "test", endpointId: secondId });
    await stack.drainJobs();
    expect(await stack.db.prisma.outgoingDelivery.count({ where: { endpointId: secondId, status: "succeeded" } })).toBe(1);
    expect((await act({ intent: "remove", endpointId: secondId })).data).toMatchObject({ done: "removed" });
    expect(await stack.db.prisma.outgoingDelivery.count({ where: { endpointId: secondId } })).toBe(0);
    expect((await log(secondId)).status).toBe(404);

    expect((await stack.deliver({ topic: "app/uninstalled", payload: { id: 1, domain: stack.shop, myshopify_domain: stack.shop } })).status).toBe(200);
    await fetch(`${stack.sandbox.url}/__sandbox/clock`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ advance: "49h" }) });
    expect((await stack.deliver({ topic: "shop/redact", payload: shopRedactPayload({ shop: stack.shop }) })).status).toBe(200);
    await stack.drainJobs();
    const db = stack.db.prisma;
    expect([await db.outgoingEndpoint.count({ where: { shopId: stack.shop } }), await db.outgoingEvent.count({ where: { shopId: stack.shop } }), await db.outgoingDelivery.count({ where: { shopId: stack.shop } })]).toEqual([0, 0, 0]);
  });
});
