// The customer account extension's words: every key the code translates exists in English,
// French has exactly the same keys, and each translation keeps its {{placeholders}}.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/db";

const dir = path.join(ROOT, "extensions/twofold-customer-account");
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(dir, "locales", file), "utf8")) as Record<string, unknown>;
const PLURAL = new Set(["zero", "one", "two", "few", "many", "other"]);

/** key → text, with plural forms kept under their key ("friends.heading" → ["one", "other"] texts). */
function flatten(value: unknown, prefix = ""): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, [v]);
    else if (Object.keys(v as object).every((f) => PLURAL.has(f))) out.set(key, Object.values(v as Record<string, string>));
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}
const placeholders = (texts: string[]) => [...new Set(texts.flatMap((t) => [...t.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1])))].sort();

describe("customer account extension locales", () => {
  const en = flatten(read("en.default.json"));
  const fr = flatten(read("fr.json"));

  it("French has every English key and no other", () => {
    expect([...fr.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it("translations keep the placeholders", () => {
    for (const [key, texts] of en) expect(placeholders(fr.get(key) ?? []), key).toEqual(placeholders(texts));
  });

  it("every key the extension translates is defined", () => {
    const source = fs.readFileSync(path.join(dir, "src/ReferralPage.tsx"), "utf8");
    const literal = [...source.matchAll(/\bt\(\s*"([\w.]+)"/g)].map((m) => m[1]);
    const ternary = [...source.matchAll(/\bt\(\s*[^,()]*\?\s*"([\w.]+)"\s*:\s*"([\w.]+)"/g)].flatMap((m) => [m[1], m[2]]);
    const fetchPage = fs.readFileSync(path.join(dir, "src/fetch-page.ts"), "utf8");
    // The share targets are listed once: `(["email", …] as const).map((key) => …)`.
    const targets = /\(\[([^\]]*)\] as const\)\.map\(\(key\)/.exec(fetchPage)?.[1] ?? "";
    const shareKeys = [...targets.matchAll(/"(\w+)"/g)].map((m) => `share.via.${m[1]}`);
    const statusKeys = ["joined", "ordered", "pending", "rewarded", "not_eligible"].map((s) => `friends.status.${s}`);
    const used = [...literal, ...ternary, ...shareKeys, ...statusKeys];
    expect(literal.length).toBeGreaterThan(15);
    expect(shareKeys).toHaveLength(5);
    for (const key of used) expect(en.has(key), key).toBe(true);
  });
});
