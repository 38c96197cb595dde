// The customer-account referral page's API over real HTTP: tokens signed like Shopify's
// customer account session tokens (HS256 with the app secret, aud = API key, dest = shop,
// sub = customer GID). Refusals are 401/403 with CORS and write nothing; an accepted token
// sees its own customer's link, friends (initials only), rewards and store credit, in its
// own shop only. Also the extension's fetch code against the running app, and its bundle.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCustomer } from "../../sandbox/admin/state";
import { signJwtHs256 } from "../../sandbox/storefront/session-token";
import { buildExtensions, UI_EXTENSION_LIMIT_BYTES } from "../../scripts/build-extensions.mjs";
import { fetchReferralPage, type ReferralPage } from "../../extensions/twofold-customer-account/src/fetch-page";
import { createAdminClient } from "../../app/shopify/admin-client.server";
import { creditStoreCredit } from "../../app/shopify/store-credit.server";
import { TEST_API_KEY, TEST_API_SECRET } from "../helpers/app-server";
import { startStack, type Stack } from "../helpers/stack";
import { startProgram } from "../storefront/helpers";

const ORIGIN = "https://extensions.shopifycdn.com";
const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const ALICE = "gid://shopify/Customer/5001";
const BOB = "gid://shopify/Customer/5002";
const NEWCOMER = "gid://shopify/Customer/5003";
const OTHER_SHOP = "other-store.myshopify.com";
const DAY = 86_400_000;

function accountToken(
  dest: string,
  options: { sub?: string | null; secret?: string; aud?: string; expiresIn?: number; notBefore?: number } = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  const sub = options.sub === undefined ? ALICE : options.sub;
  return signJwtHs256(
    {
      dest,
      aud: options.aud ?? TEST_API_KEY,
      ...(sub ? { sub } : {}),
      exp: now + (options.expiresIn ?? 300),
      nbf: now + (options.notBefore ?? -5),
      iat: now - 5,
      jti: randomUUID(),
    },
    options.secret ?? TEST_API_SECRET,
  );
}

describe("customer account extension: /api/customer-account", () => {
  let stack: Stack;

  async function seedReferrals(shop: string, customerGid: string, code: string, friends: Array<{ email: string; status: string; reward?: { status: string; amountMinor: bigint; issuedAt?: Date; expiresAt?: Date; kind?: string; discountCode?: string } }>) {
    const prisma = stack.db.prisma;
    const program = await prisma.program.findUniqueOrThrow({ where: { shopId: shop } });
    const advocate = await prisma.advocate.create({ data: { shopId: shop, customerGid, email: `${code.toLowerCase()}@advocates.example`, code } });
    let n = 0;
    for (const f of friends) {
      const referral = await prisma.referral.create({
        data: {
          shopId: shop, advocateId: advocate.id, programVersionId: program.currentVersionId!, friendEmail: f.email, status: f.status,
          createdAt: new Date(Date.now() - (10 - n) * DAY), orderGid: `gid://shopify/Order/${code}${++n}`,
        },
      });
      if (f.reward) {
        const kind = f.reward.kind ?? "store_credit";
        await prisma.reward.create({
          data: {
            shopId: shop, referralId: referral.id, idempotencyKey: `${shop}:${referral.id}:advocate:${kind}`, recipient: "advocate", kind,
            status: f.reward.status, amountMinor: f.reward.amountMinor, currency: "USD", customerGid, discountCode: f.reward.discountCode ?? null,
            issuedAt: f.reward.issuedAt ?? null, expiresAt: f.reward.expiresAt ?? null,
          },
        });
        // The friend's own reward must never show on the advocate's page.
        await prisma.reward.create({
          data: {
            shopId: shop, referralId: referral.id, idempotencyKey: `${shop}:${referral.id}:friend:discount_code`, recipient: "friend", kind: "discount_code",
            status: "issued", amountMinor: 777n, currency: "USD", discountCode: `FRIEND-${code}-${n}`, issuedAt: new Date(),
          },
        });
      }
    }
    return advocate;
  }

  async function snapshot() {
    const p = stack.db.prisma;
    return {
      advocates: await p.advocate.count(),
      referrals: await p.referral.count(),
      rewards: await p.reward.count(),
      jobs: await p.job.count(),
      audit: await p.auditLog.count(),
      adminCalls: stack.sandbox.state.shops.get(stack.shop)!.requestLog.length,
    };
  }

  beforeAll(async () => {
    stack = await startStack();
    process.env.SHOPIFY_SANDBOX_URL = stack.sandbox.url;
    await startProgram(stack);
    // A second installed shop (no offline token in this test: its balance comes from the ledger).
    await stack.db.prisma.shop.create({ data: { id: OTHER_SHOP, name: "Other", currencyCode: "USD" } });
    const { saveProgramVersion, setProgramStatus } = await import("../../app/program/program.server");
    const { defaultProgramConfig } = await import("../../app/program/program-text");
    await saveProgramVersion(stack.db.prisma, { shop: OTHER_SHOP, input: defaultProgramConfig("USD"), actor: "test" });
    await setProgramStatus(stack.db.prisma, OTHER_SHOP, "active", "test");

    const now = Date.now();
    await seedReferrals(stack.shop, ALICE, "ALICE1", [
      { email: "jane.doe@example.com", status: "rewarded", reward: { status: "issued", amountMinor: 1000n, issuedAt: new Date(now - 3 * DAY) } },
      { email: "marc_petit+promo@example.fr", status: "held", reward: { status: "held", amountMinor: 1000n } },
      { email: "kim@example.com", status: "rewarded", reward: { status: "issued", amountMinor: 1500n, issuedAt: new Date(now - 2 * DAY), expiresAt: new Date(now + 5 * DAY) } },
      { email: "lee.ray@example.com", status: "rewarded", reward: { status: "issued", amountMinor: 2000n, issuedAt: new Date(now - DAY), kind: "discount_code", discountCode: "TF-ALICE-CODE" } },
      { email: "no.good@example.com", status: "rejected" },
      { email: "oscar@example.com", status: "claimed" },
    ]);
    await seedReferrals(stack.shop, BOB, "BOB1", [
      { email: "zed.zulu@example.com", status: "rewarded", reward: { status: "issued", amountMinor: 9900n, issuedAt: new Date(now - DAY) } },
    ]);
    // Alice's GID in another shop is another person's account there.
    await seedReferrals(OTHER_SHOP, ALICE, "ELSEWHERE", [
      { email: "quinn.quest@example.com", status: "rewarded", reward: { status: "issued", amountMinor: 4200n, issuedAt: new Date(now - DAY) } },
    ]);

    // Alice has $31.00 of store credit in Shopify (not what the ledger says: she got some elsewhere).
    const shop = stack.sandbox.state.shops.get(stack.shop)!;
    addCustomer(stack.sandbox.state, shop, { id: 5001, email: "alice@example.com", firstName: "Alice", lastName: "Advocate" });
    addCustomer(stack.sandbox.state, shop, { id: 5002, email: "bob@example.com", firstName: "Bob", lastName: "Builder" });
    const admin = createAdminClient({ shop: stack.shop, accessToken: stack.accessToken, sandboxUrl: stack.sandbox.url });
    await creditStoreCredit(admin, { ownerId: ALICE, amount: { minorUnits: 3100, currencyCode: "USD" } });
  });
  afterAll(async () => {
    delete process.env.SHOPIFY_SANDBOX_URL;
    await stack?.stop();
  });

  function get(token: string | null, query = ""): Promise<Response> {
    return fetch(`${stack.app.url}/api/customer-account${query}`, {
      headers: { Origin: ORIGIN, "User-Agent": BROWSER_UA, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    });
  }

  it("answers the CORS preflight", async () => {
    const res = await fetch(`${stack.app.url}/api/customer-account`, {
      method: "OPTIONS",
      headers: { Origin: ORIGIN, "User-Agent": BROWSER_UA, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")).toMatch(/Authorization/i);
  });

  it("refuses forged, expired, early, wrong-audience, tampered and missing tokens with 401, and writes nothing", async () => {
    const before = await snapshot();
    const valid = accountToken(stack.shop, { sub: NEWCOMER });
    const [h, , s] = valid.split(".");
    const otherBody = Buffer.from(JSON.stringify({ dest: stack.shop, aud: TEST_API_KEY, sub: ALICE, exp: Math.floor(Date.now() / 1000) + 300 })).toString("base64url");
    const cases: Array<[string, string | null]> = [
      ["signed with another secret", accountToken(stack.shop, { sub: NEWCOMER, secret: "not-the-app-secret" })],
      ["expired", accountToken(stack.shop, { sub: NEWCOMER, expiresIn: -120 })],
      ["not valid yet", accountToken(stack.shop, { sub: NEWCOMER, notBefore: 600, expiresIn: 1200 })],
      ["for another app", accountToken(stack.shop, { sub: NEWCOMER, aud: "some-other-app" })],
      ["payload swapped under a valid signature", `${h}.${otherBody}.${s}`],
      ["alg none", `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${otherBody}.`],
      ["missing", null],
    ];
    for (const [name, token] of cases) {
      const res = await get(token);
      expect(res.status, name).toBe(401);
      expect(res.headers.get("access-control-allow-origin"), name).toBe("*");
      const text = await res.text();
      expect(text, name).not.toContain("ALICE1");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a genuine token for no customer, for a shop that is not installed, or for another customer than the page's, with 403, and writes nothing", async () => {
    const before = await snapshot();
    const cases: Array<[string, string, string, string]> = [
      ["no customer in the token", accountToken(stack.shop, { sub: null }), "", "not_a_customer"],
      ["a staff user id as sub", accountToken(stack.shop, { sub: "42" }), "", "not_a_customer"],
      ["a shop that never installed", accountToken("stranger.myshopify.com", { sub: NEWCOMER }), "", "shop_not_installed"],
      ["not a myshopify domain", accountToken("evil.example.com", { sub: NEWCOMER }), "", "bad_destination"],
      ["Bob's token on Alice's page", accountToken(stack.shop, { sub: BOB }), `?customer=${encodeURIComponent(ALICE)}`, "customer_mismatch"],
      ["a newcomer's token asking for Alice", accountToken(stack.shop, { sub: NEWCOMER }), `?customer=${encodeURIComponent(ALICE)}`, "customer_mismatch"],
    ];
    for (const [name, token, query, reason] of cases) {
      const res = await get(token, query);
      expect(res.status, name).toBe(403);
      expect(res.headers.get("access-control-allow-origin"), name).toBe("*");
      const body = (await res.json()) as { reason: string; rewards?: unknown };
      expect(body.reason, name).toBe(reason);
      expect(body.rewards, name).toBeUndefined();
    }
    expect(await snapshot()).toEqual(before);
  });

  it("shows Alice her own link, friends by initials only, rewards by state and her Shopify store credit", async () => {
    const res = await get(accountToken(stack.shop, { sub: ALICE }), `?customer=${encodeURIComponent(ALICE)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("cache-control")).toMatch(/no-store/);
    const text = await res.text();
    const page = JSON.parse(text) as ReferralPage;

    expect(page.link).toMatchObject({ code: "ALICE1", link: `https://${stack.shop}/apps/twofold/r/ALICE1` });
    expect(page.link!.shareMessage).toContain(page.link!.link);
    expect(page.linkUnavailable).toBeNull();

    expect(page.friendCount).toBe(6);
    expect(page.friends.map((f) => [f.initials, f.status])).toEqual([
      ["O", "joined"], ["NG", "not_eligible"], ["LR", "rewarded"], ["K", "rewarded"], ["MP", "pending"], ["JD", "rewarded"],
    ]);
    for (const f of page.friends) expect(Object.keys(f).sort()).toEqual(["holdUntil", "initials", "reason", "since", "status"]);
    // The reason answers "why was my friend not counted / when do I get paid"; none once rewarded.
    expect(page.friends.map((f) => [f.initials, f.reason])).toEqual([
      ["O", null], ["NG", "not_eligible"], ["LR", null], ["K", null], ["MP", "in_review"], ["JD", null],
    ]);
    // No email, no friend name, no order, nobody else's data anywhere in the answer.
    expect(text).not.toMatch(/@|jane|doe|marc|petit|kim|oscar|gid:\/\/shopify\/Order/i);
    expect(text).not.toMatch(/BOB1|ZZ|99\.00|ELSEWHERE|42\.00|FRIEND-|7\.77/);

    expect(page.rewards.pending.map((r) => r.amount)).toEqual(["$10.00"]);
    expect(page.rewards.expiring.map((r) => r.amount)).toEqual(["$15.00"]);
    expect(page.rewards.issued.map((r) => [r.kind, r.amount, r.discountCode])).toEqual([
      ["discount_code", "$20.00", "TF-ALICE-CODE"],
      ["store_credit", "$10.00", null],
    ]);
    expect(page.storeCredit).toEqual({ source: "shopify", balances: [{ amountMinor: 3100, currency: "USD", amount: "$31.00" }] });
  });

  it("formats amounts and words the offer and reward in the page's language", async () => {
    const res = await get(accountToken(stack.shop, { sub: ALICE }), "?locale=fr");
    const page = (await res.json()) as ReferralPage;
    expect(page.storeCredit.balances[0].amount).toBe("31,00\u00a0$US");
    // French sentences, not the English ones with French numbers.
    expect(page.link!.offer).toMatch(/de réduction sur leur première commande/); // said to the advocate, about their friends (as "their first order")
    expect(page.link!.reward).toMatch(/^un code de réduction|crédit boutique/);
    expect(`${page.link!.offer} ${page.link!.reward}`).not.toMatch(/\b(off|your|store credit|for each)\b/);
    const english = (await (await get(accountToken(stack.shop, { sub: ALICE }))).json()) as ReferralPage;
    expect(english.link!.offer).toMatch(/ off their /);
  });

  it("does not wait for the shop's Admin API budget: when it is spent, the balance comes from the ledger", async () => {
    const callsBefore = stack.sandbox.state.shops.get(stack.shop)!.requestLog.length;
    const now = Date.now();
    // The shared budget row as the jobs leave it after a burst: the bucket refills 60 s from now.
    await stack.db.prisma.adminApiBudget.upsert({
      where: { shopId: stack.shop },
      create: { shopId: stack.shop, tatMicros: BigInt(now + 80_000) * 1000n, maximum: 2000, restoreRate: 100 },
      update: { tatMicros: BigInt(now + 80_000) * 1000n, maximum: 2000, restoreRate: 100 },
    });
    try {
      const page = (await (await get(accountToken(stack.shop, { sub: ALICE }))).json()) as ReferralPage;
      // Issued, unexpired store credit from referrals: $10 + $15 (the $20 code is not credit).
      expect(page.storeCredit).toEqual({ source: "ledger", balances: [{ amountMinor: 2500, currency: "USD", amount: "$25.00" }] });
      expect(stack.sandbox.state.shops.get(stack.shop)!.requestLog.length).toBe(callsBefore);
      // Nor did it reserve points it would not spend (the jobs would wait for them).
      expect((await stack.db.prisma.adminApiBudget.findUniqueOrThrow({ where: { shopId: stack.shop } })).tatMicros).toBe(BigInt(now + 80_000) * 1000n);
    } finally {
      await stack.db.prisma.adminApiBudget.deleteMany({ where: { shopId: stack.shop } });
    }
  });

  it("Bob sees only Bob's referrals", async () => {
    const page = (await (await get(accountToken(stack.shop, { sub: BOB }))).json()) as ReferralPage;
    expect(page.link?.code).toBe("BOB1");
    expect(page.friends.map((f) => f.initials)).toEqual(["ZZ"]);
    expect(page.rewards.issued.map((r) => r.amount)).toEqual(["$99.00"]);
    expect(page.storeCredit).toEqual({ source: "shopify", balances: [] });
  });

  it("a blocked advocate gets no link but still sees their friends and rewards, and no new advocate is made", async () => {
    await stack.db.prisma.advocate.update({ where: { shopId_code: { shopId: stack.shop, code: "BOB1" } }, data: { status: "blocked" } });
    try {
      const advocates = await stack.db.prisma.advocate.count();
      const page = (await (await get(accountToken(stack.shop, { sub: BOB }))).json()) as ReferralPage;
      expect(page.link).toBeNull();
      expect(page.linkUnavailable).toBe("advocate_blocked");
      expect(page.friends.map((f) => f.initials)).toEqual(["ZZ"]);
      expect(page.rewards.issued.map((r) => r.amount)).toEqual(["$99.00"]);
      expect(await stack.db.prisma.advocate.count()).toBe(advocates);
    } finally {
      await stack.db.prisma.advocate.update({ where: { shopId_code: { shopId: stack.shop, code: "BOB1" } }, data: { status: "active" } });
    }
  });

  it("the same customer GID in another shop sees that shop's rows; without Shopify the balance comes from the ledger", async () => {
    const page = (await (await get(accountToken(OTHER_SHOP, { sub: ALICE }))).json()) as ReferralPage;
    expect(page.link?.code).toBe("ELSEWHERE");
    expect(page.friends.map((f) => f.initials)).toEqual(["QQ"]);
    expect(page.storeCredit).toEqual({ source: "ledger", balances: [{ amountMinor: 4200, currency: "USD", amount: "$42.00" }] });
  });

  it("counts a milestone bonus paid as store credit in the ledger balance and marks it as a milestone bonus", async () => {
    const referral = await stack.db.prisma.referral.findFirstOrThrow({ where: { shopId: OTHER_SHOP, advocate: { code: "ELSEWHERE" } } });
    const common = { shopId: OTHER_SHOP, referralId: referral.id, recipient: "advocate", status: "issued", currency: "USD", customerGid: ALICE, issuedAt: new Date() };
    await stack.db.prisma.reward.createMany({
      data: [
        { ...common, idempotencyKey: "test-milestone-credit", kind: "milestone_credit", amountMinor: 500n },
        { ...common, idempotencyKey: "test-milestone-code", kind: "milestone_code", amountMinor: 700n, discountCode: "THANKS-MILE" },
      ],
    });
    try {
      const page = (await (await get(accountToken(OTHER_SHOP, { sub: ALICE }))).json()) as ReferralPage;
      // $42 referral credit + the $5 milestone credit; the $7 milestone code is not credit.
      expect(page.storeCredit).toEqual({ source: "ledger", balances: [{ amountMinor: 4700, currency: "USD", amount: "$47.00" }] });
      expect(page.rewards.issued.map((r) => [r.amount, r.kind, r.milestone, r.discountCode]).sort()).toEqual([
        ["$42.00", "store_credit", false, null],
        ["$5.00", "store_credit", true, null],
        ["$7.00", "discount_code", true, "THANKS-MILE"],
      ]);
    } finally {
      await stack.db.prisma.reward.deleteMany({ where: { idempotencyKey: { in: ["test-milestone-credit", "test-milestone-code"] } } });
    }
  });

  it("a customer's first visit makes their link once; a paused program shows rewards without a link", async () => {
    const first = (await (await get(accountToken(stack.shop, { sub: NEWCOMER }))).json()) as ReferralPage;
    expect(first.link?.code).toMatch(/^[A-Z0-9]+$/);
    expect(first.friends).toEqual([]);
    const again = (await (await get(accountToken(stack.shop, { sub: NEWCOMER }))).json()) as ReferralPage;
    expect(again.link?.code).toBe(first.link?.code);
    expect(await stack.db.prisma.advocate.count({ where: { shopId: stack.shop, customerGid: NEWCOMER } })).toBe(1);

    const { setProgramStatus } = await import("../../app/program/program.server");
    await setProgramStatus(stack.db.prisma, stack.shop, "paused", "test");
    try {
      const paused = (await (await get(accountToken(stack.shop, { sub: ALICE }))).json()) as ReferralPage;
      expect(paused.link).toBeNull();
      expect(paused.linkUnavailable).toBe("program_paused");
      expect(paused.rewards.pending).toHaveLength(1);
    } finally {
      await setProgramStatus(stack.db.prisma, stack.shop, "active", "test");
    }
  });

  it("the extension's fetch code gets the page from the running app, and a forged token gets 401", async () => {
    const withBrowser: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), "User-Agent": BROWSER_UA, Origin: ORIGIN } });
    const ok = await fetchReferralPage({ appUrl: stack.app.url, token: accountToken(stack.shop, { sub: ALICE }), locale: "en", customerGid: ALICE, fetch: withBrowser });
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(ok.page.link?.code).toBe("ALICE1");
    const forged = await fetchReferralPage({ appUrl: stack.app.url, token: accountToken(stack.shop, { sub: ALICE, secret: "forged" }), fetch: withBrowser });
    expect(forged).toMatchObject({ ok: false, status: 401 });
  });
});

describe("customer account extension bundle", () => {
  it("builds minified under Shopify's 64 KB compressed limit", async () => {
    const built = (await buildExtensions({ write: false, appUrl: "https://twofold.example" })).find((b) => b.name === "twofold-customer-account");
    expect(built).toBeDefined();
    expect(built!.rawBytes).toBeGreaterThan(1000);
    expect(built!.gzipBytes).toBeLessThan(UI_EXTENSION_LIMIT_BYTES);
  });
});
