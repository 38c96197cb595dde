// The program module against a real database (SQLite or PostgreSQL by TEST_DATABASE).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  currentProgramVersion,
  defaultProgramConfig,
  listProgramVersions,
  saveProgramForm,
  saveProgramVersion,
  setProgramStatus,
} from "../../app/program/program.server";
import { configToForm } from "../../app/program/program-form";
import { createTestDb, type TestDb } from "../helpers/db";

const A = "shop-a.myshopify.com";
const B = "shop-b.myshopify.com";
let db: TestDb;

beforeAll(async () => {
  db = await createTestDb();
  await db.prisma.shop.create({ data: { id: A, currencyCode: "USD" } });
  await db.prisma.shop.create({ data: { id: B, currencyCode: "JPY" } });
});
afterAll(async () => db?.drop());

describe("program versions", () => {
  it("saves versions 1, 2, … in a paused program, audited, with a diff of what changed", async () => {
    expect(await currentProgramVersion(db.prisma, A)).toBeNull();
    const first = await saveProgramVersion(db.prisma, { shop: A, input: defaultProgramConfig("USD"), actor: "staff:1" });
    expect(first.ok && first.version.version).toBe(1);
    const edited = { ...defaultProgramConfig("USD"), friendReward: { ...defaultProgramConfig("USD").friendReward, percent: 20 } };
    const second = await saveProgramVersion(db.prisma, { shop: A, input: edited, actor: "staff:2", note: "Summer" });
    expect(second.ok && second.version.version).toBe(2);

    const current = await currentProgramVersion(db.prisma, A);
    expect(current).toMatchObject({ version: 2, status: "paused" });
    expect(current!.config.friendReward.percent).toBe(20);

    const history = await listProgramVersions(db.prisma, A);
    expect(history.map((v) => [v.version, v.createdBy, v.current])).toEqual([
      [2, "staff:2", true],
      [1, "staff:1", false],
    ]);
    expect(history[0].changes).toEqual(["Friend discount: 15% → 20%"]);
    expect(history[0].note).toBe("Summer");
    expect(history[1].changes).toEqual(["Program created"]);
    expect(await db.prisma.auditLog.count({ where: { shopId: A, action: "program.version_saved" } })).toBe(2);
  });

  it("saves nothing for invalid input and names the field", async () => {
    const before = await db.prisma.programVersion.count();
    const bad = { ...defaultProgramConfig("USD"), advocateReward: { ...defaultProgramConfig("USD").advocateReward, type: "percentage", percent: 10 } };
    const result = await saveProgramVersion(db.prisma, { shop: A, input: bad, actor: "staff:1" });
    expect(result).toEqual({ ok: false, fieldErrors: { "advocateReward.capMinor": "A percentage reward needs a maximum amount (cap)" } });
    const wrongCurrency = await saveProgramVersion(db.prisma, { shop: A, input: defaultProgramConfig("EUR"), actor: "staff:1" });
    expect(wrongCurrency).toEqual({ ok: false, fieldErrors: { currency: "Rewards must be in your store's currency (USD), not EUR." } });
    expect(await db.prisma.programVersion.count()).toBe(before);
  });

  it("converts the form's decimals with the shop currency and rejects extra decimals", async () => {
    const form = configToForm(defaultProgramConfig("JPY"));
    const bad = await saveProgramForm(db.prisma, { shop: B, form: { ...form, "advocateReward.amountMinor": "1500.5" }, actor: "staff:9" });
    expect(bad).toEqual({ ok: false, fieldErrors: { "advocateReward.amountMinor": "JPY amounts cannot have decimals" } });
    const good = await saveProgramForm(db.prisma, { shop: B, form: { ...form, "advocateReward.amountMinor": "2000" }, actor: "staff:9" });
    expect(good.ok && good.version.config.advocateReward.amountMinor).toBe(2000);
  });

  it("turns on only a saved program and audits each change", async () => {
    expect(await setProgramStatus(db.prisma, "nobody.myshopify.com", "active", "staff:1")).toEqual({
      ok: false,
      error: "Save your program settings before turning the program on.",
    });
    expect(await setProgramStatus(db.prisma, A, "active", "staff:1")).toEqual({ ok: true, status: "active" });
    expect((await currentProgramVersion(db.prisma, A))!.status).toBe("active");
    expect((await currentProgramVersion(db.prisma, B))!.status).toBe("paused");
    expect(await db.prisma.auditLog.count({ where: { shopId: A, action: "program.activated" } })).toBe(1);
  });

  it("keeps versions numbered without gaps when saves race", async () => {
    const results = await Promise.all(
      [1, 2, 3].map((n) => saveProgramVersion(db.prisma, { shop: B, input: { ...defaultProgramConfig("JPY"), terms: `Terms ${n}` }, actor: `staff:${n}` })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const versions = (await listProgramVersions(db.prisma, B)).map((v) => v.version);
    expect(versions).toEqual([4, 3, 2, 1]);
  });
});
