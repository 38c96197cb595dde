// One browser or home behind several "friends" of the same advocate: the order's IP (hashed
// like the storefront's click and claim IPs), address or card was already used by another
// friend of this advocate, or the order came from the advocate's own IP.
import { defineFraudRule } from "../define-fraud-rule";

const WORDS: Record<string, string> = {
  ip: "browser IP",
  address: "shipping or billing address",
  payment: "payment card",
  advocate_ip: "browser IP the advocate used for their own orders",
};

export const sharedDeviceRule = defineFraudRule({
  id: "shared_device",
  title: "Same IP, address or card as another friend",
  defaultWeight: 40,
  defaultConfig: { matchAddress: false },
  description: "The order's browser IP, address or card was already used by another friend of the same advocate, or is the advocate's own IP.",
  configFields: [{ key: "matchAddress", kind: "boolean", label: "Also match shipping or billing addresses", help: "Off by default: households and offices share addresses." }],
  check(facts, config) {
    const fp = facts.order.fingerprints;
    const others = facts.otherReferralsOfAdvocate;
    const matched: string[] = [];
    if (fp.ipHash && others.some((o) => o.ipHash === fp.ipHash)) matched.push("ip");
    const addrs = [fp.shippingAddress, fp.billingAddress].filter(Boolean);
    if (config.matchAddress && addrs.some((a) => others.some((o) => o.shippingAddress === a || o.billingAddress === a))) matched.push("address");
    if (fp.payment && others.some((o) => o.payment === fp.payment)) matched.push("payment");
    if (fp.ipHash && facts.advocate.ownOrders.some((o) => o.ipHash === fp.ipHash)) matched.push("advocate_ip");
    return matched.length ? { matched } : null;
  },
  explain(signal) {
    const matched = (signal.detail.matched as string[]) ?? [];
    return `Another friend of this advocate used the same ${matched.map((m) => WORDS[m] ?? m).join(", ")}.`;
  },
});
