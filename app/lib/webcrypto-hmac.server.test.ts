import { webcrypto } from "node:crypto";
import { describe, expect, it } from "vitest";
import { installNodeHmacSigning } from "./webcrypto-hmac.server";

const real = webcrypto.subtle;
const enc = new TextEncoder();
const HMAC = { name: "HMAC", hash: { name: "SHA-256" } };

/** A SubtleCrypto of its own (WebCrypto underneath), so the global one is left alone. */
function patchedSubtle(): SubtleCrypto {
  const subtle = { importKey: real.importKey.bind(real), sign: real.sign.bind(real), verify: real.verify.bind(real) } as unknown as SubtleCrypto;
  installNodeHmacSigning(subtle);
  return subtle;
}

async function webCryptoSignature(secret: string, body: string): Promise<Uint8Array<ArrayBuffer>> {
  const key = await real.importKey("raw", enc.encode(secret), HMAC, false, ["sign"]);
  return new Uint8Array(await real.sign("HMAC", key, enc.encode(body)));
}

describe("installNodeHmacSigning", () => {
  it("signs as WebCrypto does, importing each secret once", async () => {
    const subtle = patchedSubtle();
    for (const [secret, body] of [["app-secret", '{"id":1}'], ["app-secret", "é ✓ ".repeat(2000)], ["other-secret", '{"id":1}']]) {
      const key = await subtle.importKey("raw", enc.encode(secret), HMAC, false, ["sign"]);
      const signature = await subtle.sign("HMAC", key, enc.encode(body));
      expect(signature).toBeInstanceOf(ArrayBuffer);
      expect(Buffer.from(signature).equals(Buffer.from(await webCryptoSignature(secret, body)))).toBe(true);
    }
    const again = await subtle.importKey("raw", enc.encode("app-secret"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    expect(again).toBe(await subtle.importKey("raw", enc.encode("app-secret"), HMAC, false, ["sign"]));
    expect(again).not.toBe(await subtle.importKey("raw", enc.encode("other-secret"), HMAC, false, ["sign"]));
  });

  it("leaves other keys to WebCrypto: a verify key still verifies, a wrong signature still fails", async () => {
    const subtle = patchedSubtle();
    const verifyKey = await subtle.importKey("raw", enc.encode("app-secret"), HMAC, false, ["verify"]);
    const good = await webCryptoSignature("app-secret", "body");
    expect(await subtle.verify("HMAC", verifyKey, good, enc.encode("body"))).toBe(true);
    expect(await subtle.verify("HMAC", verifyKey, good, enc.encode("other body"))).toBe(false);
    const extractable = await subtle.importKey("raw", enc.encode("app-secret"), HMAC, true, ["sign"]);
    expect(Buffer.from(await subtle.sign("HMAC", extractable, enc.encode("body"))).equals(Buffer.from(good))).toBe(true);
  });

  it("rejects what WebCrypto rejects", async () => {
    const subtle = patchedSubtle();
    await expect(subtle.importKey("raw", new Uint8Array(0), HMAC, false, ["sign"])).rejects.toThrow();
    const key = await subtle.importKey("raw", enc.encode("app-secret"), HMAC, false, ["sign"]);
    await expect(subtle.sign("HMAC", key, "not bytes" as unknown as BufferSource)).rejects.toThrow();
  });
});
