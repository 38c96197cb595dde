import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkDocuments,
  codeOnly,
  compareGenerated,
  extractGraphqlDocuments,
  generateTypesInto,
  GENERATED_DIR,
  listSourceFiles,
  loadSchema,
  runGraphqlCheck,
  type SourceFile,
} from "./check-graphql";

const root = path.resolve(import.meta.dirname, "..");
const schema = loadSchema(path.join(root, "graphql/admin-2026-10.graphql"));
const realFile = "app/shopify/shop-profile.server.ts";
const realText = readFileSync(path.join(root, realFile), "utf8");

function check(sources: SourceFile[]) {
  return checkDocuments(sources.flatMap(extractGraphqlDocuments), schema);
}

function lineOf(text: string, needle: string): number {
  return text.split("\n").findIndex((line) => line.includes(needle)) + 1;
}

describe("graphql check: documents", () => {
  it("passes the real documents", async () => {
    const { documents, problems } = await runGraphqlCheck({ root, codegen: false });
    expect(problems).toEqual([]);
    const names = documents.map((d) => /(?:query|mutation) (\w+)/.exec(d.text)?.[1]);
    expect(names).toEqual(expect.arrayContaining(["FetchShopProfile", "CreateBasicDiscountCode", "CreditStoreCredit", "ListStoreCreditTransactions"]));
    expect(listSourceFiles(root).some((f) => f.endsWith(".test.ts"))).toBe(false);
  }, 60_000); // parses the whole Admin schema (3.7 MB with Shopify's descriptions in CI)

  it("reports an invalid field with file and line", () => {
    const text = realText.replace("      currencyCode\n", "      currencyCode\n      currencyCodeTypo\n");
    expect(text).not.toBe(realText);
    const problems = check([{ file: realFile, text }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: realFile, line: lineOf(text, "currencyCodeTypo") });
    expect(problems[0].message).toContain('Cannot query field "currencyCodeTypo" on type "Shop"');
  });

  it("reports an invalid argument", () => {
    const file = "app/shopify/customers.server.ts";
    const original = readFileSync(path.join(root, file), "utf8");
    const text = original.replace("customers(first: 2, query: $query)", "customers(first: 2, query: $query, orderBy: NAME)");
    expect(text).not.toBe(original);
    const problems = check([{ file, text }]);
    expect(problems.map((p) => p.message)).toContain('Unknown argument "orderBy" on field "QueryRoot.customers".');
    expect(problems[0].line).toBe(lineOf(text, "orderBy: NAME"));
  });

  it("reports a wrong argument type and a syntax error", () => {
    const wrongType = realText.replace("query FetchShopProfile {\n    shop {", "query FetchShopProfile {\n    shop {\n      metafield(key: 3) { id }");
    expect(check([{ file: realFile, text: wrongType }]).map((p) => p.message).join("\n")).toMatch(/String/);
    const syntax = realText.replace("myshopifyDomain", "myshopifyDomain(");
    expect(check([{ file: realFile, text: syntax }])[0].message).toMatch(/^syntax:/);
  });

  it("fails on duplicate operation names, unnamed operations and documents outside app/shopify", () => {
    const problems = check([
      { file: realFile, text: realText },
      { file: "app/shopify/other.server.ts", text: realText },
      { file: "app/shopify/anon.server.ts", text: "export const Q = `#graphql\n  query { shop { name } }\n`;" },
      { file: "app/routes/app.x.tsx", text: "export const Q = `#graphql\n  query RouteQuery { shop { name } }\n`;" },
      { file: "app/shopify/dyn.server.ts", text: "const f = 'name'; export const Q = `#graphql\n query Dyn { shop { ${f} } }`;" },
    ]);
    const messages = problems.map((p) => `${p.file}:${p.line} ${p.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^app\/shopify\/other\.server\.ts:\d+ duplicate operation name FetchShopProfile \(also at app\/shopify\/shop-profile\.server\.ts:\d+\)/));
    expect(messages).toContainEqual(expect.stringMatching(/anon\.server\.ts:2 operation has no name/));
    expect(messages).toContainEqual(expect.stringMatching(/app\.x\.tsx:1 #graphql documents belong in app\/shopify/));
    expect(messages).toContainEqual(expect.stringMatching(/dyn\.server\.ts:1 a #graphql document may interpolate only fragment documents \(\$\{FRAGMENT_CONSTANT\}\), not \$\{f\}/));
  });

  describe("fragment documents", () => {
    const fragmentFile = "app/shopify/fragments.ts";
    const fragment = "export const SHOP_NAME = `#graphql\n  fragment ShopName on Shop {\n    name\n  }\n`;\n";
    const operation = (body: string) => `export const Q = \`#graphql\n  query ShopNameQuery {\n    shop {\n      ${body}\n    }\n  }\n  \${SHOP_NAME}\` as const;\n`;

    it("checks an operation together with the fragments it interpolates, from any file", () => {
      expect(check([{ file: fragmentFile, text: fragment }, { file: "app/shopify/q.server.ts", text: operation("...ShopName") }])).toEqual([]);
    });

    it("reports a bad field inside a fragment at the fragment's own line", () => {
      const bad = fragment.replace("    name\n", "    name\n    nameTypo\n");
      const problems = check([{ file: fragmentFile, text: bad }, { file: "app/shopify/q.server.ts", text: operation("...ShopName") }]);
      expect(problems).toEqual([expect.objectContaining({ file: fragmentFile, line: lineOf(bad, "nameTypo"), message: expect.stringContaining('Cannot query field "nameTypo" on type "Shop"') })]);
    });

    it("refuses a fragment not spread, one interpolated before the operation, and one no operation uses", () => {
      const notSpread = check([{ file: fragmentFile, text: fragment }, { file: "app/shopify/q.server.ts", text: operation("name") }]);
      expect(notSpread.map((p) => p.message)).toContainEqual(expect.stringContaining('Fragment "ShopName" is never used'));
      const first = "export const Q = `#graphql\n  ${SHOP_NAME}\n  query ShopNameQuery {\n    shop {\n      ...ShopName\n    }\n  }\n` as const;\n";
      expect(check([{ file: fragmentFile, text: fragment }, { file: "app/shopify/q.server.ts", text: first }]).map((p) => p.message)).toContainEqual(
        expect.stringMatching(/^interpolated fragments go at the end/),
      );
      expect(check([{ file: fragmentFile, text: fragment }])).toEqual([expect.objectContaining({ file: fragmentFile, line: 1, message: "fragment document SHOP_NAME is interpolated by no operation: delete it" })]);
    });
  });
});

describe("graphql check: generated types", () => {
  let fresh: string;
  beforeAll(async () => {
    fresh = mkdtempSync(path.join(tmpdir(), "twofold-check-test-"));
    await generateTypesInto(root, fresh);
  }, 60_000);
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it("finds the committed types up to date", () => {
    expect(compareGenerated(fresh, path.join(root, GENERATED_DIR))).toEqual([]);
  });

  it("reports stale committed types", () => {
    const stale = mkdtempSync(path.join(tmpdir(), "twofold-stale-"));
    try {
      cpSync(path.join(root, GENERATED_DIR), stale, { recursive: true });
      const generated = path.join(stale, "admin.generated.d.ts");
      writeFileSync(generated, readFileSync(generated, "utf8").replace("FetchShopProfileQuery =", "FetchShopProfileQueryOld ="));
      const problems = compareGenerated(fresh, stale);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ file: `${GENERATED_DIR}/admin.generated.d.ts` });
      expect(problems[0].message).toMatch(/stale/);
    } finally {
      rmSync(stale, { recursive: true, force: true });
    }
  });
});

describe("graphql check: codeOnly", () => {
  const plain = "export type A =\n  { x: string; }\n  |  { y: number; };\n";
  const described = "export type A =\n  /** The x. */\n  { x: string; }\n  |  /** The y,\n   * over lines. */\n  { y: number; };\n";

  it("treats output from a schema with and without descriptions as the same code", () => {
    expect(codeOnly(described)).toBe(codeOnly(plain));
  });

  it.each([
    ["a renamed type", plain.replace("A =", "B =")],
    ["a changed field type", plain.replace("y: number", "y: string")],
    ["a dropped member", "export type A =\n  { x: string; };\n"],
  ])("still tells %s apart", (_name, changed) => {
    expect(codeOnly(changed)).not.toBe(codeOnly(described));
  });
});
