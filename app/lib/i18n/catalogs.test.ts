// Every catalog is complete and every key is used: a key missing in one language, left over
// after its last use, or with other arguments than English fails here (app, theme blocks,
// checkout and customer-account extensions).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { TYPE, parse, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { CATALOGS, SUPPORTED_LOCALES, matchLocale, resolveLocale, translate } from "./i18n";

const ROOT = path.resolve(__dirname, "../../..");

function sourceFiles(dir: string, exts: RegExp): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && entry.name !== "generated" && entry.name !== "dist") out.push(...sourceFiles(full, exts));
    } else if (exts.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) into.add(el.value);
    if (el.type === TYPE.select || el.type === TYPE.plural) {
      into.add(el.value);
      for (const option of Object.values(el.options)) argumentsOf(option.value, into);
    }
  }
  return into;
}

/** "a.b.c" paths of every string in a nested JSON catalog. */
function flatKeys(value: unknown, prefix = ""): string[] {
  if (typeof value === "string") return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => flatKeys(v, prefix ? `${prefix}.${k}` : k));
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}

describe("the app's ICU catalogs (app/lib/i18n/messages)", () => {
  const english = CATALOGS.en;
  const keys = Object.keys(english).sort();

  it("has one catalog file per supported locale and nothing else", () => {
    const files = readdirSync(path.join(__dirname, "messages")).map((f) => f.replace(/\.json$/, "")).sort();
    expect(files).toEqual([...SUPPORTED_LOCALES].sort());
  });

  it.each(SUPPORTED_LOCALES.filter((l) => l !== "en"))("%s has exactly the English keys, with the same arguments", (locale) => {
    const catalog = CATALOGS[locale] as Record<string, string>;
    expect(Object.keys(catalog).sort()).toEqual(keys);
    for (const key of keys) {
      const ours = argumentsOf(parse(catalog[key]));
      const theirs = argumentsOf(parse(english[key as keyof typeof english]));
      // Japanese and Indonesian have no singular plural form: "one" is optional, the argument is not.
      expect({ key, args: [...ours].sort() }).toEqual({ key, args: [...theirs].sort() });
    }
  });

  it("uses every key somewhere in app/ (a key no code names is left over)", () => {
    const source = sourceFiles(path.join(ROOT, "app"), /\.(ts|tsx)$/).map((f) => readFileSync(f, "utf8")).join("\n");
    const unused = keys.filter((key) => !source.includes(`"${key}"`));
    expect(unused).toEqual([]);
  });

  it("matches requested locales to catalogs", () => {
    expect(["sv-SE", "pt", "pt-PT", "fr-CA", "in", "JA", "zh-TW", "", "../x"].map((t) => matchLocale(t))).toEqual(["sv", "pt-BR", "pt-BR", "fr", "id", "ja", null, null, null]);
    expect(resolveLocale(null, "de-AT")).toBe("de");
    expect(resolveLocale("ko", undefined)).toBe("en");
    expect(translate("ja", "proxy.yourCode")).toBe("あなたのコード");
  });
});

/** Extension catalogs: Shopify's own format (nested JSON, {{ name }}), en.default.json the reference. */
describe.each([
  { name: "theme app extension", dir: "extensions/twofold-theme", suffix: ".json", sources: /\.(liquid|js)$/, used: (key: string, src: string) => src.includes(`'${key}'`) || src.includes(`"${key}"`) },
  { name: "theme app extension (schema)", dir: "extensions/twofold-theme", suffix: ".schema.json", sources: /\.liquid$/, used: (key: string, src: string) => src.includes(`"t:${key}"`) },
  { name: "checkout UI extension", dir: "extensions/twofold-checkout", suffix: ".json", sources: /\.tsx?$/, used: (key: string, src: string) => src.includes(`"${key}"`) },
  { name: "customer account extension", dir: "extensions/twofold-customer-account", suffix: ".json", sources: /\.tsx?$/, used: (key: string, src: string) => src.includes(`"${key}"`) },
])("$name locales", ({ dir, suffix, sources, used }) => {
  const localesDir = path.join(ROOT, dir, "locales");
  const files = readdirSync(localesDir).filter((f) => f.endsWith(suffix) && (suffix === ".schema.json" || !f.endsWith(".schema.json")));
  const reference = files.find((f) => f === `en.default${suffix}`)!;
  const referenceKeys = flatKeys(readJson(path.join(localesDir, reference))).sort();
  const localeOf = (f: string) => f.slice(0, -suffix.length).replace(/\.default$/, "");

  // The schema files translate the theme editor (the merchant's admin language), not the storefront.
  it.skipIf(suffix === ".schema.json")("ships every supported language", () => {
    expect(files.map(localeOf).sort()).toEqual([...SUPPORTED_LOCALES].sort());
  });

  it.each(files.filter((f) => f !== reference))("%s has exactly the English keys and placeholders", (file) => {
    const data = readJson(path.join(localesDir, file));
    expect(flatKeys(data).sort()).toEqual(referenceKeys);
    const english = readJson(path.join(localesDir, reference));
    const at = (obj: unknown, key: string) => key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], obj) as string;
    const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
    for (const key of referenceKeys) expect({ key, p: placeholders(at(data, key)) }).toEqual({ key, p: placeholders(at(english, key)) });
  });

  it("uses every key (none left over)", () => {
    const source = sourceFiles(path.join(ROOT, dir), sources).map((f) => readFileSync(f, "utf8")).join("\n");
    // Shopify's pluralization keys (one/other) are named through their parent; `friends.status.${x}` names a group.
    const dynamic = (key: string) => key.split(".").some((_, i, parts) => i > 0 && source.includes(`\`${parts.slice(0, i).join(".")}.\${`));
    const unused = referenceKeys.filter((key) => !used(key, source) && !used(key.replace(/\.(zero|one|two|few|many|other)$/, ""), source) && !dynamic(key));
    expect(unused).toEqual([]);
  });
});
