// The program admin pages over real HTTP: the built app, session tokens, a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configToForm } from "../../app/program/program-form";
import { defaultProgramConfig } from "../../app/program/program-text";
import { createSessionToken } from "../../sandbox/storefront/session-token";
import { TEST_API_KEY } from "../helpers/app-server";
import { startStack, type Stack } from "../helpers/stack";
import { adminRequest } from "./admin-http";

type Editor = { currency: string; canSpendStoreCredit: boolean | null; status: string | null; version: number | null; form: Record<string, string>; history: Array<{ version: number; createdBy: string; changes: string[]; current: boolean }> };
type ActionResult = { ok: boolean; version?: number; status?: string; error?: string; fieldErrors?: Record<string, string> };

const SHOP_B = "other-store.myshopify.com";

describe(`program admin routes (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    // A second installed shop, in another currency, on classic customer accounts. Twofold
    // has not read its currency yet: the first admin page reads it from the Admin API.
    const { upsertShop, issueToken } = await import("../../sandbox/admin/state");
    upsertShop(stack.sandbox.state, { name: "Other Store", currencyCode: "JPY", domain: SHOP_B, customerAccountsVersion: "CLASSIC" });
    const accessToken = issueToken(stack.sandbox.state, SHOP_B);
    await stack.db.prisma.session.create({ data: { id: `offline_${SHOP_B}`, shop: SHOP_B, state: "installed", isOnline: false, scope: "read_orders", accessToken } });
    await stack.db.prisma.shop.create({ data: { id: SHOP_B } });
  });
  afterAll(async () => stack?.stop());

  const editor = (shop = stack.shop) => adminRequest<Editor>(stack.app.url, { shop, path: "/app/program", route: "routes/app.program" });
  const post = (form: Record<string, string>, shop = stack.shop, userId = "42") =>
    adminRequest<ActionResult>(stack.app.url, { shop, path: "/app/program", route: "routes/app.program", form, userId });
  const versions = (shop: string) => stack.db.prisma.programVersion.count({ where: { shopId: shop } });

  it("refuses a request without a session token, or with a forged one, and changes nothing", async () => {
    const route = { shop: stack.shop, path: "/app/program", route: "routes/app.program", form: { intent: "activate" } };
    const anonymous = await adminRequest(stack.app.url, { ...route, token: null });
    expect(anonymous).toMatchObject({ data: undefined, redirect: "/auth/login" });
    const forged = createSessionToken({ shop: stack.shop, apiKey: TEST_API_KEY, apiSecret: "not-the-app-secret" }).token;
    const res = await adminRequest(stack.app.url, { ...route, token: forged });
    expect(res.status).toBe(401);
    expect(res.data).toBeUndefined();
    expect(await stack.db.prisma.program.count()).toBe(0);
    expect(await stack.db.prisma.auditLog.count()).toBe(0);
  });

  it("sends a first-time merchant to onboarding, whose default program is saved paused as version 1", async () => {
    const first = await editor();
    expect(first.redirect).toMatch(/\/app\/onboarding$/);
    const onboarding = await adminRequest<{ currency: string; alreadySetUp: boolean }>(stack.app.url, { shop: stack.shop, path: "/app/onboarding", route: "routes/app.onboarding" });
    expect(onboarding.data).toMatchObject({ currency: "USD", alreadySetUp: false });
    const accepted = await adminRequest(stack.app.url, { shop: stack.shop, path: "/app/onboarding", route: "routes/app.onboarding", form: {} });
    expect(accepted.redirect).toMatch(/\/app\/program$/);
    const page = await editor();
    expect(page.data).toMatchObject({ currency: "USD", status: "paused", version: 1 });
    expect(page.data!.form["advocateReward.amountMinor"]).toBe("10.00");
    expect(page.data!.form["friendReward.percent"]).toBe("15");
  });

  it("saves an edited program as a new version and lists what changed and who saved it", async () => {
    const form = { ...(await editor()).data!.form, "friendReward.percent": "20", "advocateReward.amountMinor": "12.50", intent: "save", note: "Spring" };
    const saved = await post(form, stack.shop, "77");
    expect(saved).toMatchObject({ status: 200, data: { ok: true, version: 2 } });
    const page = (await editor()).data!;
    expect(page.version).toBe(2);
    expect(page.history.map((v) => [v.version, v.createdBy, v.current])).toEqual([
      [2, "staff:77", true],
      [1, "staff:42", false],
    ]);
    // The terms were Twofold's for version 1: they follow the new rewards.
    expect(page.history[0].changes).toEqual(["Friend discount: 15% → 20%", "Advocate reward: $10.00 → $12.50", "Program terms rewritten from the settings"]);
    const stored = await stack.db.prisma.programVersion.findFirstOrThrow({ where: { shopId: stack.shop, version: 2 } });
    expect((stored.config as { advocateReward: { amountMinor: number } }).advocateReward.amountMinor).toBe(1250);
    expect(page.form.terms).toContain("Your friend gets 20% off their first order.\nYou get $12.50 in store credit");
  });

  it("rejects invalid input with 422 and an error for each field, saving nothing", async () => {
    const before = await versions(stack.shop);
    const form = {
      ...(await editor()).data!.form,
      "friendReward.percent": "150",
      "advocateReward.type": "percentage",
      "advocateReward.percent": "10",
      "advocateReward.capMinor": "",
      "limits.monthlyBudgetMinor": "12.345",
      shareMessage: "No link here",
      intent: "save",
    };
    const res = await post(form);
    expect(res.status).toBe(422);
    expect(res.data).toEqual({
      ok: false,
      error: "Check the highlighted fields",
      fieldErrors: {
        "friendReward.percent": "The friend's discount must be between 1 and 100",
        "advocateReward.capMinor": "A percentage reward needs a maximum amount (cap)",
        "limits.monthlyBudgetMinor": "USD amounts can have at most 2 decimal places",
        shareMessage: "The share message must contain {{link}}",
      },
    });
    expect(await versions(stack.shop)).toBe(before);
  });

  it("saves milestone bonuses and limits, and reports a bad milestone next to its row", async () => {
    const form = (await editor()).data!.form;
    const bad = await post({ ...form, "milestones.0.referrals": "5", "milestones.0.bonusMinor": "20", "milestones.1.referrals": "5", "milestones.1.bonusMinor": "x", intent: "save" });
    expect(bad.status).toBe(422);
    expect(bad.data!.fieldErrors).toEqual({ "milestones.1.bonusMinor": "Enter an amount such as 10.00" });
    const duplicate = await post({ ...form, "milestones.0.referrals": "5", "milestones.0.bonusMinor": "20", "milestones.1.referrals": "5", "milestones.1.bonusMinor": "30", intent: "save" });
    expect(duplicate.data!.fieldErrors).toEqual({ "milestones.1.referrals": "Two milestones have the same number of referrals" });
    const good = await post({ ...form, "milestones.0.referrals": "5", "milestones.0.bonusMinor": "20", "limits.monthlyBudgetMinor": "500", "limits.onLimit": "skip", intent: "save" });
    expect(good.data).toMatchObject({ ok: true, version: 3 });
    expect((await editor()).data!.history[0].changes).toEqual([
      "Monthly budget: no limit → $500.00",
      "At a limit: hold for review → skip the reward",
      "Milestones: none → 5 referrals: +$20.00",
    ]);
  });

  it("refuses a program in another currency than the shop's", async () => {
    const res = await post({ ...configToForm(defaultProgramConfig("EUR")), intent: "save" });
    expect(res.status).toBe(422);
    expect(res.data!.fieldErrors).toEqual({ currency: "Rewards must be in your store's currency (USD), not EUR." });
  });

  it("turns the program on and off, audited", async () => {
    expect((await post({ intent: "activate" })).data).toEqual({ ok: true, intent: "activate", status: "active" });
    expect((await editor()).data!.status).toBe("active");
    expect((await post({ intent: "pause" })).data).toEqual({ ok: true, intent: "pause", status: "paused" });
    expect((await editor()).data!.status).toBe("paused");
    const audit = await stack.db.prisma.auditLog.findMany({ where: { shopId: stack.shop, subjectType: "Program" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ["program.activated", "staff:42"],
      ["program.paused", "staff:42"],
    ]);
  });

  it("keeps shop B to its own program: B never reads or changes A's", async () => {
    const aBefore = await stack.db.prisma.program.findUniqueOrThrow({ where: { shopId: stack.shop } });
    const aVersions = await versions(stack.shop);
    // B has no program yet: it is sent to onboarding, not shown A's.
    expect((await editor(SHOP_B)).redirect).toMatch(/\/app\/onboarding$/);
    const onboarding = await adminRequest<{ currency: string; form: Record<string, string> }>(stack.app.url, { shop: SHOP_B, path: "/app/onboarding", route: "routes/app.onboarding" });
    expect(onboarding.data!.currency).toBe("JPY");
    expect(onboarding.data!.form["advocateReward.amountMinor"]).toBe("1500");
    // Classic accounts cannot spend store credit: the default pays the advocate with a code.
    expect(onboarding.data!.form["advocateReward.kind"]).toBe("discount_code");
    expect(await stack.db.prisma.shop.findUniqueOrThrow({ where: { id: SHOP_B } })).toMatchObject({ currencyCode: "JPY", name: "Other Store" });
    // "Edit before saving": B's own defaults, nothing saved yet.
    const fresh = await adminRequest<Editor>(stack.app.url, { shop: SHOP_B, path: "/app/program", route: "routes/app.program", query: "new=1" });
    expect(fresh.data).toMatchObject({ version: null, status: null, history: [], currency: "JPY" });
    expect(fresh.data!.form["advocateReward.amountMinor"]).toBe("1500");
    // B turning "the program" on affects nothing of A's (B has none to turn on).
    const activate = await post({ intent: "activate" }, SHOP_B);
    expect(activate.status).toBe(422);
    // B saving creates B's own version 1.
    const saved = await post({ ...onboarding.data!.form, intent: "save" }, SHOP_B);
    expect(saved.data).toMatchObject({ ok: true, version: 1 });
    const bPage = (await editor(SHOP_B)).data!;
    expect(bPage.history.map((v) => v.version)).toEqual([1]);
    expect(bPage).toMatchObject({ currency: "JPY", canSpendStoreCredit: false });
    // A is untouched.
    expect(await stack.db.prisma.program.findUniqueOrThrow({ where: { shopId: stack.shop } })).toEqual(aBefore);
    expect(await versions(stack.shop)).toBe(aVersions);
    expect((await editor()).data!.history[0].version).toBe(3);
  });

  it("keeps generated terms in step with a form posted back with only a setting changed, and the merchant's own terms as written", async () => {
    // As the demo's seed saves it: the page's form back with the monthly limit removed.
    const form = (await editor()).data!.form;
    expect(form.terms).toContain("You can earn at most 10 rewards per month.");
    const limitless = await post({ ...form, "limits.maxRewardsPerAdvocatePerMonth": "", intent: "save" });
    expect(limitless.data).toMatchObject({ ok: true });
    const page = (await editor()).data!;
    expect(page.history[0].changes).toEqual(["Rewards per advocate per month: 10 → no limit", "Program terms rewritten from the settings"]);
    expect(page.form.terms).not.toContain("rewards per month");
    expect(page.form.terms).toContain("Your friend gets 20% off their first order.");

    // Terms the merchant wrote are theirs: saved as written, and left alone by later changes.
    const own = "Friends get 20% off. You get $12.50 for each friend who orders.";
    await post({ ...page.form, terms: own, intent: "save" });
    await post({ ...(await editor()).data!.form, "friendReward.percent": "25", intent: "save" });
    const after = (await editor()).data!;
    expect(after.form).toMatchObject({ terms: own, "friendReward.percent": "25" });
    expect(after.history.slice(0, 2).map((v) => v.changes)).toEqual([["Friend discount: 20% → 25%"], ["Program terms edited"]]);
  });
});
