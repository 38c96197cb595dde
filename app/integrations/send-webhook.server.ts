// One POST to a merchant's endpoint: a short timeout, no redirects followed, and in production
// every address DNS gives for the host checked before connecting (endpoint-url.ts), so a public
// name that resolves inside our network is refused at the moment it would be used.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net, { type LookupFunction } from "node:net";
import { isPrivateAddress } from "./endpoint-url";

export const DELIVERY_TIMEOUT_MS = 5_000;
const MAX_RESPONSE_BYTES = 16 * 1024;

export type SendResult = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

export interface SendOptions {
  timeoutMs?: number;
  /** Development and the sandbox only: allow loopback and private addresses. */
  allowPrivate: boolean;
}

export class PrivateAddressError extends Error {
  override name = "PrivateAddressError";
}

const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad || list.length === 0) return callback(new PrivateAddressError(`${hostname} resolves to a private address (${bad?.address ?? "none"}); refused`), "", 0);
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0].address, list[0].family);
  });
};

export function postWebhook(url: string, headers: Record<string, string>, body: string, options: SendOptions): Promise<SendResult> {
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  // An address typed in the URL is connected to without a DNS lookup: check it here.
  const literal = target.hostname.replace(/^\[|\]$/g, "");
  if (!options.allowPrivate && net.isIP(literal) && isPrivateAddress(literal)) {
    return Promise.resolve({ ok: false, statusCode: null, error: `${literal} is a private address; refused` });
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = client.request(
      target,
      {
        method: "POST",
        headers: { ...headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), "User-Agent": "Twofold-Webhooks/1.0" },
        ...(options.allowPrivate ? {} : { lookup: publicOnlyLookup }),
      },
      (res) => {
        let read = 0;
        res.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const finish = () => {
          const statusCode = res.statusCode ?? 0;
          if (statusCode >= 200 && statusCode < 300) done({ ok: true, statusCode });
          else if (statusCode >= 300 && statusCode < 400) done({ ok: false, statusCode, error: `HTTP ${statusCode}: redirects are not followed; use the final URL` });
          else done({ ok: false, statusCode, error: `HTTP ${statusCode}` });
        };
        res.on("end", finish);
        res.on("close", finish);
        res.on("error", finish);
      },
    );
    // One deadline for the whole exchange (connect, send, answer), not per socket event.
    const timer = setTimeout(() => {
      req.destroy();
      done({ ok: false, statusCode: null, error: `no answer within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    req.on("error", (error) => done({ ok: false, statusCode: null, error: error instanceof PrivateAddressError ? error.message : `could not connect: ${error.message}` }));
    req.end(body);
  });
}
