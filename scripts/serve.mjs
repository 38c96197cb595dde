// The production server (`npm start`): the built Remix app on Express, as remix-serve runs it,
// with one structured log line per request and a clean shutdown.
//
// remix-serve logs every request's full URL, and the admin's URLs carry Shopify's `id_token`
// (a bearer credential) and `hmac`; it also prints a stack trace when it is stopped twice. Here a
// request is logged as method, path (never the query), status, duration and shop.
//
//   PORT (3000), HOST (all interfaces; the demo and tests pass 127.0.0.1),
//   LOG_LEVEL: error | warn | info (default: one line per request) | debug,
//   WEB_CONCURRENCY (1): server processes sharing the port (node:cluster), each with its own
//   database pool, for a host with more cores than one process keeps busy.
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import cluster from "node:cluster";
import http from "node:http";
import path from "node:path";
import { setImmediate } from "node:timers";
import url from "node:url";

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "..");
const LEVELS = ["error", "warn", "info", "debug"];
const level = LEVELS.indexOf(process.env.LOG_LEVEL || "info");
if (level < 0) {
  console.error(`LOG_LEVEL must be one of ${LEVELS.join(", ")} (got ${JSON.stringify(process.env.LOG_LEVEL)})`);
  process.exit(1);
}
const processes = Number(process.env.WEB_CONCURRENCY || 1);
if (!Number.isInteger(processes) || processes < 1) {
  console.error(`WEB_CONCURRENCY must be a whole number of at least 1 (got ${JSON.stringify(process.env.WEB_CONCURRENCY)})`);
  process.exit(1);
}

/**
 * One JSON line, when `at` is within LOG_LEVEL. Info and debug lines are written together once
 * per turn of the event loop (a write per request was a twentieth of a webhook's cost under
 * load); warnings and errors at once. Whatever is held is written before the process exits.
 */
let held = "";
function log(at, fields) {
  if (LEVELS.indexOf(at) > level) return;
  const line = `${JSON.stringify({ time: new Date().toISOString(), level: at, ...fields })}\n`;
  if (at === "error" || at === "warn") {
    flushLog();
    process.stderr.write(line);
    return;
  }
  if (held === "") setImmediate(flushLog);
  held += line;
}
function flushLog() {
  if (held === "") return;
  const lines = held;
  held = "";
  process.stdout.write(lines);
}
process.on("exit", flushLog);

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** The shop a request is for, when it says so in a form we can trust to be a shop domain. */
function shopOf(req) {
  const candidates = [req.get("x-shopify-shop-domain"), req.query.shop];
  for (const candidate of candidates) if (typeof candidate === "string" && SHOP_DOMAIN.test(candidate)) return candidate;
  return undefined;
}

if (cluster.isPrimary && processes > 1) supervise(processes);
else await serve();

/** The primary of WEB_CONCURRENCY processes: starts them, replaces one that dies, stops them all on SIGTERM. */
function supervise(count) {
  let stopping = false;
  const listened = new Set();
  cluster.on("listening", (worker) => listened.add(worker.id));
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // One that never got to listen would fail again (a missing build, a bad setting): stop.
    if (!listened.has(worker.id)) {
      log("error", { msg: "server process failed to start", code, signal });
      process.exit(1);
    }
    log("error", { msg: "server process exited, starting another", code, signal });
    cluster.fork();
  });
  for (let i = 0; i < count; i++) cluster.fork();
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
      setTimeout(() => process.exit(0), 6_000).unref();
    });
  }
}

/** One server process. */
async function serve() {
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

  // Order and refund webhooks, the bulk of the traffic, skip Express and Remix's request
  // conversion: the body is read here (1 MB at most) and handed to the app's lean ingest
  // (app/webhooks/ingest-order-webhook.server.ts), which answers as the Remix route would.
  const WEBHOOK_BODY_LIMIT = 1024 * 1024;
  const ingest = build.entry.module.ingestOrderWebhookRaw;
  const fastPaths = new Set(Object.keys(build.entry.module.ORDER_WEBHOOK_PATHS ?? {}));

  function answer(req, res, started, status, headers, body) {
    res.writeHead(status, headers);
    res.end(body ?? undefined);
    const shop = req.headers["x-shopify-shop-domain"];
    log(status >= 500 ? "error" : "info", {
      msg: "request",
      method: req.method,
      path: req.url.split("?")[0],
      status,
      ms: Number((process.hrtime.bigint() - started) / 1_000n) / 1000,
      shop: typeof shop === "string" && SHOP_DOMAIN.test(shop) ? shop : undefined,
    });
  }

  function ingestWebhook(req, res, pathname) {
    const started = process.hrtime.bigint();
    const tooLarge = () => answer(req, res, started, 413, { "Content-Type": "application/json; charset=utf-8", Connection: "close" }, JSON.stringify({ error: `The request body is larger than ${WEBHOOK_BODY_LIMIT} bytes.` }));
    const declared = req.headers["content-length"];
    if (declared !== undefined && (!/^\d+$/.test(declared.trim()) || Number(declared) > WEBHOOK_BODY_LIMIT)) {
      tooLarge();
      req.resume();
      return;
    }
    const chunks = [];
    let total = 0;
    let refused = false;
    req.on("data", (chunk) => {
      if (refused) return;
      total += chunk.length;
      if (total > WEBHOOK_BODY_LIMIT) {
        refused = true;
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", () => undefined);
    req.on("end", () => {
      if (refused) return;
      ingest({ method: req.method, path: pathname, url: `http://${req.headers.host ?? "localhost"}${req.url}`, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks, total) }).then(
        (a) => answer(req, res, started, a.status, a.headers, a.body),
        (error) => {
          log("error", { msg: "webhook ingest failed", path: pathname, error: String(error?.stack ?? error) });
          answer(req, res, started, 500, {}, null);
        },
      );
    });
  }

  const port = Number(process.env.PORT || 3000);
  const host = process.env.HOST || undefined;
  const server = http.createServer((req, res) => {
    const pathname = req.url.split("?")[0];
    if (ingest && req.method === "POST" && fastPaths.has(pathname)) ingestWebhook(req, res, pathname);
    else app(req, res);
  });
  server.listen(port, host, () => log("info", { msg: "listening", url: `http://${host ?? "localhost"}:${port}` }));

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
}
