// The buyer is the advocate: same customer, same or normalised email, the advocate's own
// shipping/billing address or payment card.
import { defineFraudRule } from "../define-fraud-rule";
import { selfReferralMatch } from "../../advocates/self-referral";

const MATCH_WORDS: Record<string, string> = {
  customer: "the same Shopify customer",
  email: "the same email address",
  normalized_email: "the same mailbox once dots and +tags are ignored",
  address: "the advocate's own shipping or billing address",
  payment: "the advocate's own payment card",
};

export const selfReferralRule = defineFraudRule({
  id: "self_referral",
  title: "Self-referral",
  defaultWeight: 100,
  // Off by default: families share an address; merchants who see address fraud turn it on.
  defaultConfig: { matchAddress: false, matchPayment: true },
  description: "The buyer is the advocate: the same customer, the same email (also with dots or a +tag), or the advocate's own address or card.",
  configFields: [
    { key: "matchAddress", kind: "boolean", label: "Also match the advocate's shipping or billing address", help: "Off by default: families share an address." },
    { key: "matchPayment", kind: "boolean", label: "Also match the advocate's payment card" },
  ],
  check(facts, config) {
    const matched: string[] = [];
    const { order, advocate } = facts;
    // Who the buyer is decides first (one rule for the claim, qualification and this signal);
    // a customer match says nothing about the email, so both are looked at.
    const byCustomer = selfReferralMatch(advocate, { customerGid: order.customerGid });
    if (byCustomer) matched.push(byCustomer);
    const byEmail = selfReferralMatch({ customerGid: null, email: advocate.email }, { email: order.email });
    if (byEmail) matched.push(byEmail);
    const mine = advocate.ownOrders;
    const addrs = [order.fingerprints.shippingAddress, order.fingerprints.billingAddress].filter(Boolean);
    if (config.matchAddress && addrs.some((a) => mine.some((m) => m.shippingAddress === a || m.billingAddress === a))) matched.push("address");
    if (config.matchPayment && order.fingerprints.payment && mine.some((m) => m.payment === order.fingerprints.payment)) matched.push("payment");
    return matched.length ? { matched } : null;
  },
  explain(signal) {
    const matched = (signal.detail.matched as string[]) ?? [];
    return `The buyer looks like the advocate: ${matched.map((m) => MATCH_WORDS[m] ?? m).join(", ")}.`;
  },
});
