// Table-driven tests for each fraud rule over real-looking Shopify order payloads.
import { describe, expect, it } from "vitest";
import { orderPayload } from "../../sandbox/storefront/payloads";
import type { FraudFacts, OrderFingerprints } from "./fraud-facts";
import { readFraudSettings } from "./fraud-settings";
import { fingerprintHasher, orderFingerprints } from "./order-fingerprints";
import { disposableEmailRule } from "./rules/disposable-email";
import { fastConversionRule } from "./rules/fast-conversion";
import { selfReferralRule } from "./rules/self-referral";
import { sharedDeviceRule } from "./rules/shared-device";
import { unusualOrderValueRule } from "./rules/unusual-order-value";
import { velocityRule } from "./rules/velocity";
import { scoreFraud } from "./score-fraud";
import { hashIp } from "../lib/ip-hash.server";

const SHOP = "fraud-test.myshopify.com";
const hash = fingerprintHasher(undefined, SHOP);
const ipHash = (ip: string | null) => hashIp(ip, undefined, SHOP);
const HOME = { address1: "12 Rue de la Paix", address2: null, city: "Paris", zip: "75002", country_code: "FR" };
const ELSEWHERE = { address1: "400 Main Street", address2: "Apt 3", city: "Boston", zip: "02118", country_code: "US" };
const CARD = { credit_card_bin: "424242", credit_card_number: "•••• •••• •••• 4242", credit_card_company: "Visa" };
const OTHER_CARD = { credit_card_bin: "555555", credit_card_number: "•••• •••• •••• 4444", credit_card_company: "Mastercard" };

function order(opts: { email?: string; customerId?: number; ip?: string; shipping?: object; billing?: object; payment?: object | null; price?: string; at?: string }) {
  const p = orderPayload({
    email: opts.email ?? "friend@example.com",
    customer: opts.customerId ? { id: opts.customerId, email: opts.email ?? "friend@example.com" } : null,
    browserIp: opts.ip ?? "203.0.113.7",
    lineItems: [{ title: "Linen shirt", price: opts.price ?? "50.00" }],
    createdAt: opts.at ?? "2026-11-20T10:00:00Z",
  }) as Record<string, unknown>;
  p.shipping_address = { ...(p.shipping_address as object), ...(opts.shipping ?? ELSEWHERE) };
  p.billing_address = { ...(p.billing_address as object), ...(opts.billing ?? opts.shipping ?? ELSEWHERE) };
  if (opts.payment !== null) p.payment_details = { avs_result_code: null, cvv_result_code: null, ...(opts.payment ?? OTHER_CARD) };
  return p;
}
const fp = (payload: unknown): OrderFingerprints => orderFingerprints(payload, hash, ipHash);

function facts(payload: Record<string, unknown>, over: Partial<FraudFacts> = {}): FraudFacts {
  const customer = payload.customer as { admin_graphql_api_id?: string } | undefined;
  return {
    order: {
      customerGid: customer?.admin_graphql_api_id ?? null,
      email: (payload.email as string) ?? null,
      subtotalMinor: BigInt(Math.round(Number(payload.subtotal_price) * 100)),
      createdAt: new Date(payload.created_at as string),
      fingerprints: fp(payload),
    },
    advocate: { customerGid: "gid://shopify/Customer/111", email: "ann.smith@gmail.com", ownOrders: [] },
    otherReferralsOfAdvocate: [],
    lastClickAt: null,
    recentSameIp: 0,
    recentSameAddress: 0,
    recentSubtotalsMinor: [],
    ...over,
  };
}
const advocateOrder = order({ email: "ann.smith@gmail.com", customerId: 111, ip: "198.51.100.9", shipping: HOME, payment: CARD });

describe("self_referral", () => {
  const cases: [string, FraudFacts, string[] | null][] = [
    ["a stranger", facts(order({})), null],
    ["same customer", facts(order({ customerId: 111, email: "ann.smith@gmail.com" })), ["customer", "email"]],
    ["same email, other case", facts(order({ email: "Ann.Smith@Gmail.com" })), ["email"]],
    ["gmail dots and +tag", facts(order({ email: "annsmith+deal@gmail.com" })), ["normalized_email"]],
    ["advocate's home address", facts(order({ shipping: HOME }), { advocate: { customerGid: "gid://shopify/Customer/111", email: "ann.smith@gmail.com", ownOrders: [fp(advocateOrder)] } }), ["address"]],
    ["address spelled differently", facts(order({ shipping: { ...HOME, address1: "12 rue de la paix." } }), { advocate: { customerGid: null, email: null, ownOrders: [fp(advocateOrder)] } }), ["address"]],
    ["advocate's card", facts(order({ payment: CARD }), { advocate: { customerGid: null, email: null, ownOrders: [fp(advocateOrder)] } }), ["payment"]],
    ["address is ignored unless the merchant enables it", facts(order({ shipping: HOME }), { advocate: { customerGid: null, email: null, ownOrders: [fp(advocateOrder)] } }), "default" as never],
    ["no payment details in payload", facts(order({ payment: null }), { advocate: { customerGid: null, email: null, ownOrders: [fp(order({ payment: null, shipping: HOME }))] } }), null],
  ];
  it.each(cases)("%s", (_name, f, matched) => {
    const byDefault = (matched as unknown) === "default";
    const detail = selfReferralRule.check(f, byDefault ? selfReferralRule.defaultConfig : { matchAddress: true, matchPayment: true });
    expect(detail?.matched ?? null).toEqual(byDefault ? null : matched);
    if (detail) expect(selfReferralRule.explain({ rule: "self_referral", weight: 100, detail })).toMatch(/^The buyer looks like the advocate: /);
  });
});

describe("shared_device", () => {
  const friendA = fp(order({ ip: "203.0.113.7", shipping: HOME, payment: CARD }));
  const cases: [string, FraudFacts, string[] | null][] = [
    ["first friend", facts(order({})), null],
    ["same IP as another friend", facts(order({ ip: "203.0.113.7", shipping: ELSEWHERE }), { otherReferralsOfAdvocate: [{ ...friendA, shippingAddress: null, billingAddress: null, payment: null }] }), ["ip"]],
    ["same IP, address and card", facts(order({ ip: "203.0.113.7", shipping: HOME, payment: CARD }), { otherReferralsOfAdvocate: [friendA] }), ["ip", "address", "payment"]],
    ["claim IP of another friend", facts(order({ ip: "192.0.2.55" }), { otherReferralsOfAdvocate: [{ ipHash: ipHash("192.0.2.55"), shippingAddress: null, billingAddress: null, payment: null }] }), ["ip"]],
    ["advocate's own IP", facts(order({ ip: "198.51.100.9" }), { advocate: { customerGid: null, email: null, ownOrders: [fp(advocateOrder)] } }), ["advocate_ip"]],
  ];
  it.each(cases)("%s", (_name, f, matched) => {
    expect(sharedDeviceRule.check(f, { matchAddress: true })?.matched ?? null).toEqual(matched);
  });
  it("compares addresses only when enabled", () => {
    const f = facts(order({ ip: "192.0.2.1", shipping: HOME, payment: CARD }), { otherReferralsOfAdvocate: [{ ...friendA, ipHash: null }] });
    expect(sharedDeviceRule.check(f, sharedDeviceRule.defaultConfig)?.matched).toEqual(["payment"]);
  });
});

describe("velocity", () => {
  const cases: [string, number, number, string | null][] = [
    ["quiet", 0, 0, null],
    ["at the IP limit", 5, 0, null],
    ["over the IP limit", 6, 0, "ip"],
    ["over the address limit", 0, 4, "address"],
    ["both", 9, 9, "both"],
  ];
  it("counts addresses only when the merchant sets a limit", () => {
    expect(velocityRule.check(facts(order({}), { recentSameAddress: 50 }), velocityRule.defaultConfig)).toBeNull();
  });
  it.each(cases)("%s", (_name, sameIp, sameAddress, by) => {
    const detail = velocityRule.check(facts(order({}), { recentSameIp: sameIp, recentSameAddress: sameAddress }), { ...velocityRule.defaultConfig, maxPerAddress: 3 });
    expect(detail?.by ?? null).toBe(by);
    if (detail) expect(velocityRule.explain({ rule: "velocity", weight: 30, detail })).toContain("within 24 hours");
  });
});

describe("disposable_email", () => {
  const cases: [string, string, object, boolean][] = [
    ["gmail", "jo@gmail.com", {}, false],
    ["mailinator", "jo@mailinator.com", {}, true],
    ["upper case yopmail", "JO@YOPMAIL.COM", {}, true],
    ["merchant's extra domain", "jo@burner.test", { extraDomains: ["burner.test"] }, true],
  ];
  it.each(cases)("%s", (_name, email, config, fires) => {
    const detail = disposableEmailRule.check(facts(order({ email })), { ...disposableEmailRule.defaultConfig, ...config });
    expect(Boolean(detail)).toBe(fires);
  });
});

describe("unusual_order_value", () => {
  const normal = Array.from({ length: 30 }, (_, i) => BigInt(4_000 + i * 100)); // median 5400
  const cases: [string, string, bigint[], string | null][] = [
    ["normal order", "55.00", normal, null],
    ["too few orders to know normal", "5000.00", normal.slice(0, 5), null],
    ["5× the median", "270.00", normal, "above"],
    ["a tenth of the median", "5.40", normal, "below"],
    ["just under 5×", "269.99", normal, null],
  ];
  it.each(cases)("%s", (_name, price, recent, direction) => {
    const detail = unusualOrderValueRule.check(facts(order({ price }), { recentSubtotalsMinor: recent }), unusualOrderValueRule.defaultConfig);
    expect(detail?.direction ?? null).toBe(direction);
  });
});

describe("fast_conversion", () => {
  const at = "2026-11-20T10:00:00Z";
  const cases: [string, Date | null, number | null][] = [
    ["no click known", null, null],
    ["12 seconds", new Date("2026-11-20T09:59:48Z"), 12],
    ["an hour", new Date("2026-11-20T09:00:00Z"), null],
    ["exactly the minimum", new Date("2026-11-20T09:59:00Z"), null],
  ];
  it.each(cases)("%s", (_name, lastClickAt, seconds) => {
    const detail = fastConversionRule.check(facts(order({ at }), { lastClickAt }), fastConversionRule.defaultConfig);
    expect(detail?.seconds ?? null).toBe(seconds);
    if (detail) expect(fastConversionRule.explain({ rule: "fast_conversion", weight: 25, detail })).toBe("The order was placed 12 seconds after the referral link was clicked.");
  });
});

describe("scoreFraud", () => {
  const risky = facts(order({ email: "x@mailinator.com", at: "2026-11-20T10:00:00Z" }), { lastClickAt: new Date("2026-11-20T09:59:55Z") });
  const cases: [string, FraudFacts, unknown, number, string][] = [
    ["clean order passes", facts(order({})), {}, 0, "pass"],
    ["two weak signals reach the default threshold 60", risky, {}, 60, "hold"],
    ["a higher threshold lets them pass", risky, { threshold: 61 }, 60, "pass"],
    ["threshold action reject", risky, { thresholdAction: "reject" }, 60, "reject"],
    ["a rule set to hold holds alone", facts(order({ email: "x@yopmail.com" })), { rules: { disposable_email: { action: "hold" } } }, 35, "hold"],
    ["a disabled rule adds nothing", risky, { rules: { fast_conversion: { enabled: false } } }, 35, "pass"],
    ["self-referral scores 100: held by default", facts(order({ email: "annsmith+1@gmail.com" })), {}, 100, "hold"],
    ["self-referral set to reject", facts(order({ email: "annsmith+1@gmail.com" })), { rules: { self_referral: { action: "reject" } } }, 100, "reject"],
    ["custom weight", facts(order({ email: "x@yopmail.com" })), { rules: { disposable_email: { weight: 70 } } }, 70, "hold"],
  ];
  it.each(cases)("%s", (_name, f, settings, score, decision) => {
    const result = scoreFraud(f, readFraudSettings(settings));
    expect(result.score).toBe(score);
    expect(result.decision).toBe(decision);
    for (const s of result.signals) expect(s.words.length).toBeGreaterThan(10);
  });

  it("stores no raw personal data in the signals", () => {
    const result = scoreFraud(facts(order({ email: "annsmith+1@gmail.com", shipping: HOME })), readFraudSettings({}));
    const json = JSON.stringify(result);
    expect(json).not.toContain("annsmith");
    expect(json).not.toContain("Rue de la Paix");
  });
});
