// Tenancy rule of DESIGN.md: every tenant table carries the shop and is indexed by it.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/db";

const schema = fs.readFileSync(path.join(ROOT, "prisma", "schema.prisma"), "utf8");
const models = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].map(([, name, body]) => ({ name, body }));
// Shop is the tenant itself; Job rows may be global (housekeeping) so shopId is optional there.
const NOT_TENANT = new Set(["Shop"]);

describe("prisma/schema.prisma", () => {
  it("has the core model of DESIGN.md", () => {
    expect(models.map((m) => m.name)).toEqual(
      expect.arrayContaining(["Session", "Shop", "Program", "ProgramVersion", "Advocate", "Referral", "Reward", "WebhookEvent", "Job", "AuditLog"]),
    );
  });

  it.each(models.filter((m) => !NOT_TENANT.has(m.name)).map((m) => [m.name, m.body]))("%s carries the shop and is indexed by it", (_name, body) => {
    const column = /^\s+shopId\s/m.test(body) ? "shopId" : /^\s+shop\s+String/m.test(body) ? "shop" : null;
    expect(column, "no shopId/shop column").not.toBeNull();
    const leadingIndex = new RegExp(`@@(index|unique|id)\\(\\[${column}[,\\]]`).test(body) || new RegExp(`^\\s+${column}\\s+String\\s+@(unique|id)\\b`, "m").test(body);
    expect(leadingIndex, `no index whose first column is ${column}`).toBe(true);
  });

  it("keeps money as integer minor units (BigInt), never Float or Decimal", () => {
    expect(schema).not.toMatch(/\b(Float|Decimal)\b/);
    for (const [, field, type] of schema.matchAll(/^\s+(\w*Minor)\s+(\w+\??)/gm)) expect(type.replace("?", ""), field).toBe("BigInt");
  });

  it("gives every reward a unique idempotency key and every webhook delivery a unique (shop, webhook id)", () => {
    expect(models.find((m) => m.name === "Reward")!.body).toMatch(/idempotencyKey\s+String\s+@unique/);
    expect(models.find((m) => m.name === "WebhookEvent")!.body).toMatch(/@@unique\(\[shopId, webhookId\]\)/);
  });
});
