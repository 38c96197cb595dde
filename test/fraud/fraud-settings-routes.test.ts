// The fraud settings page over real HTTP against the built app: a valid save is stored, audited
// with the staff member and scores the next order; invalid input gets 422 with an error per
// field and saves nothing; one shop never sees or changes another's settings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderPayload } from "../../sandbox/storefront/payloads";
import { startStack, type Stack } from "../helpers/stack";
import { activateProgram, createAdvocate, sandboxCustomer } from "../pipeline/pipeline-fixtures";
import { adminRequest } from "../program/admin-http";

const SHOP_B = "fraud-other.myshopify.com";
const PATH = "/app/fraud";
const ROUTE = "routes/app.fraud";
type Page = { form: Record<string, string>; rules: { id: string; fields: { key: string }[] }[]; savedBy: string | null };
type Result = { ok: boolean; error?: string; fieldErrors?: Record<string, string> };

describe(`fraud settings page (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    const { upsertShop, issueToken } = await import("../../sandbox/admin/state");
    upsertShop(stack.sandbox.state, { name: "Other Store", currencyCode: "USD", domain: SHOP_B });
    const token = issueToken(stack.sandbox.state, SHOP_B);
    await stack.db.prisma.session.create({ data: { id: `offline_${SHOP_B}`, shop: SHOP_B, state: "installed", isOnline: false, scope: "read_orders", accessToken: token } });
    await stack.db.prisma.shop.create({ data: { id: SHOP_B, currencyCode: "USD" } });
  });
  afterAll(async () => stack?.stop());

  const page = (shop = stack.shop) => adminRequest<Page>(stack.app.url, { shop, path: PATH, route: ROUTE });
  const save = (form: Record<string, string>, shop = stack.shop, userId = "42") => adminRequest<Result>(stack.app.url, { shop, path: PATH, route: ROUTE, form, userId });
  const stored = (shop: string) => stack.db.prisma.fraudSettings.findUnique({ where: { shopId: shop } });
  const audits = (shop: string) => stack.db.prisma.auditLog.findMany({ where: { shopId: shop, action: "fraud.settings_saved" } });

  it("refuses a request without a session token and saves nothing", async () => {
    const res = await adminRequest(stack.app.url, { shop: stack.shop, path: PATH, route: ROUTE, form: { threshold: "10" }, token: null });
    expect(res).toMatchObject({ data: undefined, redirect: "/auth/login" });
    expect(await stack.db.prisma.fraudSettings.count()).toBe(0);
  });

  it("shows the defaults, every rule and every rule's own settings before anything is saved", async () => {
    const res = await page();
    expect(res.status).toBe(200);
    const { form, rules, savedBy } = res.data!;
    expect(savedBy).toBeNull();
    expect(form).toMatchObject({ threshold: "60", thresholdAction: "hold", "rule.self_referral.mode": "score", "rule.self_referral.weight": "100", "rule.velocity.config.windowHours": "24", "rule.self_referral.config.matchPayment": "on", "rule.self_referral.config.matchAddress": "" });
    expect(rules.map((r) => r.id)).toEqual(["self_referral", "shared_device", "velocity", "disposable_email", "unusual_order_value", "fast_conversion"]);
    for (const rule of rules) for (const f of rule.fields) expect(Object.keys(form)).toContain(`rule.${rule.id}.config.${f.key}`);
  });

  it("saves valid settings, audits them with the staff member, and shows them back", async () => {
    const form = {
      ...(await page()).data!.form,
      threshold: "45",
      thresholdAction: "reject",
      "rule.self_referral.mode": "hold",
      "rule.disposable_email.mode": "off",
      "rule.disposable_email.config.extraDomains": "Junkmail.example, @burner.test\nburner.test",
      "rule.velocity.weight": "50",
      "rule.velocity.config.windowHours": "6",
      "rule.unusual_order_value.config.highFactor": "3.5",
    };
    delete (form as Record<string, string>)["rule.self_referral.config.matchPayment"]; // unticked checkbox: not posted
    const res = await save(form, stack.shop, "77");
    expect(res).toMatchObject({ status: 200, data: { ok: true } });
    const row = await stored(stack.shop);
    expect(row).toMatchObject({ updatedBy: "staff:77" });
    const settings = row!.settings as { threshold: number; thresholdAction: string; rules: Record<string, { enabled: boolean; action: string; weight: number; config: Record<string, unknown> }> };
    expect(settings).toMatchObject({ threshold: 45, thresholdAction: "reject" });
    expect(settings.rules.self_referral).toMatchObject({ enabled: true, action: "hold", config: { matchPayment: false, matchAddress: false } });
    expect(settings.rules.disposable_email).toMatchObject({ enabled: false, config: { extraDomains: ["junkmail.example", "burner.test"] } });
    expect(settings.rules.velocity).toMatchObject({ enabled: true, weight: 50, config: { windowHours: 6, maxPerIp: 5 } });
    expect(settings.rules.unusual_order_value.config.highFactor).toBe(3.5);
    expect((await audits(stack.shop)).map((a) => [a.actor, (a.data as { after: { threshold: number } }).after.threshold])).toEqual([["staff:77", 45]]);
    const again = (await page()).data!;
    expect(again.savedBy).toBe("staff:77");
    expect(again.form).toMatchObject({ threshold: "45", "rule.self_referral.mode": "hold", "rule.disposable_email.mode": "off", "rule.disposable_email.config.extraDomains": "junkmail.example\nburner.test", "rule.self_referral.config.matchPayment": "" });
  });

  it("the saved settings decide the next referral order: self-referral set to hold is held for review", async () => {
    await activateProgram(stack.db.prisma, stack.shop);
    const advocate = sandboxCustomer(stack.sandbox.state, stack.shop, "vera@example.com");
    await createAdvocate(stack.db.prisma, stack.shop, "VERA", advocate);
    await stack.deliver({ topic: "orders/paid", payload: orderPayload({ email: advocate.email, customer: { id: advocate.id, email: advocate.email }, noteAttributes: [{ name: "_twofold_ref", value: "VERA" }], lineItems: [{ title: "Coat", price: "80.00" }] }) });
    await stack.drainJobs();
    const referral = await stack.db.prisma.referral.findFirstOrThrow({ where: { shopId: stack.shop, advocate: { code: "VERA" } } });
    expect(referral.status).toBe("held");
  });

  it("rejects invalid input with 422, an error on each bad field, and saves nothing", async () => {
    const before = await stored(stack.shop);
    const form = {
      ...(await page()).data!.form,
      threshold: "0",
      thresholdAction: "maybe",
      "rule.velocity.mode": "sometimes",
      "rule.velocity.weight": "150",
      "rule.velocity.config.windowHours": "-3",
      "rule.unusual_order_value.config.lowFactor": "2",
      "rule.fast_conversion.config.minSeconds": "ten",
      "rule.disposable_email.config.extraDomains": "ok.example, not a domain",
    };
    const res = await save(form);
    expect(res.status).toBe(422);
    expect(res.data!.ok).toBe(false);
    expect(res.data!.error).toMatch(/Nothing was saved/);
    expect(res.data!.fieldErrors).toEqual({
      threshold: "Enter a whole number from 1 to 100",
      thresholdAction: expect.stringMatching(/held for review or rejected/),
      "rule.velocity.mode": expect.stringMatching(/Choose what/),
      "rule.velocity.weight": "Enter a whole number from 0 to 100",
      "rule.velocity.config.windowHours": "Enter a whole number from 1 to 720",
      "rule.unusual_order_value.config.lowFactor": "Enter a number from 0.01 to 0.99",
      "rule.fast_conversion.config.minSeconds": "Enter a whole number from 1 to 86400",
      "rule.disposable_email.config.extraDomains": expect.stringMatching(/^Not a domain: not, a, domain/),
    });
    // One bad field among good ones still saves nothing.
    const oneBad = await save({ ...(await page()).data!.form, threshold: "70", "rule.velocity.weight": "1.5" });
    expect(oneBad.status).toBe(422);
    expect(Object.keys(oneBad.data!.fieldErrors!)).toEqual(["rule.velocity.weight"]);
    const after = await stored(stack.shop);
    expect(after!.settings).toEqual(before!.settings);
    expect(after!.updatedAt).toEqual(before!.updatedAt);
    expect(await audits(stack.shop)).toHaveLength(1);
  });

  it("one shop never sees or changes another shop's settings", async () => {
    const a = (await stored(stack.shop))!;
    const pageB = (await page(SHOP_B)).data!;
    expect(pageB.savedBy).toBeNull();
    expect(pageB.form.threshold).toBe("60");
    const res = await save({ ...pageB.form, threshold: "90" }, SHOP_B, "99");
    expect(res.data).toMatchObject({ ok: true });
    expect(((await stored(SHOP_B))!.settings as { threshold: number }).threshold).toBe(90);
    const aAfter = (await stored(stack.shop))!;
    expect(aAfter.settings).toEqual(a.settings);
    expect(aAfter.updatedBy).toBe("staff:77");
    expect((await page()).data!.form.threshold).toBe("45");
    expect((await audits(SHOP_B)).map((x) => x.actor)).toEqual(["staff:99"]);
    expect(await audits(stack.shop)).toHaveLength(1);
  });
});
