// Reads the identity keys fraud rules compare out of a raw order payload and hashes them the
// way the storefront hashes IPs, so an order's browser IP matches a click's or claim's ipHash.
import { createHmac } from "node:crypto";
import type { OrderFingerprints } from "./fraud-facts";

export type Hasher = (value: string) => string;

interface AddressJson {
  address1?: string | null;
  address2?: string | null;
  zip?: string | null;
  city?: string | null;
  country_code?: string | null;
}

/** Lower case, punctuation and spacing dropped: "123 Elm St." and "123 elm st" are one address. */
export function addressKey(a: AddressJson | null | undefined): string | null {
  if (!a || !a.address1) return null;
  const squash = (s: string | null | undefined) => (s ?? "").toLowerCase().replace(/[^a-z0-9]/g, "");
  return [a.address1, a.address2, a.zip, a.country_code].map(squash).join("|");
}

/** bin + last four + brand, the stable part of what Shopify sends in payment_details. */
export function paymentKey(p: { credit_card_bin?: string | null; credit_card_number?: string | null; credit_card_company?: string | null } | null | undefined): string | null {
  if (!p) return null;
  const last4 = (p.credit_card_number ?? "").replace(/\D/g, "").slice(-4);
  if (!last4 && !p.credit_card_bin) return null;
  return `${p.credit_card_bin ?? ""}|${last4}|${(p.credit_card_company ?? "").toLowerCase()}`;
}

/** HMAC-SHA256 under `key` (the installation's secret: lib/ip-hash.server.ts hashKey). */
export function fingerprintHasher(key: string | undefined, shop: string): Hasher {
  return (value) => createHmac("sha256", key ?? "twofold-dev-salt").update(`${shop}:${value}`).digest("hex");
}

/** `hashIp` is the storefront's own IP hash (passed in so this module stays framework-free). */
export function orderFingerprints(payload: unknown, hash: Hasher, hashIp: (ip: string | null) => string | null): OrderFingerprints {
  const o = (payload ?? {}) as {
    browser_ip?: string | null;
    client_details?: { browser_ip?: string | null } | null;
    shipping_address?: AddressJson | null;
    billing_address?: AddressJson | null;
    payment_details?: Parameters<typeof paymentKey>[0];
  };
  const shipping = addressKey(o.shipping_address);
  const billing = addressKey(o.billing_address);
  const payment = paymentKey(o.payment_details);
  return {
    ipHash: hashIp(o.browser_ip ?? o.client_details?.browser_ip ?? null),
    shippingAddress: shipping ? hash(`addr:${shipping}`) : null,
    billingAddress: billing ? hash(`addr:${billing}`) : null,
    payment: payment ? hash(`pay:${payment}`) : null,
  };
}
