// Everything the fraud rules look at for one referred order, gathered by
// score-referral-fraud.server.ts. Pure data so each rule is a table-tested function.

/** Hashed identity keys of one order (salted SHA-256; never the raw address or card). */
export interface OrderFingerprints {
  ipHash: string | null;
  shippingAddress: string | null;
  billingAddress: string | null;
  payment: string | null;
}

export interface FraudFacts {
  order: {
    customerGid: string | null;
    email: string | null;
    subtotalMinor: bigint | null;
    createdAt: Date;
    fingerprints: OrderFingerprints;
  };
  advocate: {
    customerGid: string | null;
    email: string | null;
    /** Fingerprints of orders the advocate placed as a customer (from the webhook inbox). */
    ownOrders: OrderFingerprints[];
  };
  /** Fingerprints (and claim IPs) of this advocate's other referrals with a different buyer. */
  otherReferralsOfAdvocate: OrderFingerprints[];
  /** Latest click on the advocate's link or claim before the order, if any. */
  lastClickAt: Date | null;
  /** Referrals in the shop whose claim or order came from the same IP hash / address within the velocity window. */
  recentSameIp: number;
  recentSameAddress: number;
  /** Subtotals (shop money, minor units) of the shop's recent referred orders, for "normal". */
  recentSubtotalsMinor: bigint[];
}
