// Issue 17 acceptance. Ana, whose address has capitals, dots and a +tag, goes through the real
// entry points: a link as a guest, a friend claim under Bob's link, a link as a logged-in
// customer (the two advocate rows join), an order held for review that staff approve with a
// note quoting her address, a friend of her own whose order staff approve quoting her again,
// rewards after the hold and their emails. Shopify then asks for her data with her plain
// address: the export, downloaded from the Privacy requests page in Chromium, holds every row a
// scan of every text column finds. Then customers/redact (Shopify's payload shape, plain
// address): the scan finds nothing of her, the ledger does not move, and replays change nothing.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { addCustomer } from "../../sandbox/admin/state";
import { customersDataRequestPayload, customersRedactPayload } from "../../sandbox/storefront/payloads";
import { describeHits, scanForPersonalData, type ScanHit } from "../compliance/scan";
import { adminRequest } from "../program/admin-http";
import { useJourney } from "./journey";

const TAGGED = "Ana.Quixote+Promo@Gmail.com";
const PLAIN = "ana.quixote@gmail.com";
const PHONE = "+1 555-301-7788";

describe("journey: a customer's privacy requests are answered and complete", () => {
  const j = useJourney();

  it("data_request exports every row that names her; customers/redact then leaves none, ledger unchanged", async () => {
    await j.setUpProgram();
    const { app, shop, sandbox } = j.stack;
    const db = j.stack.db.prisma;
    // Orders placed seconds after the click are held for staff review (so staff write notes).
    const fraud = await adminRequest<{ form: Record<string, string> }>(app.url, { shop, path: "/app/fraud", route: "routes/app.fraud" });
    expect((await adminRequest(app.url, { shop, path: "/app/fraud", route: "routes/app.fraud", form: { ...fraud.data!.form, "rule.fast_conversion.mode": "hold" } })).data).toMatchObject({ ok: true });
    // Ana is a customer of the shop in Shopify (name, phone, her tagged address).
    const anaCustomer = addCustomer(sandbox.state, sandbox.state.shops.get(shop)!, { email: TAGGED, firstName: "Ana", lastName: "Quixote", phone: PHONE });
    const anaGid = anaCustomer.id;

    const bob = await j.shopper("bob17");
    await bob.logIn("bob17@example.com");
    const bobLink = await bob.getLink();

    // 1. Ana asks for a link as a guest, with her tagged address.
    const ana = await j.shopper("ana17");
    const guestLink = await ana.getLink(TAGGED);
    // 2. She opens Bob's link and claims the friend offer with the same address.
    await ana.page.goto(bobLink.link);
    const landing = ana.page.locator('[data-twofold-block="landing"]');
    await landing.getByLabel("Email").fill(TAGGED);
    await landing.getByRole("button", { name: "Claim my discount" }).click();
    const status = landing.locator("[data-twofold-status]");
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/is ready/);
    const friendCode = /[A-Z0-9]+-[A-Z0-9-]+/.exec((await status.textContent()) ?? "")![0];
    // 3. She logs in and asks again: the identity job joins her two advocate rows.
    await ana.logIn(TAGGED);
    await ana.getLink();
    await j.settle();
    // 4. She orders with her friend code; the order is held and staff approve, quoting her.
    await ana.addToCart("demo");
    // The claim applied her code to the cart (its discount link), as for any friend.
    const anaOrder = await ana.checkout({});
    expect(anaOrder).toHaveProperty("orderId");
    // 5. Cy orders through Ana's guest link; held too, approved with a note naming Ana.
    const cy = await j.shopper("cy17");
    await cy.page.goto(guestLink.link);
    await cy.addToCart("demo");
    expect(await cy.checkout({ email: "cy17@example.com" })).toHaveProperty("orderId");
    await j.settle();
    const anaPlaced = (await j.sandboxState()).orders.find((o) => o.id === (anaOrder as { orderId: string }).orderId)!;
    expect(anaPlaced.discounts.map((d) => d.code)).toEqual([friendCode]);
    const held = await db.referral.findMany({ where: { shopId: shop, status: "held" }, include: { advocate: true }, orderBy: { createdAt: "asc" } });
    expect(held).toHaveLength(2);
    for (const referral of held) {
      const reason = referral.advocate.code === bobLink.code ? `Called ${TAGGED}, she is real` : `Advocate ${TAGGED} vouched for this friend`;
      const approved = await adminRequest(app.url, { shop, path: `/app/review/${referral.id}`, route: "routes/app.review_.$id", form: { intent: "approve", reason } });
      expect(approved.data).toMatchObject({ done: "approved" });
    }
    await j.advanceClock("15d");
    // Both advocates were paid, and Ana was told.
    const issued = await db.reward.findMany({ where: { shopId: shop, recipient: "advocate", status: "issued" } });
    expect(issued.map((r) => r.customerGid).sort()).toEqual([anaGid, (await db.advocate.findFirstOrThrow({ where: { code: bobLink.code } })).customerGid].sort());
    expect(j.emailsTo("anaquixote@gmail.com").length + j.emailsTo(TAGGED).length + j.emailsTo(PLAIN).length).toBeGreaterThan(0);

    // What names Ana, everywhere: every spelling of her address, her last name (in any code or
    // text derived from her), her phone, her customer id.
    const needles = [TAGGED, TAGGED.toLowerCase(), PLAIN, "anaquixote@gmail.com", "quixote", PHONE, PHONE.replace(/\D/g, ""), anaGid];
    const before = await scanForPersonalData(j.stack.db, needles);
    const where = describeHits(before).join("\n");
    // The scan is not blind: plain columns, Json columns and raw payloads all show up.
    for (const column of ["Advocate.email", "Referral.friendEmail", "Referral.claimKey", "Referral.reviewNote", "SentEmail.toEmail", "AuditLog.data", "WebhookEvent.payload", "Reward.customerGid"]) {
      expect(where, column).toContain(`${column} holds`);
    }

    // Shopify: customers/data_request for her plain address.
    const dataRequest = await j.stack.deliver({ topic: "customers/data_request", payload: customersDataRequestPayload({ shop, customer: { id: anaGid.split("/").pop()!, email: PLAIN, phone: PHONE } }) });
    expect(dataRequest.status, dataRequest.error).toBe(200);
    await j.settle();
    const home = await adminRequest<{ privacyRequests: number }>(app.url, { shop, path: "/app", route: "routes/app._index" });
    expect(home.data?.privacyRequests).toBe(1);

    // The merchant downloads it from the Privacy requests page.
    // A desktop browser UA: the library answers 410 to what looks like a bot (HeadlessChrome).
    const staff = await j.browser.newPage({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    staff.on("pageerror", (e) => errors.push(e.message));
    await staff.goto(`${sandbox.url}/admin/apps/twofold/privacy?shop=${shop}`);
    const frame = staff.frameLocator("iframe");
    const jsonButton = frame.getByRole("button", { name: /Download all data of .* \(JSON\)/ });
    try {
      await expect.poll(() => jsonButton.isVisible(), { timeout: 30_000 }).toBe(true);
    } finally {
      await staff.screenshot({ path: "test-results/screenshots/journey-privacy-requests.png", fullPage: true });
    }
    expect(await frame.getByText(PLAIN).first().isVisible()).toBe(true);
    const [jsonFile] = await Promise.all([staff.waitForEvent("download", { timeout: 30_000 }), jsonButton.click()]);
    expect(jsonFile.suggestedFilename()).toMatch(/^customer-\d+-data\.json$/);
    const exported = JSON.parse(await readFile((await jsonFile.path())!, "utf8")) as { tables: Record<string, { id: string }[]> };
    const missing = before.filter((hit: ScanHit) => !(exported.tables[hit.table] ?? []).some((row) => row.id === hit.id));
    expect(describeHits(missing), "rows the scan finds but the export lacks").toEqual([]);
    // A table a person reads, as CSV.
    const [csvFile] = await Promise.all([staff.waitForEvent("download", { timeout: 30_000 }), frame.getByRole("button", { name: "Referral (CSV)" }).click()]);
    const csv = (await readFile((await csvFile.path())!, "utf8")).split(/\r?\n/).filter(Boolean);
    expect(csv[0].split(",")).toContain("id");
    expect(csv.length - 1).toBe(exported.tables.Referral.length);
    await expect.poll(() => frame.getByText("Downloaded").first().isVisible(), { timeout: 15_000 }).toBe(true);
    expect(errors).toEqual([]);
    expect((await adminRequest<{ privacyRequests: number }>(app.url, { shop, path: "/app", route: "routes/app._index" })).data?.privacyRequests).toBe(0);

    // Shopify: customers/redact for her plain address, with her order.
    const ledger = async () => ({
      rows: await db.reward.findMany({ select: { id: true, amountMinor: true, currency: true, status: true, recipient: true }, orderBy: { id: "asc" } }),
      total: await db.reward.aggregate({ _sum: { amountMinor: true }, _count: true }),
    });
    const ledgerBefore = await ledger();
    const anaOrderId = (anaOrder as { orderId: string }).orderId.split("/").pop()!;
    const redactPayload = customersRedactPayload({ shop, customer: { id: anaGid.split("/").pop()!, email: PLAIN, phone: PHONE }, ordersToRedact: [anaOrderId] });
    const redact = await j.stack.deliver({ topic: "customers/redact", payload: redactPayload });
    expect(redact.status).toBe(200);
    await j.settle();
    expect(await db.job.count({ where: { status: "dead" } })).toBe(0);
    expect(describeHits(await scanForPersonalData(j.stack.db, needles))).toEqual([]);
    expect(await ledger()).toEqual(ledgerBefore);
    // Bob is untouched.
    expect((await scanForPersonalData(j.stack.db, ["bob17@example.com"])).length).toBeGreaterThan(0);

    // Replays (the same delivery, and a new delivery of the same request) change nothing.
    const snapshot = async () => JSON.stringify(await Promise.all([db.advocate.findMany({ orderBy: { id: "asc" } }), db.referral.findMany({ orderBy: { id: "asc" } }), db.auditLog.count()]), (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    const after = await snapshot();
    expect((await j.stack.deliver({ topic: "customers/redact", payload: redactPayload, webhookId: redact.webhookId })).status).toBe(200);
    expect((await j.stack.deliver({ topic: "customers/redact", payload: redactPayload })).status).toBe(200);
    await j.settle();
    expect(await db.job.count({ where: { status: "dead" } })).toBe(0);
    expect(await snapshot()).toBe(after);
    expect(await ledger()).toEqual(ledgerBefore);
    expect(describeHits(await scanForPersonalData(j.stack.db, needles))).toEqual([]);
    expect([...ana.errors, ...bob.errors, ...cy.errors]).toEqual([]);
  });
});
