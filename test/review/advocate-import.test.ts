// Inviting existing customers over real HTTP against the built app. A generated file of 10,000
// rows (bad emails, duplicates in the file, people already advocates, unknown and known Shopify
// customer ids) is uploaded in the admin; the import jobs turn every good row into an advocate
// through the storefront's creation path (code + Shopify discount-code job) and refuse every bad
// one with its reason; the run reaches 100%. Uploading the same file again creates nobody; a
// replayed form starts nothing; another shop gets 404. A Shopify customer segment is imported
// through the sandbox's segments API with invitation emails, caught over SMTP, unsubscribe honoured.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobRegistry } from "../../app/jobs/define-job";
import { runWorker } from "../../app/jobs/worker.server";
import { smtpMailer } from "../../app/notifications/mailer.server";
import { useMailer } from "../../app/notifications/send-email.job.server";
import { decodeHtml } from "../../app/notifications/read-email";
import { unsubscribeUrl } from "../../app/notifications/unsubscribe-token.server";
import { advocateImportBatchJob, advocateImportSegmentPageJob } from "../../app/review/advocate-import.job.server";
import type { ImportProgress } from "../../app/review/advocate-import.server";
import { addCustomer, addSegment, issueToken, upsertShop } from "../../sandbox/admin/state";
import { TEST_API_SECRET } from "../helpers/app-server";
import { startStack, type Stack } from "../helpers/stack";
import { header, startTestSmtp, type TestSmtp } from "../notifications/smtp";
import { activateProgram } from "../pipeline/pipeline-fixtures";
import { adminRequest } from "../program/admin-http";
import { proxyPost } from "../storefront/helpers";

const SHOP_B = "import-other.myshopify.com";
const IMPORT_ROUTE = "routes/app.advocates_.import";
const RUN_ROUTE = "routes/app.advocates_.import_.$id";
const ROWS = 10_000;
const importJobs = createJobRegistry([advocateImportBatchJob, advocateImportSegmentPageJob]);

interface Expected {
  csv: string;
  goodEmails: Set<string>;
  goodGids: Set<string>;
  /** line → reason for every bad row */
  refused: Map<number, string>;
}

/** Shopify-sized customer ids (above 2^53), as the sandbox and Shopify give them. */
const customerNumber = (i: number) => (800_000_000_000_000_000n + BigInt(i)).toString();

function generateFile(known: { existingGuest: string; existingCustomer: string }): Expected {
  const lines = ["email,customer id,name"];
  const goodEmails = new Set<string>();
  const goodGids = new Set<string>();
  const refused = new Map<number, string>();
  for (let i = 0; i < ROWS; i++) {
    const line = i + 2;
    const email = `shopper${i}@example.com`;
    if (i === 5) {
      lines.push(`${known.existingGuest},,Already Here`);
      refused.set(line, "already_advocate");
    } else if (i === 6) {
      lines.push(`someone${i}@example.com,${known.existingCustomer},Also Here`);
      refused.set(line, "already_advocate");
    } else if (i % 50 === 7) {
      lines.push(i % 100 === 7 ? `not-an-email-${i},,Bad` : `"broken@${i}",,Bad`);
      refused.set(line, "bad_email");
    } else if (i % 50 === 13) {
      // The row above (i % 50 === 12) is a good email-only row.
      lines.push(`Shopper${i - 1}@Example.com,,Twice`);
      refused.set(line, "duplicate_in_file");
    } else if (i % 50 === 21) {
      lines.push(`${email},${customerNumber(900_000 + i)},Unknown`);
      refused.set(line, "unknown_customer");
    } else if (i % 10 === 3) {
      lines.push(`${email},${customerNumber(i)},"Name, ${i}"`);
      goodGids.add(`gid://shopify/Customer/${customerNumber(i)}`);
    } else {
      lines.push(`${email},,Shopper ${i}`);
      goodEmails.add(email);
    }
  }
  return { csv: `${lines.join("\r\n")}\r\n`, goodEmails, goodGids, refused };
}

describe(`advocate import (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  let expected: Expected;

  beforeAll(async () => {
    stack = await startStack();
    upsertShop(stack.sandbox.state, { name: "Other Store", currencyCode: "USD", domain: SHOP_B });
    await stack.db.prisma.session.create({ data: { id: `offline_${SHOP_B}`, shop: SHOP_B, state: "installed", isOnline: false, scope: "read_orders", accessToken: issueToken(stack.sandbox.state, SHOP_B) } });
    await stack.db.prisma.shop.create({ data: { id: SHOP_B, currencyCode: "USD" } });
    await activateProgram(stack.db.prisma, stack.shop);
    await activateProgram(stack.db.prisma, SHOP_B);
    // Shopify's side: the customers the file names by id (every tenth row), and one more who is already an advocate.
    const shop = stack.sandbox.state.shops.get(stack.shop)!;
    for (let i = 3; i < ROWS; i += 10) addCustomer(stack.sandbox.state, shop, { id: customerNumber(i), email: `shopper${i}@example.com`, firstName: `Name${i}` });
    addCustomer(stack.sandbox.state, shop, { id: customerNumber(777_777), email: "logged.in@example.com" });
    // Two advocates from before the import, through the storefront: a guest by email, a logged-in customer.
    expect((await proxyPost(stack, "/advocate", { email: "guest.before@example.com" })).status).toBe(200);
    expect((await proxyPost(stack, "/advocate", {}, { customerId: customerNumber(777_777) })).status).toBe(200);
    expected = generateFile({ existingGuest: "guest.before@example.com", existingCustomer: customerNumber(777_777) });
  }, 120_000);
  afterAll(async () => stack?.stop());

  /** Runs the import jobs only (the advocates' own Shopify jobs are checked as queued), until none is left. */
  async function drainImports(): Promise<void> {
    process.env.SHOPIFY_SANDBOX_URL = stack.sandbox.url;
    const controller = new AbortController();
    const worker = runWorker({ db: stack.db.prisma, jobs: importJobs, concurrency: 2, pollMs: 10, signal: controller.signal, backoff: { baseMs: 10, capMs: 50 } });
    for (;;) {
      const busy = await stack.db.prisma.job.count({ where: { name: { in: [...importJobs.keys()] }, status: { in: ["queued", "running"] } } });
      if (busy === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    controller.abort();
    await worker;
  }

  const upload = (csv: string, formKey: string, shop = stack.shop, sendInvite = false) => {
    const form = new FormData();
    form.set("intent", "csv");
    form.set("formKey", formKey);
    form.set("sendInvite", String(sendInvite));
    form.set("file", new Blob([csv], { type: "text/csv" }), "customers.csv");
    return adminRequest(stack.app.url, { shop, path: "/app/advocates/import", route: IMPORT_ROUTE, multipart: form, userId: "7" });
  };
  const progressOf = async (id: string, shop = stack.shop) => adminRequest<{ progress: ImportProgress }>(stack.app.url, { shop, path: `/app/advocates/import/${id}`, route: RUN_ROUTE });

  it("imports a 10,000-row file in jobs: every good row becomes an advocate, every bad row is refused with its reason, progress reaches 100%", async () => {
    const started = await upload(expected.csv, "import-form-0001");
    expect(started.redirect).toMatch(/^\/app\/advocates\/import\/\w+$/);
    const importId = started.redirect!.split("/").at(-1)!;

    // Stored, not yet worked: only what the file alone shows is refused so far.
    const before = await progressOf(importId);
    expect(before.data!.progress).toMatchObject({ status: "running", total: ROWS, created: 0 });
    expect(before.data!.progress.percent).toBeLessThan(100);

    await drainImports();
    const after = await progressOf(importId);
    const good = expected.goodEmails.size + expected.goodGids.size;
    expect(after.data!.progress).toMatchObject({ status: "done", percent: 100, total: ROWS, created: good, refused: expected.refused.size, pending: 0 });

    // Every good row is an advocate, once.
    const advocates = await stack.db.prisma.advocate.findMany({ where: { shopId: stack.shop }, select: { id: true, email: true, customerGid: true, code: true } });
    const guests = advocates.filter((a) => a.email && expected.goodEmails.has(a.email));
    const customers = advocates.filter((a) => a.customerGid && expected.goodGids.has(a.customerGid));
    expect(new Set(guests.map((a) => a.email)).size).toBe(expected.goodEmails.size);
    expect(guests).toHaveLength(expected.goodEmails.size);
    expect(customers).toHaveLength(expected.goodGids.size);
    expect(advocates).toHaveLength(good + 2);
    // Made by the storefront's own path: each new advocate's Shopify discount code is queued (and a customer's metafield).
    const codeJobs = await stack.db.prisma.job.count({ where: { shopId: stack.shop, name: "storefront.advocate-discount-code" } });
    expect(codeJobs).toBe(good + 2);
    expect(await stack.db.prisma.job.count({ where: { shopId: stack.shop, name: "storefront.customer-code" } })).toBe(expected.goodGids.size + 1);

    // Every bad row is refused with its own reason, and no good row is.
    const refusedRows = await stack.db.prisma.advocateImportRow.findMany({ where: { importId, status: "refused" }, select: { line: true, reason: true } });
    expect(new Map(refusedRows.map((r) => [r.line, r.reason]))).toEqual(expected.refused);
    const reasons = after.data!.progress.refusedByReason.map((r) => r.reason).sort();
    expect(reasons).toEqual(["already_advocate", "bad_email", "duplicate_in_file", "unknown_customer"]);

    // The refused rows download as a CSV the merchant can fix.
    const token = (await import("../../sandbox/storefront/session-token")).createSessionToken({ shop: stack.shop, apiKey: (await import("../helpers/app-server")).TEST_API_KEY, apiSecret: TEST_API_SECRET, userId: "7" }).token;
    const ua = { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36" };
    const csv = await fetch(`${stack.app.url}/app/advocates/import/${importId}/refused`, { headers: { ...ua, Authorization: `Bearer ${token}` } });
    expect(csv.status).toBe(200);
    const csvLines = (await csv.text()).trim().split("\r\n");
    expect(csvLines).toHaveLength(expected.refused.size + 1);
    expect(csvLines[1]).toBe("7,guest.before@example.com,,Already Here,Duplicate: already an advocate");

    // Audited once, by the staff member.
    expect(await stack.db.prisma.auditLog.findMany({ where: { action: "advocate.import_started" }, select: { actor: true, subjectId: true, shopId: true } })).toEqual([
      { actor: "staff:7", subjectId: importId, shopId: stack.shop },
    ]);

    // The same form again: the same run, nothing new.
    const replay = await upload(expected.csv, "import-form-0001");
    expect(replay.redirect).toBe(`/app/advocates/import/${importId}`);
    expect(await stack.db.prisma.advocateImport.count()).toBe(1);

    // Another shop's staff cannot see the run or its refused rows.
    expect((await progressOf(importId, SHOP_B)).status).toBe(404);
    const tokenB = (await import("../../sandbox/storefront/session-token")).createSessionToken({ shop: SHOP_B, apiKey: (await import("../helpers/app-server")).TEST_API_KEY, apiSecret: TEST_API_SECRET, userId: "8" }).token;
    expect((await fetch(`${stack.app.url}/app/advocates/import/${importId}/refused`, { headers: { ...ua, Authorization: `Bearer ${tokenB}` } })).status).toBe(404);
  }, 600_000);

  it("uploading the same file again creates nobody: its good rows are refused as already advocates", async () => {
    const count = await stack.db.prisma.advocate.count({ where: { shopId: stack.shop } });
    const again = await upload(expected.csv, "import-form-0002");
    const importId = again.redirect!.split("/").at(-1)!;
    await drainImports();
    const progress = (await progressOf(importId)).data!.progress;
    expect(progress).toMatchObject({ status: "done", percent: 100, created: 0, refused: ROWS });
    expect(await stack.db.prisma.advocate.count({ where: { shopId: stack.shop } })).toBe(count);
    const already = await stack.db.prisma.advocateImportRow.count({ where: { importId, reason: "already_advocate" } });
    expect(already).toBe(expected.goodEmails.size + expected.goodGids.size + 2);
  }, 600_000);

  it("refuses a file without an email column with 422 and stores nothing", async () => {
    const bad = await upload("name\nAda\n", "import-form-0003");
    expect(bad.status).toBe(422);
    expect(await stack.db.prisma.advocateImport.count({ where: { formKey: "import-form-0003" } })).toBe(0);
  });
});

// Its own stack: draining every job here runs the new advocates' Shopify jobs, which the 10,000-row run leaves queued.
describe(`advocate import from a customer segment (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  let smtp: TestSmtp;
  beforeAll(async () => {
    stack = await startStack();
    smtp = await startTestSmtp();
    useMailer(smtpMailer({ SMTP_URL: smtp.url }));
    upsertShop(stack.sandbox.state, { name: "Other Store", currencyCode: "USD", domain: SHOP_B });
    await stack.db.prisma.session.create({ data: { id: `offline_${SHOP_B}`, shop: SHOP_B, state: "installed", isOnline: false, scope: "read_orders", accessToken: issueToken(stack.sandbox.state, SHOP_B) } });
    await stack.db.prisma.shop.create({ data: { id: SHOP_B, currencyCode: "USD" } });
    await activateProgram(stack.db.prisma, stack.shop);
    const shop = stack.sandbox.state.shops.get(stack.shop)!;
    addCustomer(stack.sandbox.state, shop, { id: customerNumber(777_777), email: "logged.in@example.com" });
    expect((await proxyPost(stack, "/advocate", {}, { customerId: customerNumber(777_777) })).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    useMailer(undefined);
    await smtp?.close();
    await stack?.stop();
  });
  const progressOf = async (id: string, shop = stack.shop) => adminRequest<{ progress: ImportProgress }>(stack.app.url, { shop, path: `/app/advocates/import/${id}`, route: RUN_ROUTE });

  it("imports a Shopify customer segment through the Admin API and emails the invitation, unsubscribe honoured", async () => {
    const state = stack.sandbox.state;
    const shop = state.shops.get(stack.shop)!;
    const vip = [
      addCustomer(state, shop, { id: customerNumber(50_001), email: "vip.one@example.com", firstName: "Vera" }),
      addCustomer(state, shop, { id: customerNumber(50_002), email: "vip.two@example.com", firstName: "Otto" }),
      addCustomer(state, shop, { id: customerNumber(50_003), email: "vip.quiet@example.com", firstName: "Quinn" }),
    ];
    // Already an advocate (from the storefront) and in the segment.
    const segment = addSegment(state, shop, { name: "VIP customers", customerIds: [...vip.map((c) => c.id), `gid://shopify/Customer/${customerNumber(777_777)}`] });
    // One of them unsubscribed from the shop's emails earlier (the link every email carries).
    const optOut = await fetch(unsubscribeUrl(stack.app.url, TEST_API_SECRET, { shop: stack.shop, email: "vip.quiet@example.com" }), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(optOut.status).toBeLessThan(300);

    const page = await adminRequest<{ segments: { id: string; name: string }[] }>(stack.app.url, { shop: stack.shop, path: "/app/advocates/import", route: IMPORT_ROUTE });
    expect(page.data!.segments).toContainEqual({ id: segment.id, name: "VIP customers" });

    const form = { intent: "segment", segmentId: segment.id, segmentName: "VIP customers", sendInvite: "true", formKey: "segment-form-0001" };
    const started = await adminRequest(stack.app.url, { shop: stack.shop, path: "/app/advocates/import", route: IMPORT_ROUTE, form, userId: "7" });
    const importId = started.redirect!.split("/").at(-1)!;
    await stack.drainJobs();

    const progress = (await progressOf(importId)).data!.progress;
    expect(progress).toMatchObject({ status: "done", percent: 100, total: 4, created: 3, refused: 1 });
    const rows = await stack.db.prisma.advocateImportRow.findMany({ where: { importId }, orderBy: { line: "asc" }, select: { customerGid: true, status: true, reason: true, advocateId: true } });
    expect(rows.map((r) => [r.customerGid, r.status, r.reason])).toEqual([
      [vip[0].id, "created", null],
      [vip[1].id, "created", null],
      [vip[2].id, "created", null],
      [`gid://shopify/Customer/${customerNumber(777_777)}`, "refused", "already_advocate"],
    ]);
    // Their codes exist in Shopify, as for any advocate.
    const advocates = await stack.db.prisma.advocate.findMany({ where: { id: { in: rows.slice(0, 3).map((r) => r.advocateId!) } } });
    for (const a of advocates) expect([...shop.discounts.values()].some((d) => d.code === a.code)).toBe(true);

    // The invitation reached the two who did not unsubscribe, with their own link; the third was skipped.
    const invites = smtp.received.filter((m) => m.subject.includes("Share"));
    expect(invites.map((m) => m.to[0]).sort()).toEqual(["vip.one@example.com", "vip.two@example.com"]);
    for (const mail of invites) {
      const advocate = advocates.find((a) => a.customerGid === vip.find((c) => c.email === mail.to[0])!.id)!;
      expect(mail.text).toContain(`/apps/twofold/r/${advocate.code}`);
      // The HTML part (MJML) carries the link and the code in its box.
      const html = decodeHtml(mail.raw) ?? "";
      expect(html).toContain("twofold-code");
      expect(html).toContain(advocate.code);
      expect(header(mail.raw, "List-Unsubscribe")).toContain("/unsubscribe/");
    }
    const skipped = await stack.db.prisma.sentEmail.findMany({ where: { shopId: stack.shop, kind: "advocate_invite", status: "skipped" }, select: { lastError: true } });
    expect(skipped).toEqual([{ lastError: "the customer opted out of emails" }]);

    // The segment was read through the Admin API (customerSegmentMembers), under the shop's budget.
    expect(shop.requestLog.some((r) => r.fields.includes("customerSegmentMembers"))).toBe(true);
    expect((await progressOf(importId, SHOP_B)).status).toBe(404);

    // Another shop naming this shop's segment: Shopify does not know it in that store, the run ends with the reason and imports nobody.
    expect((await adminRequest(stack.app.url, { shop: SHOP_B, path: "/app/advocates/import", route: IMPORT_ROUTE, form: { ...form, formKey: "segment-form-b001" } })).status).toBe(409);
    await activateProgram(stack.db.prisma, SHOP_B);
    const other = await adminRequest(stack.app.url, { shop: SHOP_B, path: "/app/advocates/import", route: IMPORT_ROUTE, form: { ...form, formKey: "segment-form-b002" } });
    const otherId = other.redirect!.split("/").at(-1)!;
    await stack.drainJobs();
    expect((await progressOf(otherId, SHOP_B)).data!.progress).toMatchObject({ status: "done", percent: 100, total: 0, created: 0, problem: expect.stringContaining("Segment does not exist") });
    expect(await stack.db.prisma.advocate.count({ where: { shopId: SHOP_B } })).toBe(0);
  }, 300_000);
});
