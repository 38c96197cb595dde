// The storefront endpoints over real HTTP, through the sandbox's app proxy (which signs every
// call as Shopify does) to the built app and its database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signAppProxyQuery } from "../../sandbox/storefront/app-proxy";
import { TEST_API_SECRET } from "../helpers/app-server";
import { startStack, type Stack } from "../helpers/stack";
import { proxyPost, sandboxDiscountCodes, startProgram } from "./helpers";

describe("app proxy endpoints", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function counts() {
    const db = stack.db.prisma;
    return { advocates: await db.advocate.count(), referrals: await db.referral.count(), clicks: await db.referralClick.count() };
  }

  it("refuses every call while the program is not running", async () => {
    const res = await proxyPost(stack, "/advocate", { email: "early@example.com" });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: "The referral program is not running right now." });
    expect(await counts()).toEqual({ advocates: 0, referrals: 0, clicks: 0 });
  });

  it("gives a guest a link by email, the same link on the next ask", async () => {
    await startProgram(stack);
    const res = await proxyPost(stack, "/advocate", { email: "Ada.Lovelace@Example.com" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { code: string; path: string; link: string; shareMessage: string };
    // Not made from the email (it would outlive a privacy request), not "FRIEND…".
    expect(body.code).toMatch(/^[2-9A-HJKMNP-Z]{7}$/);
    expect(body.path).toBe(`/apps/twofold/r/${body.code}`);
    expect(body.shareMessage).toContain("15% off your first order");
    expect(body.shareMessage).toContain(body.link);
    const again = (await (await proxyPost(stack, "/advocate", { email: "ada.lovelace@example.com" })).json()) as { code: string };
    expect(again.code).toBe(body.code);
    expect(await stack.db.prisma.advocate.count()).toBe(1);
  });

  it("gives the logged-in customer their own link without asking for an email", async () => {
    const res = await proxyPost(stack, "/advocate", {}, { customerId: "4242" });
    expect(res.status).toBe(200);
    const { code } = (await res.json()) as { code: string };
    const row = await stack.db.prisma.advocate.findUnique({ where: { shopId_code: { shopId: stack.shop, code } } });
    expect(row?.customerGid).toBe("gid://shopify/Customer/4242");
  });

  it("answers a form posted without JavaScript with Liquid the theme renders", async () => {
    const res = await proxyPost(stack, "/advocate", { email: "nojs@example.com" }, { json: false });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Your referral link");
    expect(html).toMatch(/value="http:\/\/127\.0\.0\.1:\d+\/storefront\/twofold-test\.myshopify\.com\/apps\/twofold\/r\/[2-9A-HJKMNP-Z]{7}"/);
  });

  it("refuses a bad email with a clear 422", async () => {
    const res = await proxyPost(stack, "/advocate", { email: "" });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: "Enter a valid email address." });
  });

  it("refuses in the shopper's language: the form's locale for the script, as a Liquid page for a form posted without it", async () => {
    const sv = await proxyPost(stack, "/claim", { email: "nope", ref: "X", locale: "sv" });
    expect(sv.status).toBe(422);
    expect(await sv.json()).toMatchObject({ error: "Ange en giltig e-postadress.", reason: "invalid_email" });
    const ja = await proxyPost(stack, "/advocate", { email: "", locale: "ja" }, { json: false });
    expect(ja.status).toBe(422);
    const page = await ja.text();
    expect(page).toContain("有効なメールアドレスを入力してください。");
    expect(page).toContain("ストアに戻る");
  });

  it("a friend claims with an email: one unique single-use code, the same on every repeat", async () => {
    const advocate = await stack.db.prisma.advocate.findFirstOrThrow({ where: { email: "ada.lovelace@example.com" } });
    const first = await proxyPost(stack, "/claim", { email: "grace@example.com", ref: advocate.code.toLowerCase() }, { ip: "198.51.100.7" });
    expect(first.status).toBe(200);
    const claim = (await first.json()) as { code: string; discountPath: string; message: string };
    expect(claim.code).toMatch(/^FRIEND-[A-HJ-NP-Z2-9]{12}$/);
    expect(claim.discountPath).toBe(`/discount/${claim.code}?redirect=%2F`);
    expect(claim.message).toBe(`Your code ${claim.code} is ready: 15% off your first order.`);

    const second = (await (await proxyPost(stack, "/claim", { email: "Grace+promo@Example.com", ref: advocate.code })).json()) as { code: string };
    expect(second.code).toBe(claim.code);

    const codes = (await sandboxDiscountCodes(stack)).filter((d) => JSON.stringify(d).includes(claim.code));
    expect(codes).toHaveLength(1);
    expect(JSON.stringify(codes[0])).toContain('"usageLimit":1');
    const referrals = await stack.db.prisma.referral.findMany();
    expect(referrals).toHaveLength(1);
    expect(referrals[0]).toMatchObject({ advocateId: advocate.id, friendEmail: "grace@example.com", friendCode: claim.code, status: "claimed" });
    expect(referrals[0].claimedAt).not.toBeNull();
    // The default program's code is valid 30 days: the friend's reminder is scheduled from this.
    expect(referrals[0].friendCodeExpiresAt!.getTime() - referrals[0].claimedAt!.getTime()).toBe(30 * 86_400_000);
    expect(referrals[0].ipHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(referrals[0], (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain("198.51.100.7");
  });

  it("refuses self-referral by email and by logged-in customer, writing nothing", async () => {
    const guest = await stack.db.prisma.advocate.findFirstOrThrow({ where: { email: "ada.lovelace@example.com" } });
    const customer = await stack.db.prisma.advocate.findFirstOrThrow({ where: { customerGid: "gid://shopify/Customer/4242" } });
    const before = await counts();
    const byEmail = await proxyPost(stack, "/claim", { email: "Ada.Lovelace+x@example.com", ref: guest.code });
    expect(byEmail.status).toBe(403);
    expect(await byEmail.json()).toMatchObject({ error: "You can't use your own referral link. Share it with a friend instead." });
    const byCustomer = await proxyPost(stack, "/claim", { email: "someone-else@example.com", ref: customer.code }, { customerId: "4242" });
    expect(byCustomer.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it("an unknown code gets a 404 with a message, nothing written", async () => {
    const before = await counts();
    const res = await proxyPost(stack, "/claim", { email: "who@example.com", ref: "NOPE123" });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: "This referral link is not valid. Ask your friend for a new one." });
    expect(await counts()).toEqual(before);
  });

  it("rate-limits claims per IP across requests (codes minted per IP per hour)", async () => {
    const advocate = await stack.db.prisma.advocate.findFirstOrThrow({ where: { email: "ada.lovelace@example.com" } });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await proxyPost(stack, "/claim", { email: `burst${i}@example.com`, ref: advocate.code }, { ip: "192.0.2.99" });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it("a rotating X-Forwarded-For from one machine does not reset the per-IP limit (issue 15.1)", async () => {
    // An advocate of its own: the per-advocate hourly limit must not be what refuses here.
    const signUp = await proxyPost(stack, "/advocate", { email: "spoof-advocate@example.com" }, { ip: "192.0.2.151" });
    const advocate = (await signUp.json()) as { code: string };
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await proxyPost(stack, "/claim", { email: `spoof${i}@example.com`, ref: advocate.code }, { ip: "192.0.2.150", forwardedFor: `10.9.${i}.${i + 1}` });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses[10]).toBe(429);
    expect(await stack.db.prisma.referral.count({ where: { friendEmail: { startsWith: "spoof" } } })).toBe(10);
  });

  describe("referral link", () => {
    async function open(code: string, ip = "203.0.113.50"): Promise<Response> {
      return fetch(`${stack.sandbox.url}/storefront/${stack.shop}/apps/twofold/r/${code}`, {
        redirect: "manual",
        headers: { "X-Sandbox-Client-Ip": ip, "User-Agent": "Mozilla/5.0 test" },
      });
    }

    it("counts the click once per visitor and sends the friend to the shop with ?ref=CODE", async () => {
      const advocate = await stack.db.prisma.advocate.findFirstOrThrow({ where: { email: "ada.lovelace@example.com" } });
      const before = await stack.db.prisma.referralClick.count({ where: { advocateId: advocate.id } });
      const res = await open(advocate.code.toLowerCase());
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(`/storefront/${stack.shop}/?ref=${advocate.code}`);
      await open(advocate.code); // a reload is not a new click
      await open(advocate.code, "203.0.113.51"); // another visitor is
      const clicks = await stack.db.prisma.referralClick.findMany({ where: { advocateId: advocate.id }, orderBy: { createdAt: "asc" } });
      expect(clicks).toHaveLength(before + 2);
      expect(clicks.at(-1)).toMatchObject({ shopId: stack.shop, userAgent: "Mozilla/5.0 test", landing: `/apps/twofold/r/${advocate.code}` });
      expect(clicks.every((c) => /^[0-9a-f]{64}$/.test(c.ipHash ?? ""))).toBe(true);
      expect(JSON.stringify(clicks)).not.toContain("203.0.113.5");
    });

    it("lands unknown codes, and every code while the program is paused, on the shop home", async () => {
      const clicks = await stack.db.prisma.referralClick.count();
      const unknown = await open("NOSUCHCODE");
      expect(unknown.status).toBe(302);
      expect(unknown.headers.get("location")).toBe(`/storefront/${stack.shop}/`);
      const junk = await open("%3Cscript%3E");
      expect(junk.headers.get("location")).toBe(`/storefront/${stack.shop}/`);
      const advocate = await stack.db.prisma.advocate.findFirstOrThrow({ where: { email: "ada.lovelace@example.com" } });
      const { setProgramStatus } = await import("../../app/program/program.server");
      await setProgramStatus(stack.db.prisma, stack.shop, "paused", "test");
      try {
        const paused = await open(advocate.code, "203.0.113.77");
        expect(paused.headers.get("location")).toBe(`/storefront/${stack.shop}/`);
        const claim = await proxyPost(stack, "/claim", { email: "late@example.com", ref: advocate.code });
        expect(claim.status).toBe(409);
      } finally {
        await setProgramStatus(stack.db.prisma, stack.shop, "active", "test");
      }
      expect(await stack.db.prisma.referralClick.count()).toBe(clicks);
      // The shop home the friend lands on is a real page, not an error.
      const home = await fetch(`${stack.sandbox.url}/storefront/${stack.shop}/`);
      expect(home.status).toBe(200);
    });
  });

  describe("signature", () => {
    async function callApp(query: Record<string, string>, path = "/proxy/claim"): Promise<Response> {
      return fetch(`${stack.app.url}${path}?${new URLSearchParams(query)}`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        body: "email=mallory%40example.com&ref=ANY",
      });
    }
    const now = () => String(Math.floor(Date.now() / 1000));
    const base = () => ({ shop: stack.shop, logged_in_customer_id: "", path_prefix: "/apps/twofold", timestamp: now() });

    it("a correctly signed direct call is accepted (the control for the cases below)", async () => {
      const query = base();
      const res = await callApp({ ...query, signature: signAppProxyQuery(query, TEST_API_SECRET) });
      expect(res.status).toBe(404); // signed, so it reached the claim logic: ANY is no code
    });

    it.each([
      ["forged (wrong secret)", () => { const q = base(); return { ...q, signature: signAppProxyQuery(q, "not-the-secret") }; }],
      ["missing", () => base()],
      ["stale (signed 5 minutes ago)", () => { const q = { ...base(), timestamp: String(Math.floor(Date.now() / 1000) - 300) }; return { ...q, signature: signAppProxyQuery(q, TEST_API_SECRET) }; }],
      ["tampered (shop changed after signing)", () => { const q = base(); return { ...q, signature: signAppProxyQuery(q, TEST_API_SECRET), shop: "other.myshopify.com" }; }],
    ])("%s signature gets 401 and writes nothing", async (_name, query) => {
      const before = await counts();
      for (const path of ["/proxy/claim", "/proxy/advocate"]) {
        const res = await callApp(query(), path);
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({ error: "This request was not signed by Shopify." });
      }
      const click = await fetch(`${stack.app.url}/proxy/r/ANY?${new URLSearchParams(query())}`, { redirect: "manual" });
      expect(click.status).toBe(401);
      expect(await counts()).toEqual(before);
    });
  });
});
