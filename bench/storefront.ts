// What Twofold costs a storefront: bytes of the JS and CSS the blocks add (raw, gzip,
// brotli), the HTML the blocks render, and a headless-Chromium load of the sandbox
// storefront page with and without the app (blocks + app embed). Writes
// bench/results/storefront.json; docs/PERFORMANCE.md quotes it.
//   npx tsx bench/storefront.ts [--runs 20]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { upsertShop } from "../sandbox/admin/state";
import { createSandbox } from "../sandbox/server";
import { EXTENSION_DIR, renderBlock } from "../sandbox/storefront/liquid";
import { storefrontRoutes } from "../sandbox/storefront/routes";
import { defaultProgramConfig } from "../app/program/program-text";
import { storefrontMetafields } from "../app/program/storefront-program.server";
import { launchBrowser, newPage } from "../test/helpers/browser";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;

function sizes(buf: Buffer) {
  return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length, brotli: brotliCompressSync(buf).length };
}

const assets = Object.fromEntries(
  fs.readdirSync(path.join(EXTENSION_DIR, "assets")).map((f) => [f, sizes(fs.readFileSync(path.join(EXTENSION_DIR, "assets", f)))]),
);

const shop = { domain: "bench.myshopify.com", name: "Bench Shop", url: "https://bench.myshopify.com" };
const appMetafields = storefrontMetafields({ status: "active", config: defaultProgramConfig("USD") }, "Bench Shop");
const html = {
  "advocate (logged in)": sizes(Buffer.from(await renderBlock("advocate", { shop, appMetafields, customer: { id: 1, email: "a@example.com", referralCode: "ADA7K3Q" } }))),
  "advocate (guest)": sizes(Buffer.from(await renderBlock("advocate", { shop, appMetafields }))),
  "friend-landing": sizes(Buffer.from(await renderBlock("friend-landing", { shop, appMetafields, ref: "ADA7K3Q" }))),
  "referral-embed": sizes(Buffer.from(await renderBlock("referral-embed", { shop }))),
};

const sandbox = await createSandbox({ port: 0, appUrl: "http://127.0.0.1:9", apiKey: "bench", apiSecret: "bench-secret", routes: storefrontRoutes });
upsertShop(sandbox.state, { domain: shop.domain, name: shop.name, currencyCode: "USD" });
await fetch(`${sandbox.url}/__sandbox/storefront/metafields`, { method: "POST", body: JSON.stringify({ shop: shop.domain, app: appMetafields }) });
const browser = await launchBrowser();

interface Load { ttfb: number; dcl: number; load: number; bytes: number; requests: number }
async function measure(query: string): Promise<Load[]> {
  const out: Load[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const page = await newPage(browser); // fresh context: cold cache, like a first visit
    await page.goto(`${sandbox.url}/storefront/${shop.domain}${query}`, { waitUntil: "load" });
    const m = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const res = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
      return {
        ttfb: nav.responseStart,
        dcl: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
        bytes: nav.transferSize + res.reduce((s, r) => s + r.transferSize, 0),
        requests: 1 + res.length,
      };
    });
    await page.context().close();
    if (i >= 2) out.push(m); // two warm-up loads (server JIT)
  }
  return out;
}
function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function summary(loads: Load[]) {
  return {
    runs: loads.length,
    domContentLoadedMs: { median: +median(loads.map((l) => l.dcl)).toFixed(1), p90: +[...loads.map((l) => l.dcl)].sort((a, b) => a - b)[Math.floor(loads.length * 0.9) - 1].toFixed(1) },
    loadMs: { median: +median(loads.map((l) => l.load)).toFixed(1) },
    // TTFB is the sandbox rendering Liquid (Shopify renders and caches it on its own servers);
    // load − TTFB is what the browser spends on the page, the part the app's assets change.
    ttfbMs: { median: +median(loads.map((l) => l.ttfb)).toFixed(1) },
    loadAfterFirstByteMs: { median: +median(loads.map((l) => l.load - l.ttfb)).toFixed(1) },
    transferBytes: median(loads.map((l) => l.bytes)), // uncompressed: the sandbox does not gzip
    requests: median(loads.map((l) => l.requests)),
  };
}
// Interleave-free but same process and warm server: baseline first, then with the app.
const without = summary(await measure("?sandbox_no_app=1"));
const withApp = summary(await measure(""));
const withRef = summary(await measure("?ref=ADA7K3Q"));
// Most pages of a real theme hold no Twofold block: only the app embed's inline script.
const embedOnly = summary(await measure("?sandbox_embed_only=1"));
const embedOnlyWithRef = summary(await measure("?sandbox_embed_only=1&ref=ADA7K3Q"));
await browser.close();
await sandbox.close();

const result = {
  machine: { cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}`, node: process.version, date: new Date().toISOString() },
  assets,
  blockHtml: html,
  pageLoad: { note: "sandbox storefront home page over loopback, headless Chromium, cold cache per run", withoutApp: without, withApp, withAppAndRef: withRef, embedOnly, embedOnlyWithRef },
};
fs.mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
fs.writeFileSync(path.join(import.meta.dirname, "results", "storefront.json"), JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result, null, 2));
