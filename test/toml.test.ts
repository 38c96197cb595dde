// shopify.app.toml and the code must agree: every declared webhook has a route, every
// webhook route is declared, and the scopes match what the app asks for.
import fs from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { DEFAULT_SCOPES } from "../sandbox/admin/access";
import { ROOT } from "./helpers/db";

interface Subscription {
  topics?: string[];
  compliance_topics?: string[];
  uri: string;
}

const toml = parse(fs.readFileSync(path.join(ROOT, "shopify.app.toml"), "utf8")) as unknown as {
  embedded: boolean;
  webhooks: { api_version: string; subscriptions: Subscription[] };
  access_scopes: { scopes: string };
  app_proxy: { url: string; prefix: string; subpath: string };
};
const routesDir = path.join(ROOT, "app", "routes");
const webhookRouteFiles = fs.readdirSync(routesDir).filter((f) => /^webhooks\..+\.tsx?$/.test(f));
const uriToRouteFile = (uri: string) => `${uri.replace(/^\//, "").replace(/\//g, ".")}.tsx`;

describe("shopify.app.toml", () => {
  it("is embedded and pins the Admin API version the code uses", async () => {
    expect(toml.embedded).toBe(true);
    expect(toml.webhooks.api_version).toBe("2026-10");
    const source = fs.readFileSync(path.join(ROOT, "app", "shopify.server.ts"), "utf8");
    expect(source).toMatch(/ApiVersion\.October26/);
  });

  it("declares each webhook topic with a route of its own", () => {
    for (const sub of toml.webhooks.subscriptions) {
      const topics = [...(sub.topics ?? []), ...(sub.compliance_topics ?? [])];
      expect(topics, sub.uri).toHaveLength(1);
      expect(sub.uri).toBe(`/webhooks/${topics[0]}`);
      expect(webhookRouteFiles, `no route for ${sub.uri}`).toContain(uriToRouteFile(sub.uri));
    }
  });

  it("declares every webhook route", () => {
    const declared = toml.webhooks.subscriptions.map((s) => uriToRouteFile(s.uri));
    for (const file of webhookRouteFiles) expect(declared, `${file} is not declared in shopify.app.toml`).toContain(file);
  });

  it("subscribes to every topic the mission needs, compliance ones included", () => {
    const topics = toml.webhooks.subscriptions.flatMap((s) => s.topics ?? []);
    const compliance = toml.webhooks.subscriptions.flatMap((s) => s.compliance_topics ?? []);
    expect(topics).toEqual(
      expect.arrayContaining(["app/uninstalled", "app/scopes_update", "orders/create", "orders/paid", "orders/cancelled", "refunds/create"]),
    );
    expect(compliance.sort()).toEqual(["customers/data_request", "customers/redact", "shop/redact"]);
  });

  it("asks for the same scopes as the app code", async () => {
    const source = fs.readFileSync(path.join(ROOT, "app", "shopify.server.ts"), "utf8");
    const block = source.match(/ACCESS_SCOPES = \[([\s\S]*?)\]/)?.[1] ?? "";
    const inCode = [...block.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]).sort();
    expect(toml.access_scopes.scopes.split(",").sort()).toEqual(inCode);
    // The sandbox grants exactly these, so a missing scope fails there as it would on Shopify.
    expect(DEFAULT_SCOPES.split(",").sort()).toEqual(inCode);
  });

  it("routes the app proxy to the app's /proxy endpoints", () => {
    expect(toml.app_proxy).toMatchObject({ prefix: "apps", subpath: "twofold" });
    expect(new URL(toml.app_proxy.url).pathname).toBe("/proxy");
  });
});
