#!/usr/bin/env node
// Runs Shopify's theme check on the theme app extension (offline, bundled docs) and exits
// non-zero on any error. @shopify/theme-check-node 3.x has no bin and its dist/cli.js always
// exits 0, so we run the same entry point (themeCheckRun) and judge the offenses ourselves.
// Usage: node scripts/theme-check.mjs [extensionDir] [--json]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { themeCheckRun, Severity } = require("@shopify/theme-check-node");

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const json = args.includes("--json");
const dir = path.resolve(args.find((a) => !a.startsWith("--")) ?? path.join(repoRoot, "extensions/twofold-theme"));

const names = { [Severity.ERROR]: "error", [Severity.WARNING]: "warning", [Severity.INFO]: "info" };
const { offenses, theme } = await themeCheckRun(dir, undefined, () => {});
if (theme.length === 0) {
  console.error(`theme-check: no theme files found in ${dir}`);
  process.exit(2);
}
const errors = offenses.filter((o) => o.severity === Severity.ERROR);
if (json) {
  console.log(JSON.stringify({ files: theme.length, errors: errors.length, offenses }, null, 2));
} else {
  for (const o of offenses) {
    const file = path.relative(dir, fileURLToPath(o.uri));
    console.log(`${names[o.severity] ?? o.severity} ${o.check} ${file}:${o.start.line + 1}: ${o.message}`);
  }
  console.log(`theme-check: ${theme.length} files, ${errors.length} errors, ${offenses.length - errors.length} other offenses`);
}
process.exit(errors.length > 0 ? 1 : 0);
