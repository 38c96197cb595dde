// postWebhook against servers on this machine: what counts as delivered, and what is refused
// before any byte is sent when private addresses are not allowed (production).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postWebhook } from "./send-webhook.server";

describe("postWebhook", () => {
  let server: http.Server;
  let base: string;
  const hits: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url!);
      req.resume();
      if (req.url === "/ok") res.writeHead(204).end();
      else if (req.url === "/moved") res.writeHead(301, { Location: "http://169.254.169.254/" }).end();
      else if (req.url === "/slow") setTimeout(() => res.writeHead(200).end(), 2_000);
      else res.writeHead(500).end("no");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const send = (path: string, options: { allowPrivate?: boolean; timeoutMs?: number; host?: string } = {}) =>
    postWebhook(`${(options.host ? base.replace("127.0.0.1", options.host) : base)}${path}`, { "X-Test": "1" }, "{}", { allowPrivate: options.allowPrivate ?? true, timeoutMs: options.timeoutMs });

  it("a 2xx is delivered; 5xx and redirects are failures (the redirect is not followed)", async () => {
    expect(await send("/ok")).toEqual({ ok: true, statusCode: 204 });
    expect(await send("/boom")).toEqual({ ok: false, statusCode: 500, error: "HTTP 500" });
    expect(await send("/moved")).toMatchObject({ ok: false, statusCode: 301, error: expect.stringMatching(/redirects are not followed/) });
  });

  it("gives up on an answer that takes longer than the timeout", async () => {
    expect(await send("/slow", { timeoutMs: 200 })).toEqual({ ok: false, statusCode: null, error: "no answer within 0.2 s" });
  });

  it("refuses loopback by address and by name when private addresses are not allowed, sending nothing", async () => {
    const before = hits.length;
    expect(await send("/ok", { allowPrivate: false })).toMatchObject({ ok: false, error: expect.stringMatching(/127\.0\.0\.1 is a private address/) });
    expect(await send("/ok", { allowPrivate: false, host: "localhost" })).toMatchObject({ ok: false, error: expect.stringMatching(/localhost resolves to a private address/) });
    expect(hits.length).toBe(before);
  });
});
