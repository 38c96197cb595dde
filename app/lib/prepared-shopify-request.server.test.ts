import { createHmac } from "node:crypto";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { prepareShopifyRequest } from "./prepared-shopify-request.server";

const SECRET = "app-secret";
const api = shopifyApi({ apiKey: "key", apiSecretKey: SECRET, apiVersion: ApiVersion.October26, hostName: "app.example.com", isEmbeddedApp: true, logger: { level: LogSeverity.Error } });
const body = '{"id":1,"admin_graphql_api_id":"gid://shopify/Order/1"}';
const sign = (raw: string, secret = SECRET) => createHmac("sha256", secret).update(raw).digest("base64");

const shopifyHeaders = (overrides: Record<string, string | null> = {}): [string, string][] => {
  const headers: Record<string, string | null> = {
    "X-Shopify-Topic": "orders/paid",
    "X-Shopify-Hmac-Sha256": sign(body),
    "X-Shopify-Shop-Domain": "a.myshopify.com",
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": "wh-1",
    "X-Shopify-Event-Id": "ev-1",
    "X-Shopify-Triggered-At": "2026-12-07T06:00:00.000Z",
    ...overrides,
  };
  return Object.entries(headers).filter((e): e is [string, string] => e[1] !== null);
};

/** The library's answer for the same delivery given as a fetch Request and as a prepared request. */
async function bothWays(pairs: [string, string][], raw = body) {
  const url = "http://app.example.com/webhooks/orders/paid?x=1";
  const viaRequest = await api.webhooks.validate({ rawBody: raw, rawRequest: new Request(url, { method: "POST", headers: pairs, body: raw }) });
  const viaPrepared = await api.webhooks.validate({ rawBody: raw, rawRequest: prepareShopifyRequest("POST", url, pairs.map(([n, v]) => [n.toLowerCase(), v])) });
  return { viaRequest, viaPrepared };
}

describe("prepareShopifyRequest", () => {
  it("gives the library's webhook validation the same answers as a fetch Request", async () => {
    const cases: [string, [string, string][], string?][] = [
      ["valid", shopifyHeaders()],
      ["forged", shopifyHeaders({ "X-Shopify-Hmac-Sha256": sign(body, "other") })],
      ["body changed", shopifyHeaders(), `${body} `],
      ["no topic", shopifyHeaders({ "X-Shopify-Topic": null })],
      ["no webhook id or domain", shopifyHeaders({ "X-Shopify-Webhook-Id": null, "X-Shopify-Shop-Domain": null })],
      ["no event id or time", shopifyHeaders({ "X-Shopify-Event-Id": null, "X-Shopify-Triggered-At": null })],
      ["odd case", shopifyHeaders().map(([n, v]) => [n.toUpperCase(), v])],
      ["hmac sent twice", [...shopifyHeaders(), ["X-Shopify-Hmac-Sha256", sign(body)]]],
    ];
    for (const [label, pairs, raw] of cases) {
      const { viaRequest, viaPrepared } = await bothWays(pairs, raw);
      expect(viaPrepared, label).toEqual(viaRequest);
    }
    const { viaPrepared } = await bothWays(shopifyHeaders());
    expect(viaPrepared).toMatchObject({ valid: true, topic: "ORDERS_PAID", domain: "a.myshopify.com", webhookId: "wh-1", eventId: "ev-1" });
    expect((await bothWays(shopifyHeaders({ "X-Shopify-Hmac-Sha256": "x" }))).viaPrepared).toMatchObject({ valid: false, reason: "invalid_hmac" });
  });

  it("leaves every other request to the adapter installed before", async () => {
    prepareShopifyRequest("POST", "http://app.example.com/", shopifyHeaders());
    const request = new Request("http://app.example.com/webhooks/orders/paid", { method: "POST", headers: shopifyHeaders(), body });
    expect(await api.webhooks.validate({ rawBody: body, rawRequest: request })).toMatchObject({ valid: true, webhookId: "wh-1" });
  });
});
