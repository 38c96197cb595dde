// Issue 15 items 6, 7, 8: hostile webhook deliveries are refused with a 4xx and write nothing:
// a signed body that is not JSON, a payload naming another shop, bodies over 1 MB (declared or
// streamed, signed or forged), answered 413 without reading them whole.
import { createHmac, randomUUID } from "node:crypto";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersRedactPayload } from "../sandbox/storefront/payloads";
import { TEST_API_SECRET } from "./helpers/app-server";
import { startStack, type Stack } from "./helpers/stack";

describe(`hostile webhooks (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.stop());

  const rows = async () => ({ events: await stack.db.prisma.webhookEvent.count(), jobs: await stack.db.prisma.job.count() });

  function headers(topic: string, body: string | Buffer, secret = TEST_API_SECRET): Record<string, string> {
    return {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": stack.shop,
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-Hmac-Sha256": createHmac("sha256", secret).update(body).digest("base64"),
    };
  }

  it("answers a signed non-JSON body with 400 and writes nothing", async () => {
    const before = await rows();
    for (const body of ["not json {", "", "[1,2,3]", "42"]) {
      const res = await stack.deliver({ topic: "app/scopes_update", payload: body });
      expect(res.status, body).toBe(400);
    }
    expect(await rows()).toEqual(before);
  });

  it("refuses a payload whose shop_domain is another shop than the header's", async () => {
    const before = await rows();
    const payload = customersRedactPayload({ shop: "victim.myshopify.com", customer: { id: 5n, email: "a@example.com" } });
    const res = await stack.deliver({ topic: "customers/redact", payload });
    expect(res.status).toBe(400);
    expect(await rows()).toEqual(before);
  });

  it("answers 413 to a signed 2 MB body and to a declared 200 MB forged one, writing nothing", async () => {
    const before = await rows();
    const big = JSON.stringify({ id: 1, padding: "x".repeat(2 * 1024 * 1024) });
    const signed = await fetch(`${stack.app.url}/webhooks/app/scopes_update`, { method: "POST", headers: headers("app/scopes_update", big), body: big });
    expect(signed.status).toBe(413);
    // A forged body that declares 200 MB: answered from the header alone, over a raw socket
    // that sends only the first bytes.
    const url = new URL(stack.app.url);
    const status = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        const h = { ...headers("app/scopes_update", "x", "wrong"), Host: url.host, "Content-Length": String(200 * 1024 * 1024), Connection: "close" };
        socket.write(`POST /webhooks/app/scopes_update HTTP/1.1\r\n${Object.entries(h).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n${"x".repeat(1024)}`);
      });
      let text = "";
      socket.on("data", (d) => {
        text += d.toString("latin1");
        if (text.includes("\r\n")) {
          resolve(text.split("\r\n")[0]);
          socket.destroy();
        }
      });
      socket.on("error", reject);
    });
    expect(status).toMatch(/^HTTP\/1\.1 413 /);
    expect(await rows()).toEqual(before);
  });

  it("answers 413 to a streamed body past 1 MB without a Content-Length, before it ends", async () => {
    const before = await rows();
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 50 MB if the app kept reading; it must stop after about 1 MB.
        if (sent >= 50 * 1024 * 1024) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${stack.app.url}/webhooks/app/scopes_update`, {
      method: "POST",
      headers: headers("app/scopes_update", "forged"),
      body: stream,
      duplex: "half",
    } as RequestInit).catch(() => null);
    // The app answers 413 and closes the connection; the client may see the 413 or, still
    // writing, a reset. Either way it stopped reading long before the 50 MB were sent.
    if (res) expect(res.status).toBe(413);
    expect(sent).toBeLessThan(50 * 1024 * 1024);
    expect(await rows()).toEqual(before);
  });

  it("answers GET /app with a malformed host and no session with a 4xx, not a 500 (issue 15.6)", async () => {
    const before = await rows();
    for (const host of ["x", "%%%", "bm90IGEgaG9zdCDwn5iA"]) {
      const res = await fetch(`${stack.app.url}/app?shop=${stack.shop}&host=${encodeURIComponent(host)}`, { redirect: "manual" });
      expect(res.status, host).toBeGreaterThanOrEqual(300);
      expect(res.status, host).toBeLessThan(500);
    }
    expect(await rows()).toEqual(before);
  });
});
