// scripts/theme-check.mjs: Shopify's theme check finds no error in the extension, and the
// script fails (exit 1) when a copy of the extension is broken on purpose.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, appendFileSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const script = path.join(root, "scripts/theme-check.mjs");
const extension = path.join(root, "extensions/twofold-theme");
const temp = mkdtempSync(path.join(tmpdir(), "twofold-theme-"));

async function themeCheck(dir: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [script, dir], { cwd: root });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("scripts/theme-check.mjs", () => {
  it("reports 0 errors on the theme app extension", async () => {
    const result = await themeCheck(extension);
    expect(result.stdout).toMatch(/theme-check: \d+ files, 0 errors/);
    expect(result.code).toBe(0);
  });

  it("exits non-zero on a broken copy", async () => {
    const broken = path.join(temp, "twofold-theme");
    cpSync(extension, broken, { recursive: true });
    appendFileSync(path.join(broken, "blocks/advocate.liquid"), "\n{{ 'advocate.no_such_key' | t }}{{ shop.name | no_such_filter }}\n");
    const fr = path.join(broken, "locales/fr.json");
    const locale = JSON.parse(readFileSync(fr, "utf8")) as { advocate: Record<string, string> };
    delete locale.advocate.copy;
    writeFileSync(fr, JSON.stringify(locale));

    const result = await themeCheck(broken);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("TranslationKeyExists");
    expect(result.stdout).toContain("UnknownFilter");
    expect(result.stdout).toContain("MatchingTranslations");
  });
});
