// The production server (`npm start`): the built Remix app on Express, as remix-serve runs it,
// with one structured log line per request and a clean shutdown.
//
// remix-serve logs every request's full URL, and the admin's URLs carry Shopify's `id_token`
// (a bearer credential) and `hmac`; it also prints a stack trace when it is stopped twice. Here a
// request is logged as method, path (never the query), status, duration and shop.
//
//   PORT (3000), HOST (all interfaces; the demo and tests pass 127.0.0.1),
//   LOG_LEVEL: error | warn | info (default: one line per request) | debug
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import path from "node:path";
import url from "node:url";

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "..");
const LEVELS = ["error", "warn", "info", "debug"];
const level = LEVELS.indexOf(process.env.LOG_LEVEL || "info");
if (level < 0) {
  console.error(`LOG_LEVEL must be one of ${LEVELS.join(", ")} (got ${JSON.stringify(process.env.LOG_LEVEL)})`);
  process.exit(1);
}

/** One JSON line, when `at` is within LOG_LEVEL. */
function log(at, fields) {
  if (LEVELS.indexOf(at) > level) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level: at, ...fields });
  (at === "error" || at === "warn" ? process.stderr : process.stdout).write(`${line}\n`);
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** The shop a request is for, when it says so in a form we can trust to be a shop domain. */
function shopOf(req) {
  const candidates = [req.get("x-shopify-shop-domain"), req.query.shop];
  for (const candidate of candidates) if (typeof candidate === "string" && SHOP_DOMAIN.test(candidate)) return candidate;
  return undefined;
}

const build = await import(url.pathToFileURL(path.join(root, "build/server/index.js")).href);
installGlobals({ nativeFetch: build.future.v3_singleFetch });
const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use((req, res, next) => {
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    const status = res.statusCode;
    log(status >= 500 ? "error" : "info", {
      msg: "request",
      method: req.method,
      path: req.path,
      status,
      ms: Number((process.hrtime.bigint() - started) / 1_000n) / 1000,
      shop: shopOf(req),
    });
  });
  next();
});
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || undefined;
const server = app.listen(port, host, () => log("info", { msg: "listening", url: `http://${host ?? "localhost"}:${port}` }));

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // Finish the requests in flight, then exit; a stuck connection does not hold the exit.
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
