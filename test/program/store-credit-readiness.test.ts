// Store-credit readiness over real HTTP: the app reads shop.customerAccountsV2 from the sandbox
// (new customer accounts for one shop, classic for the other), and onboarding and the program
// editor say plainly whether customers can spend store credit, defaulting the advocate reward
// to store credit or to a customer-bound discount code accordingly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueToken, upsertShop } from "../../sandbox/admin/state";
import { startStack, type Stack } from "../helpers/stack";
import { adminRequest } from "./admin-http";

const CLASSIC_SHOP = "classic-accounts.myshopify.com";
type Readiness = { tone: string; title: string; message: string; defaultKind: string };
type Onboarding = { readiness: Readiness; form: Record<string, string> };
type Editor = { canSpendStoreCredit: boolean | null; readiness: Readiness; form: Record<string, string>; version: number | null };

describe(`store-credit readiness (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ shop: { customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS" } });
    upsertShop(stack.sandbox.state, { domain: CLASSIC_SHOP, name: "Classic Store", currencyCode: "USD", customerAccountsVersion: "CLASSIC" });
    const token = issueToken(stack.sandbox.state, CLASSIC_SHOP);
    await stack.db.prisma.session.create({ data: { id: `offline_${CLASSIC_SHOP}`, shop: CLASSIC_SHOP, state: "installed", isOnline: false, scope: "read_orders", accessToken: token } });
    await stack.db.prisma.shop.create({ data: { id: CLASSIC_SHOP } });
  });
  afterAll(async () => stack?.stop());

  const onboarding = (shop: string, form?: Record<string, string>) => adminRequest<Onboarding>(stack.app.url, { shop, path: "/app/onboarding", route: "routes/app.onboarding", form });
  const editor = (shop: string) => adminRequest<Editor>(stack.app.url, { shop, path: "/app/program", route: "routes/app.program" });

  it.each([
    ["NEW_CUSTOMER_ACCOUNTS", "main", "success", "Your customers can spend store credit", "store_credit", true],
    ["CLASSIC", "classic", "warning", "Your customers cannot spend store credit", "discount_code", false],
  ] as const)("%s: the sandbox's answer is stored, onboarding and the editor say it and default to the matching reward", async (version, which, tone, title, kind, canSpend) => {
    const shop = which === "main" ? stack.shop : CLASSIC_SHOP;
    const page = await onboarding(shop);
    expect(page.status).toBe(200);
    expect(page.data!.readiness).toMatchObject({ tone, title, defaultKind: kind });
    expect(page.data!.form["advocateReward.kind"]).toBe(kind);
    // Read from the sandbox's Admin API (shop.customerAccountsV2) and kept on the Shop row.
    expect((await stack.db.prisma.shop.findUniqueOrThrow({ where: { id: shop } })).customerAccountsVersion).toBe(version);
    const asked = stack.sandbox.state.shops.get(shop)!.requestLog.filter((r) => r.query.includes("customerAccountsV2"));
    expect(asked.length).toBeGreaterThan(0);

    // "Use these settings" saves the default: the advocate reward kind follows readiness.
    expect((await onboarding(shop, {})).redirect).toMatch(/\/app\/program$/);
    const saved = await stack.db.prisma.programVersion.findFirstOrThrow({ where: { shopId: shop } });
    expect((saved.config as { advocateReward: { kind: string } }).advocateReward.kind).toBe(kind);

    const edit = await editor(shop);
    expect(edit.data).toMatchObject({ canSpendStoreCredit: canSpend, version: 1, readiness: { tone, title } });
    expect(edit.data!.form["advocateReward.kind"]).toBe(kind);
  });
});
