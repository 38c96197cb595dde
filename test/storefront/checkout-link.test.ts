// The checkout extension's endpoint over real HTTP: session tokens signed like Shopify's
// checkout tokens (HS256 with the app secret, sub = customer GID), CORS for the extension's
// origin, 401 on a forged or missing token, and the customer-code metafield job. Also the
// extension's own fetch code against the running app, and its bundle size.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCustomer } from "../../sandbox/admin/state";
import { signJwtHs256 } from "../../sandbox/storefront/session-token";
import { storefrontStateOf } from "../../sandbox/storefront/state";
import { buildExtensions, UI_EXTENSION_LIMIT_BYTES } from "../../scripts/build-extensions.mjs";
import { fetchCheckoutLink } from "../../extensions/twofold-checkout/src/fetch-link";
import { TEST_API_KEY, TEST_API_SECRET } from "../helpers/app-server";
import { startStack, type Stack } from "../helpers/stack";
import { startProgram } from "./helpers";

const ORIGIN = "https://extensions.shopifycdn.com";
const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

function checkoutToken(shop: string, options: { sub?: string; secret?: string; expiresIn?: number; aud?: string } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwtHs256(
    {
      dest: shop,
      aud: options.aud ?? TEST_API_KEY,
      ...(options.sub ? { sub: options.sub } : {}),
      exp: now + (options.expiresIn ?? 300),
      nbf: now - 5,
      iat: now - 5,
      jti: randomUUID(),
    },
    options.secret ?? TEST_API_SECRET,
  );
}

describe("checkout extension: /api/checkout/link", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    process.env.SHOPIFY_SANDBOX_URL = stack.sandbox.url;
  });
  afterAll(async () => {
    delete process.env.SHOPIFY_SANDBOX_URL;
    await stack?.stop();
  });

  function post(token: string | null, body: unknown = {}): Promise<Response> {
    return fetch(`${stack.app.url}/api/checkout/link`, {
      method: "POST",
      headers: {
        Origin: ORIGIN,
        "User-Agent": BROWSER_UA,
        "Content-Type": "application/json",
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  }

  it("answers the CORS preflight", async () => {
    const res = await fetch(`${stack.app.url}/api/checkout/link`, {
      method: "OPTIONS",
      headers: { Origin: ORIGIN, "User-Agent": BROWSER_UA, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")).toMatch(/Authorization/i);
  });

  it("refuses a forged, expired or missing token with 401 (readable cross-origin) and writes nothing", async () => {
    await startProgram(stack);
    const jobsBefore = await stack.db.prisma.job.count();
    for (const token of [
      checkoutToken(stack.shop, { sub: "gid://shopify/Customer/9001", secret: "not-the-app-secret" }),
      checkoutToken(stack.shop, { sub: "gid://shopify/Customer/9001", expiresIn: -120 }),
      `${checkoutToken(stack.shop, { sub: "gid://shopify/Customer/9001" })}x`,
      checkoutToken(stack.shop, { sub: "gid://shopify/Customer/9001", aud: "another-apps-client-id" }),
      null,
    ]) {
      const res = await post(token);
      expect(res.status).toBe(401);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
    }
    expect(await stack.db.prisma.advocate.count()).toBe(0);
    expect(await stack.db.prisma.job.count()).toBe(jobsBefore);
  });

  it("gives the logged-in buyer their own link, the same on every ask, and writes the code to their metafield", async () => {
    const shop = stack.sandbox.state.shops.get(stack.shop)!;
    addCustomer(stack.sandbox.state, shop, { id: 777, email: "buyer@example.com", firstName: "Bea", lastName: "Buyer" });
    const res = await post(checkoutToken(stack.shop, { sub: "gid://shopify/Customer/777" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await res.json()) as { link: string; code: string; offer: string; reward: string; shareMessage: string };
    expect(body.link).toBe(`https://${stack.shop}/apps/twofold/r/${body.code}`);
    expect(body.offer).toBe("15% off their first order"); // said to the buyer, about their friends
    expect(body.shareMessage).toContain(body.link);
    const row = await stack.db.prisma.advocate.findUniqueOrThrow({ where: { shopId_code: { shopId: stack.shop, code: body.code } } });
    expect(row.customerGid).toBe("gid://shopify/Customer/777");

    const again = (await (await post(checkoutToken(stack.shop, { sub: "gid://shopify/Customer/777" }))).json()) as { code: string };
    expect(again.code).toBe(body.code);
    expect(await stack.db.prisma.advocate.count()).toBe(1);
    const codeJobs = await stack.db.prisma.job.findMany({ where: { name: "storefront.customer-code" } });
    expect(codeJobs).toHaveLength(1);
    expect(codeJobs[0].payload).not.toContain("777"); // only the advocate id travels in the queue

    await stack.drainJobs();
    expect(await stack.db.prisma.job.count({ where: { status: "dead" } })).toBe(0);
    expect(storefrontStateOf(stack.sandbox.state).customerCodes.get(stack.shop)?.get("777")).toBe(body.code);
    // The advocate block now renders the code server-side from the metafield.
    const html = await (await fetch(`${stack.sandbox.url}/storefront/${stack.shop}/products/demo?as_customer=777`)).text();
    expect(html).toContain(`/apps/twofold/r/${body.code}`);
  });

  it("points links at the shop's own domain once Shopify says it has one, and names the shop in the share message", async () => {
    // The merchant connects www.twofold-test.example in Shopify; shop/update makes the app read the profile again.
    const seeded = await fetch(`${stack.sandbox.url}/__sandbox/shops`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ domain: stack.shop, accessToken: stack.accessToken, primaryDomain: "www.twofold-test.example", name: "Twofold Test Store" }),
    });
    expect(seeded.status).toBe(200);
    expect((await stack.deliver({ topic: "shop/update", payload: { id: 1, myshopify_domain: stack.shop, currency: "USD" } })).status).toBe(200);
    await stack.drainJobs();
    const res = await post(checkoutToken(stack.shop, { sub: "gid://shopify/Customer/779" }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { link: string; code: string; shareMessage: string };
    expect(body.link).toBe(`https://www.twofold-test.example/apps/twofold/r/${body.code}`);
    expect(body.shareMessage).toContain(body.link);
    expect(body.shareMessage).toContain("Twofold Test Store");
    expect(body.shareMessage).not.toContain("twofold-test.myshopify.com");
    // Back to the myshopify domain when the merchant removes it.
    await fetch(`${stack.sandbox.url}/__sandbox/shops`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ domain: stack.shop, accessToken: stack.accessToken, primaryDomain: null }) });
    expect((await stack.deliver({ topic: "shop/update", payload: { id: 1, myshopify_domain: stack.shop, currency: "USD" } })).status).toBe(200);
    await stack.drainJobs();
    const after = (await (await post(checkoutToken(stack.shop, { sub: "gid://shopify/Customer/779" }))).json()) as { link: string; code: string };
    expect(after.link).toBe(`https://${stack.shop}/apps/twofold/r/${after.code}`);
  });

  it("a guest gets a link with their checkout email; without one, a clear 422", async () => {
    const res = await post(checkoutToken(stack.shop), { email: "Guest.Buyer@Example.com" });
    expect(res.status).toBe(200);
    const { code } = (await res.json()) as { code: string };
    const row = await stack.db.prisma.advocate.findUniqueOrThrow({ where: { shopId_code: { shopId: stack.shop, code } } });
    expect(row).toMatchObject({ email: "guest.buyer@example.com", customerGid: null });

    const none = await post(checkoutToken(stack.shop));
    expect(none.status).toBe(422);
    expect(await none.json()).toMatchObject({ error: "Enter a valid email address." });
  });

  it("the extension's fetch code gets the link from the running app", async () => {
    const result = await fetchCheckoutLink({
      appUrl: stack.app.url,
      token: checkoutToken(stack.shop, { sub: "gid://shopify/Customer/778" }),
      fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), "User-Agent": BROWSER_UA, Origin: ORIGIN } }),
    });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.link.link).toMatch(new RegExp(`^https://${stack.shop}/apps/twofold/r/[A-Z0-9]+$`));
    const forged = await fetchCheckoutLink({
      appUrl: stack.app.url,
      token: checkoutToken(stack.shop, { sub: "gid://shopify/Customer/778", secret: "forged" }),
      fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), "User-Agent": BROWSER_UA } }),
    });
    expect(forged).toMatchObject({ ok: false, status: 401 });
  });

  it("refuses while the program is paused", async () => {
    const { setProgramStatus } = await import("../../app/program/program.server");
    await setProgramStatus(stack.db.prisma, stack.shop, "paused", "test");
    const res = await post(checkoutToken(stack.shop, { sub: "gid://shopify/Customer/779" }));
    expect(res.status).toBe(409);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("checkout extension bundle", () => {
  it("builds minified under Shopify's 64 KB compressed limit", async () => {
    const [built] = await buildExtensions({ write: false, appUrl: "https://twofold.example" });
    expect(built.name).toBe("twofold-checkout");
    expect(built.rawBytes).toBeGreaterThan(1000);
    expect(built.gzipBytes).toBeLessThan(UI_EXTENSION_LIMIT_BYTES);
  });
});
