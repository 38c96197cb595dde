// The Twofold-Signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with the
// endpoint's secret (Stripe's scheme, so receivers know it). The timestamp lets a receiver
// refuse replays; docs/WEBHOOKS.md has the receiver's side.
import crypto from "node:crypto";

export const SIGNATURE_HEADER = "Twofold-Signature";
/** How old a signature a receiver should accept (our advice; the verifier below uses it). */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${crypto.createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex")}`;
}

/** The receiver's check: a v1 signature of this body with this secret, made within the tolerance. */
export function verifySignatureHeader(secret: string, body: string, header: string | null | undefined, nowSeconds: number = Math.floor(Date.now() / 1000)): boolean {
  if (!header) return false;
  const parts = header.split(",").map((p) => p.trim().split("="));
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signatureHeader(secret, body, t).split("v1=")[1], "hex");
  return parts
    .filter(([k]) => k === "v1")
    .some(([, v]) => {
      const given = Buffer.from(v ?? "", "hex");
      return given.length === expected.length && crypto.timingSafeEqual(given, expected);
    });
}

export function newEndpointSecret(): string {
  return `whsec_${crypto.randomBytes(24).toString("base64url")}`;
}

export function newEventId(): string {
  return `evt_${Date.now().toString(36)}${crypto.randomBytes(10).toString("base64url")}`;
}
