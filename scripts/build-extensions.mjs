#!/usr/bin/env node
// Builds the UI extensions (checkout, customer account) the way Shopify CLI bundles it (esbuild, one minified ESM
// bundle per module, Preact JSX) and reports its size against Shopify's limit of 64 KB of
// compressed JavaScript per UI extension.
//   node scripts/build-extensions.mjs          build into extensions/<name>/dist, print sizes
//   SHOPIFY_APP_URL=https://app.example node scripts/build-extensions.mjs   bake the app's URL in
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Shopify's limit for a UI extension's compiled script, compressed. */
export const UI_EXTENSION_LIMIT_BYTES = 64 * 1024;

export const EXTENSIONS = [
  { name: "twofold-checkout", entry: "extensions/twofold-checkout/src/ShareAndEarn.tsx", outfile: "extensions/twofold-checkout/dist/twofold-share-and-earn.js" },
  { name: "twofold-customer-account", entry: "extensions/twofold-customer-account/src/ReferralPage.tsx", outfile: "extensions/twofold-customer-account/dist/twofold-referrals.js" },
];

/** Builds every UI extension; returns each bundle (code) with its raw, gzip and brotli sizes in bytes. */
export async function buildExtensions({ write = true, appUrl = process.env.SHOPIFY_APP_URL } = {}) {
  const results = [];
  for (const ext of EXTENSIONS) {
    const out = await esbuild.build({
      absWorkingDir: root,
      entryPoints: [ext.entry],
      bundle: true,
      minify: true,
      format: "esm",
      target: "es2020",
      platform: "browser",
      jsx: "automatic",
      jsxImportSource: "preact",
      legalComments: "none",
      define: {
        "process.env.NODE_ENV": '"production"',
        ...(appUrl ? { __TWOFOLD_APP_URL__: JSON.stringify(appUrl) } : {}),
      },
      write: false,
      outfile: ext.outfile,
      logLevel: "silent",
    });
    const code = out.outputFiles[0].contents;
    if (write) {
      fs.mkdirSync(path.dirname(path.join(root, ext.outfile)), { recursive: true });
      fs.writeFileSync(path.join(root, ext.outfile), code);
    }
    results.push({
      name: ext.name,
      outfile: ext.outfile,
      code,
      rawBytes: code.byteLength,
      gzipBytes: zlib.gzipSync(code, { level: 9 }).byteLength,
      brotliBytes: zlib.brotliCompressSync(code).byteLength,
      limitBytes: UI_EXTENSION_LIMIT_BYTES,
    });
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const results = await buildExtensions();
  let failed = false;
  for (const r of results) {
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    const ok = r.gzipBytes < r.limitBytes;
    failed ||= !ok;
    console.log(`${ok ? "✔" : "✖"} ${r.name}: ${kb(r.rawBytes)} minified, ${kb(r.gzipBytes)} gzip, ${kb(r.brotliBytes)} brotli (limit ${kb(r.limitBytes)} compressed) -> ${r.outfile}`);
  }
  if (failed) process.exit(1);
}
