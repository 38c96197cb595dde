// Streams a 100,000-row referral export and checks that the heap stays flat while it does:
// rows are read page by page as the consumer pulls, never buffered whole.
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvCell, streamCsvExport } from "../../app/analytics/export-csv.server";
import { createTestDb, type TestDb } from "../helpers/db";

v8.setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const SHOP = "export.myshopify.com";
const ROWS = 100_000;
const PERIOD = { from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-02-01T00:00:00Z") };

describe("CSV export", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    await t.prisma.shop.create({ data: { id: SHOP, currencyCode: "USD" } });
    const program = await t.prisma.program.create({ data: { shopId: SHOP } });
    const version = await t.prisma.programVersion.create({ data: { shopId: SHOP, programId: program.id, version: 1, config: {} } });
    const advocate = await t.prisma.advocate.create({ data: { shopId: SHOP, code: "=CMD()", email: "a@example.com" } });
    const start = PERIOD.from.getTime();
    for (let offset = 0; offset < ROWS + 10; offset += 5_000) {
      const data = [];
      for (let i = offset; i < Math.min(offset + 5_000, ROWS + 10); i++) {
        // 10 rows fall outside the period; several rows share a timestamp (keyset tie on id).
        const createdAt = i < ROWS ? new Date(start + Math.floor(i / 3) * 1_000) : new Date(PERIOD.to.getTime() + i);
        data.push({
          id: `r${String(i).padStart(7, "0")}`, shopId: SHOP, advocateId: advocate.id, programVersionId: version.id, createdAt, status: "ordered",
          friendEmail: i === 7 ? 'odd "name", <x@example.com>' : `friend${i}@example.com`, orderGid: `gid://shopify/Order/${i}`, orderTotalMinor: BigInt(1000 + i), orderCurrency: "USD",
        });
      }
      await t.prisma.referral.createMany({ data });
    }
  }, 300_000);
  afterAll(async () => t.drop());

  it.each([
    [null, ""],
    ["plain", "plain"],
    ['a "quote", comma', '"a ""quote"", comma"'],
    ["=SUM(A1)", "'=SUM(A1)"],
    ["line\nbreak", '"line\nbreak"'],
    [12, "12"],
  ] as const)("csvCell(%j) → %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("streams 100,000 referrals with bounded memory, every row once, in order", async () => {
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peakGrowth = 0;
    let bytes = 0;
    let lines = 0;
    let chunks = 0;
    let previousId = "";
    let ordered = true;
    let carry = "";
    const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    const firstLines: string[] = [];
    const reader = streamCsvExport(t.prisma, SHOP, "referrals", PERIOD, { batchSize: 1_000 }).getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      const chunk = next.value;
      bytes += chunk.byteLength;
      const text = carry + decoder.decode(chunk, { stream: true });
      const parts = text.split("\r\n");
      carry = parts.pop()!;
      for (const line of parts) {
        if (firstLines.length < 10) firstLines.push(line);
        lines++;
        const id = line.slice(0, 8);
        if (lines > 1 && !line.startsWith('"')) {
          if (id <= previousId) ordered = false;
          previousId = id;
        }
      }
      if (++chunks % 10 === 0) {
        gc();
        peakGrowth = Math.max(peakGrowth, process.memoryUsage().heapUsed - baseline);
      }
    }
    expect(carry).toBe("");
    expect(lines).toBe(ROWS + 1);
    expect(ordered).toBe(true);
    expect(firstLines[0]).toBe("\uFEFFreferral_id,created_at,status,advocate_code,friend_email,claimed_at,ordered_at,order_id,order_total,order_subtotal,currency,refunded,fraud_score");
    expect(firstLines[1]).toBe("r0000000,2026-01-01T00:00:00.000Z,ordered,'=CMD(),friend0@example.com,,,gid://shopify/Order/0,10.00,,USD,0.00,");
    expect(firstLines[8]).toContain(',"odd ""name"", <x@example.com>",');
    console.info(`export: ${ROWS} rows, ${(bytes / 1e6).toFixed(1)} MB streamed in ${chunks} chunks, peak heap growth ${(peakGrowth / 1e6).toFixed(1)} MB`);
    // The file is ~12 MB and the rows as objects several times that; one page is ~0.2 MB.
    expect(bytes).toBeGreaterThan(10_000_000);
    expect(peakGrowth).toBeLessThan(bytes / 2);
    expect(peakGrowth).toBeLessThan(8_000_000);
  }, 300_000);
});
