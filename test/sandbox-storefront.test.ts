// The storefront half of the Shopify sandbox over real HTTP: signed webhooks, the signed app
// proxy, the storefront page, the admin frame and session tokens. A tiny local server plays
// the app; Shopify's own library checks the webhook HMAC and the session token.
import "@shopify/shopify-api/adapters/node";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { HttpError, matchRoute, type SandboxContext } from "../sandbox/router";
import { createState, upsertShop, addCustomer } from "../sandbox/admin/state";
import { storefrontRoutes } from "../sandbox/storefront/routes";
import { deliverWebhook, signWebhookBody } from "../sandbox/storefront/webhooks";
import { buildProxyUrl, signAppProxyQuery } from "../sandbox/storefront/app-proxy";
import { createSessionToken, verifyJwtHs256, type SessionTokenClaims } from "../sandbox/storefront/session-token";
import { orderPayload, refundPayload, customersRedactPayload, appUninstalledPayload } from "../sandbox/storefront/payloads";

const API_KEY = "test-api-key";
const API_SECRET = "test-api-secret";
const SHOP = "demo-shop.myshopify.com";

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** The "app": records every request and answers with whatever the current test sets. */
const app = {
  server: undefined as Server | undefined,
  url: "",
  received: [] as Received[],
  respond: (_req: Received, res: ServerResponse) => {
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end("ok");
  },
};

const sandbox = { server: undefined as Server | undefined, ctx: undefined as SandboxContext | undefined, url: "" };

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function hmacMatches(body: string, header: string | undefined, secret: string): boolean {
  const expected = Buffer.from(createHmac("sha256", secret).update(body).digest("base64"));
  const given = Buffer.from(header ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const shopify = shopifyApi({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET,
  apiVersion: ApiVersion.October26,
  hostName: "app.example.com",
  isEmbeddedApp: true,
  logger: { level: 0 },
});

beforeAll(async () => {
  app.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rec = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      app.received.push(rec);
      app.respond(rec, res);
    });
  });
  app.url = await listen(app.server);

  // A minimal composition of the storefront routes (the real one is sandbox/server.ts).
  const routes = storefrontRoutes();
  sandbox.server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    const found = matchRoute(routes, req.method ?? "GET", pathname);
    try {
      if (!found) throw new HttpError(404, { errors: "Not Found" });
      await found.route.handle(req, res, found.match, sandbox.ctx!);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(error instanceof HttpError ? error.body : { errors: String(error) }));
    }
  });
  sandbox.url = await listen(sandbox.server);
  sandbox.ctx = {
    options: { port: 0, appUrl: app.url, apiKey: API_KEY, apiSecret: API_SECRET, schemaPath: "" },
    baseUrl: sandbox.url,
    state: createState(),
  };
  const shop = upsertShop(sandbox.ctx.state, { domain: SHOP, name: "Demo Shop" });
  addCustomer(sandbox.ctx.state, shop, { id: 42, email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" });
});

afterAll(async () => {
  await new Promise((r) => app.server?.close(r));
  await new Promise((r) => sandbox.server?.close(r));
});

beforeEach(() => {
  app.received = [];
  app.respond = (_req, res) => {
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end("ok");
  };
});

describe("signed webhooks", () => {
  it("posts the raw body to /webhooks/<topic> with Shopify's headers and a valid HMAC", async () => {
    const payload = orderPayload({ id: "820982911946154508", customer: { id: "115310627314723954", email: "f@example.com" } });
    const result = await deliverWebhook({ appUrl: app.url, apiSecret: API_SECRET, shop: SHOP, topic: "orders/paid", payload });

    expect(result).toMatchObject({ status: 200, ok: true, body: "ok" });
    const [got] = app.received;
    expect(got.method).toBe("POST");
    expect(got.url).toBe("/webhooks/orders/paid");
    expect(got.headers["x-shopify-topic"]).toBe("orders/paid");
    expect(got.headers["x-shopify-shop-domain"]).toBe(SHOP);
    expect(got.headers["x-shopify-api-version"]).toBe("2026-10");
    expect(got.headers["x-shopify-webhook-id"]).toBe(result.webhookId);
    expect(got.headers["x-shopify-event-id"]).toBe(result.eventId);
    expect(Date.parse(String(got.headers["x-shopify-triggered-at"]))).not.toBeNaN();
    expect(hmacMatches(got.body, got.headers["x-shopify-hmac-sha256"] as string, API_SECRET)).toBe(true);
    // Ids above 2^53 arrive as bare JSON numbers, digit for digit (as Shopify sends them).
    expect(got.body).toContain('"id":820982911946154508');
    expect(got.body).toContain('"admin_graphql_api_id":"gid://shopify/Customer/115310627314723954"');
  });

  it("is accepted by Shopify's own webhook validation", async () => {
    let validation: unknown;
    app.respond = (rec, res) => {
      const fakeReq = { headers: rec.headers, method: "POST", url: rec.url };
      shopify.webhooks
        .validate({ rawBody: rec.body, rawRequest: fakeReq as IncomingMessage, rawResponse: res })
        .then((v) => {
          validation = v;
          res.end("ok");
        });
    };
    await deliverWebhook({ appUrl: app.url, apiSecret: API_SECRET, shop: SHOP, topic: "app/uninstalled", payload: appUninstalledPayload({ shop: SHOP }) });
    expect(validation).toMatchObject({ valid: true, topic: "APP_UNINSTALLED", domain: SHOP, apiVersion: "2026-10" });
  });

  it("forge signs with a wrong secret: the HMAC does not verify", async () => {
    const result = await deliverWebhook({
      appUrl: app.url,
      apiSecret: API_SECRET,
      shop: SHOP,
      topic: "customers/redact",
      payload: customersRedactPayload({ shop: SHOP, customer: { id: 191167, email: "john@example.com" } }),
      forge: true,
    });
    expect(result.status).toBe(200);
    const [got] = app.received;
    expect(got.url).toBe("/webhooks/customers/redact");
    expect(hmacMatches(got.body, got.headers["x-shopify-hmac-sha256"] as string, API_SECRET)).toBe(false);
  });

  it("a replay keeps the webhook id; fresh deliveries get fresh ids", async () => {
    const payload = refundPayload({ orderId: "820982911946154508", amount: "25.00" });
    const first = await deliverWebhook({ appUrl: app.url, apiSecret: API_SECRET, shop: SHOP, topic: "refunds/create", payload });
    const replay = await deliverWebhook({
      appUrl: app.url,
      apiSecret: API_SECRET,
      shop: SHOP,
      topic: "refunds/create",
      payload,
      webhookId: first.webhookId,
    });
    const other = await deliverWebhook({ appUrl: app.url, apiSecret: API_SECRET, shop: SHOP, topic: "refunds/create", payload });
    expect(replay.webhookId).toBe(first.webhookId);
    expect(app.received.map((r) => r.headers["x-shopify-webhook-id"])).toEqual([first.webhookId, first.webhookId, other.webhookId]);
    expect(other.webhookId).not.toBe(first.webhookId);
    expect(app.received[0].body).toBe(app.received[1].body);
  });

  it("reports non-2xx answers and unreachable apps as failures", async () => {
    app.respond = (_rec, res) => {
      res.writeHead(401);
      res.end("Unauthorized");
    };
    const refused = await deliverWebhook({ appUrl: app.url, apiSecret: API_SECRET, shop: SHOP, topic: "orders/create", payload: {} });
    expect(refused).toMatchObject({ status: 401, ok: false, body: "Unauthorized" });

    app.respond = (_rec, res) => {
      res.writeHead(302, { Location: "/elsewhere" });
      res.end();
    };
    const redirected = await deliverWebhook({ appUrl: app.url, apiSecret: API_SECRET, shop: SHOP, topic: "orders/create", payload: {} });
    expect(redirected).toMatchObject({ status: 302, ok: false });

    const down = await deliverWebhook({ appUrl: "http://127.0.0.1:1", apiSecret: API_SECRET, shop: SHOP, topic: "orders/create", payload: {} });
    expect(down.status).toBe(0);
    expect(down.ok).toBe(false);
    expect(down.error).toBeTruthy();
  });

  it("POST /__sandbox/webhooks delivers and answers the result, keeping big ids exact", async () => {
    const rawPayload = '{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508"}';
    const res = await fetch(`${sandbox.url}/__sandbox/webhooks`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: `{"shop":"demo-shop","topic":"orders/create","webhookId":"fixed-id-1","payload":${rawPayload}}`,
    });
    expect(res.status).toBe(200);
    const result = (await res.json()) as { status: number; webhookId: string; shop: string };
    expect(result).toMatchObject({ status: 200, webhookId: "fixed-id-1", shop: SHOP });
    const [got] = app.received;
    expect(got.url).toBe("/webhooks/orders/create");
    expect(got.body).toBe(rawPayload);
    expect(got.headers["x-shopify-hmac-sha256"]).toBe(signWebhookBody(rawPayload, API_SECRET));

    const forged = await fetch(`${sandbox.url}/__sandbox/webhooks`, {
      method: "POST",
      body: JSON.stringify({ shop: SHOP, topic: "shop/redact", payload: { shop_id: 1 }, forge: true }),
    });
    expect(((await forged.json()) as { status: number }).status).toBe(200);
    expect(hmacMatches(app.received[1].body, app.received[1].headers["x-shopify-hmac-sha256"] as string, API_SECRET)).toBe(false);

    const bad = await fetch(`${sandbox.url}/__sandbox/webhooks`, { method: "POST", body: JSON.stringify({ shop: SHOP }) });
    expect(bad.status).toBe(400);
  });
});

describe("payload builders", () => {
  it("compute order totals in cents and carry attribution fields", () => {
    const order = orderPayload({
      number: 1042,
      lineItems: [{ title: "Mug", price: "19.99", quantity: 3 }],
      discountCodes: [{ code: "FRIEND-ABC", amount: "5.97" }],
      noteAttributes: [{ name: "_twofold_ref", value: "ADA42" }],
      landingSite: "/?ref=ADA42",
      shipping: "4.50",
    });
    expect(order).toMatchObject({
      name: "#1042",
      total_line_items_price: "59.97",
      total_discounts: "5.97",
      subtotal_price: "54.00",
      total_price: "58.50",
      financial_status: "paid",
      cancelled_at: null,
      landing_site: "/?ref=ADA42",
      discount_codes: [{ code: "FRIEND-ABC", amount: "5.97", type: "fixed_amount" }],
      note_attributes: [{ name: "_twofold_ref", value: "ADA42" }],
    });
    expect(order.customer).toBeUndefined();
  });
});

describe("app proxy", () => {
  it("signs Shopify's documented test vector", () => {
    const query =
      "extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555";
    expect(signAppProxyQuery(query, "hush")).toBe("4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb");
    expect(signAppProxyQuery(`${query}&signature=ignored`, "hush")).toBe(
      "4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb",
    );
    expect(
      signAppProxyQuery(
        { extra: ["1", "2"], shop: "shop-name.myshopify.com", logged_in_customer_id: "1", path_prefix: "/apps/awesome_reviews", timestamp: "1317327555" },
        "hush",
      ),
    ).toBe("4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb");
  });

  it("overrides shopper-supplied Shopify parameters", () => {
    const url = new URL(
      buildProxyUrl({
        appUrl: "https://app.example.com",
        apiSecret: "s",
        shop: SHOP,
        rest: "/x",
        search: "shop=evil.myshopify.com&logged_in_customer_id=1&signature=abc&q=1",
        customerId: null,
        timestamp: 1700000000,
      }),
    );
    expect(url.pathname).toBe("/proxy/x");
    expect(url.searchParams.getAll("shop")).toEqual([SHOP]);
    expect(url.searchParams.get("logged_in_customer_id")).toBe("");
    expect(url.searchParams.get("q")).toBe("1");
  });

  it("forwards to <appUrl>/proxy/<rest> with a verifying signature, the customer, no cookies either way", async () => {
    app.respond = (_rec, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Set-Cookie": "app_session=leak; Path=/" });
      res.end(JSON.stringify({ message: "Here is your link" }));
    };
    const before = Math.floor(Date.now() / 1000);
    const res = await fetch(
      `${sandbox.url}/apps/twofold/advocate?as_customer=42&logged_in_customer_id=7&signature=forged&utm=x`,
      {
        method: "POST",
        headers: {
          Cookie: `sandbox_shop=${SHOP}; _shopify_y=abc; secret=1`,
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/json",
        },
        body: "email=ada%40example.com",
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await res.json()).toEqual({ message: "Here is your link" });

    const [got] = app.received;
    const url = new URL(got.url, "http://app");
    expect(got.method).toBe("POST");
    expect(url.pathname).toBe("/proxy/advocate");
    expect(got.headers.cookie).toBeUndefined();
    expect(got.body).toBe("email=ada%40example.com");
    expect(got.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const params = url.searchParams;
    expect(params.get("shop")).toBe(SHOP);
    expect(params.get("path_prefix")).toBe("/apps/twofold");
    expect(params.get("logged_in_customer_id")).toBe("42");
    expect(params.get("utm")).toBe("x");
    expect(params.has("as_customer")).toBe(false);
    expect(Number(params.get("timestamp"))).toBeGreaterThanOrEqual(before);
    const signature = params.get("signature")!;
    expect(signature).toBe(signAppProxyQuery(params, API_SECRET));
    expect(signature).not.toBe(signAppProxyQuery(params, "another-secret"));
  });

  it("sends guests with a blank logged_in_customer_id and renders application/liquid in the storefront", async () => {
    app.respond = (_rec, res) => {
      res.writeHead(200, { "Content-Type": "application/liquid" });
      res.end("<h1 class=\"proxied\">Hello from {{ shop.name }}</h1>");
    };
    const res = await fetch(`${sandbox.url}/apps/twofold/r/ADA42?as_customer=`, { headers: { Cookie: `sandbox_shop=${SHOP}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain('<h1 class="proxied">Hello from Demo Shop</h1>');
    expect(html).toContain("<!doctype html>");
    expect(html).toContain("<script data-twofold-embed"); // the theme layout, with the app embed
    const url = new URL(app.received[0].url, "http://app");
    expect(url.pathname).toBe("/proxy/r/ADA42");
    expect(url.searchParams.get("logged_in_customer_id")).toBe("");
  });
});

describe("storefront page", () => {
  it("renders the blocks for the logged-in advocate, with the extension's assets", async () => {
    const set = await fetch(`${sandbox.url}/__sandbox/storefront/metafields`, {
      method: "POST",
      body: JSON.stringify({
        shop: SHOP,
        app: { texts: JSON.stringify({ default: { friend_reward: "15% off your first order", friend_reward_their: "15% off their first order", advocate_reward: "$10 in store credit" } }) },
        customerCodes: { "gid://shopify/Customer/42": "ADA42" },
      }),
    });
    expect(set.status).toBe(200);

    const res = await fetch(`${sandbox.url}/storefront/${SHOP}/products/demo?as_customer=42`);
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    expect(cookies).toContain(`sandbox_shop=${SHOP}; Path=/; SameSite=Lax`);
    expect(cookies).toContain("sandbox_customer=42; Path=/; SameSite=Lax");
    const html = await res.text();
    expect(html).toContain("ada@example.com");
    expect(html).toContain("Your friends get 15% off their first order. You get $10 in store credit.");
    expect(html).toContain(`value="${sandbox.url}/storefront/${SHOP}/apps/twofold/r/ADA42"`);
    expect(html).toContain('<link rel="stylesheet" href="/__sandbox/theme-assets/twofold.css">');
    // The block's script in the head (as Shopify injects a block's schema javascript), the embed inline.
    expect(html).toContain('<script src="/__sandbox/theme-assets/twofold.js" defer></script>');
    expect(html).toMatch(/<script data-twofold-embed data-cookie-days="30">[\s\S]+?<\/script>/);

    const js = await fetch(`${sandbox.url}/__sandbox/theme-assets/twofold.js`);
    expect(js.headers.get("content-type")).toContain("javascript");
    expect(await js.text()).toContain("_twofold_ref");
    expect((await fetch(`${sandbox.url}/__sandbox/theme-assets/../shopify.extension.toml`)).status).toBe(404);
  });

  it("shows the guest form and the friend offer on the home page, in French on request", async () => {
    const html = await (await fetch(`${sandbox.url}/storefront/demo-shop?ref=ADA42&locale=fr`)).text();
    expect(html).toContain("Un ami vous offre un cadeau");
    expect(html).toContain("Profitez de : 15% off your first order.");
    expect(html).toContain('action="/apps/twofold/claim"');
    expect(html).toContain('action="/apps/twofold/advocate"');
    expect(html).toContain("Saisissez votre e-mail pour recevoir votre lien de parrainage personnel.");
  });

  it("keeps cart attributes set through /cart/update.js (what the app embed stores)", async () => {
    const first = await fetch(`${sandbox.url}/cart/update.js`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ attributes: { _twofold_ref: "ADA42" } }),
    });
    const cartCookie = first.headers.getSetCookie().find((c) => c.startsWith("cart="))!.split(";")[0];
    expect(((await first.json()) as { attributes: Record<string, string> }).attributes).toEqual({ _twofold_ref: "ADA42" });
    const cart = (await (await fetch(`${sandbox.url}/cart.js`, { headers: { Cookie: cartCookie } })).json()) as {
      attributes: Record<string, string>;
    };
    expect(cart.attributes._twofold_ref).toBe("ADA42");
    const page = await (await fetch(`${sandbox.url}/storefront/${SHOP}`, { headers: { Cookie: cartCookie } })).text();
    expect(page).toContain("Referral code: ADA42");
    expect(page).toContain('name="ref" value="ADA42"');
  });
});

describe("admin frame and session tokens", () => {
  function expectShopifyClaims(claims: SessionTokenClaims) {
    const now = Math.floor(Date.now() / 1000);
    expect(claims.iss).toBe(`https://${SHOP}/admin`);
    expect(claims.dest).toBe(`https://${SHOP}`);
    expect(claims.aud).toBe(API_KEY);
    expect(claims.sub).toMatch(/^\d+$/);
    expect(claims.exp - claims.iat).toBe(60);
    expect(claims.nbf).toBeLessThanOrEqual(now);
    expect(claims.jti).toBeTruthy();
    expect(claims.sid).toBeTruthy();
  }

  it("GET /__sandbox/session-token issues an HS256 token Shopify's library accepts", async () => {
    const res = await fetch(`${sandbox.url}/__sandbox/session-token?shop=demo-shop`);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const { token } = (await res.json()) as { token: string };
    const [header] = token.split(".");
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
    expectShopifyClaims(verifyJwtHs256<SessionTokenClaims>(token, API_SECRET));
    expect(() => verifyJwtHs256(token, "wrong-secret")).toThrow(/signature/);
    const decoded = await shopify.session.decodeSessionToken(token);
    expect(decoded.dest).toBe(`https://${SHOP}`);
  });

  it("a token signed with another secret is refused by Shopify's library", async () => {
    const { token } = createSessionToken({ shop: SHOP, apiKey: API_KEY, apiSecret: "not-the-secret" });
    await expect(shopify.session.decodeSessionToken(token)).rejects.toThrow();
  });

  it("GET /admin/apps/twofold frames the app with embedded, shop, host and a fresh id_token", async () => {
    const html = await (await fetch(`${sandbox.url}/admin/apps/twofold?shop=${SHOP}`)).text();
    const src = /<iframe[^>]*src="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");
    expect(src).toBeTruthy();
    const url = new URL(src!);
    expect(`${url.origin}${url.pathname}`).toBe(`${app.url}/app`);
    expect(url.searchParams.get("embedded")).toBe("1");
    expect(url.searchParams.get("shop")).toBe(SHOP);
    expect(Buffer.from(url.searchParams.get("host")!, "base64").toString()).toBe("admin.shopify.com/store/demo-shop");
    expectShopifyClaims(verifyJwtHs256<SessionTokenClaims>(url.searchParams.get("id_token")!, API_SECRET));
    const hmac = url.searchParams.get("hmac")!;
    url.searchParams.delete("hmac");
    const message = [...url.searchParams.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join("&");
    expect(hmac).toBe(createHmac("sha256", API_SECRET).update(message).digest("hex"));

    expect((await fetch(`${sandbox.url}/admin/apps/twofold`)).status).toBe(400);
  });

  it("serves the App Bridge stand-in", async () => {
    const res = await fetch(`${sandbox.url}/__sandbox/app-bridge.js`);
    expect(res.headers.get("content-type")).toContain("javascript");
    const js = await res.text();
    for (const part of ["window.shopify", "idToken", "sandbox-toast", "sandbox-save-bar", "/__sandbox/session-token", "Authorization"]) {
      expect(js).toContain(part);
    }
  });
});
