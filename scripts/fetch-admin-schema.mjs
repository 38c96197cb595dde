#!/usr/bin/env node
// Produces the project's own copy of Shopify's Admin GraphQL schema (2026-10) from the
// introspection data Shopify publishes in the npm package @shopify/dev-mcp (ISC licence).
// Printed without descriptions so the committed file stays small and free of Shopify's prose.
//
//   node scripts/fetch-admin-schema.mjs [--out graphql/admin-2026-10.graphql] [--check]
//
// --check writes nothing and exits 1 when the file on disk differs from a fresh print.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, printSchema, buildSchema } from "graphql";

const PACKAGE = "@shopify/dev-mcp@1.16.0";
const ENTRY = "package/dist/data/admin_2026-10.json.gz";

function parseArgs(argv) {
  const outIndex = argv.indexOf("--out");
  return {
    out: outIndex >= 0 ? argv[outIndex + 1] : "graphql/admin-2026-10.graphql",
    check: argv.includes("--check"),
  };
}

/** Removes descriptions from an introspection result, recursively. */
function stripDescriptions(value) {
  if (Array.isArray(value)) return value.map(stripDescriptions);
  if (value && typeof value === "object") {
    const out = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === "description") out[key] = null;
      else out[key] = stripDescriptions(child);
    }
    return out;
  }
  return value;
}

/** The introspection JSON → SDL without descriptions. Exported for reuse and tests. */
export function introspectionToSdl(introspectionJson) {
  const parsed = typeof introspectionJson === "string" ? JSON.parse(introspectionJson) : introspectionJson;
  const data = parsed.data ?? parsed;
  const schema = buildClientSchema(stripDescriptions(data));
  return printSchema(schema) + "\n";
}

function main() {
  const { out, check } = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(path.join(tmpdir(), "twofold-schema-"));
  try {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const tarball = execFileSync(npm, ["pack", PACKAGE, "--silent", "--pack-destination", dir], {
      cwd: dir,
      encoding: "utf8",
    })
      .trim()
      .split("\n")
      .pop();
    execFileSync("tar", ["-xzf", path.join(dir, tarball), "-C", dir, ENTRY]);
    const json = gunzipSync(readFileSync(path.join(dir, ENTRY))).toString("utf8");
    const sdl = introspectionToSdl(json);
    buildSchema(sdl); // must round-trip
    const sha = createHash("sha256").update(sdl).digest("hex");
    if (check) {
      const current = existsSync(out) ? readFileSync(out, "utf8") : "";
      if (current !== sdl) {
        console.error(`${out} differs from ${PACKAGE} (fresh sha256 ${sha}); run node scripts/fetch-admin-schema.mjs`);
        process.exitCode = 1;
      } else console.log(`${out} matches ${PACKAGE} (sha256 ${sha})`);
      return;
    }
    mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    writeFileSync(out, sdl);
    console.log(`wrote ${out} (${sdl.length} bytes, sha256 ${sha}) from ${PACKAGE}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith("fetch-admin-schema.mjs")) {
  main();
}
