// An order far above or below what referred orders in this shop usually are: tiny orders
// farm rewards, huge ones are often stolen cards.
import { defineFraudRule } from "../define-fraud-rule";

/** Median of integer amounts (lower middle for even counts: no fractions of a cent). */
export function medianMinor(values: bigint[]): bigint | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

export const unusualOrderValueRule = defineFraudRule({
  id: "unusual_order_value",
  title: "Order far from the shop's normal",
  defaultWeight: 20,
  defaultConfig: { minSample: 20, highFactor: 5, lowFactor: 0.2 },
  description: "The order is far above or below the median of the shop's recent referred orders.",
  configFields: [
    { key: "minSample", kind: "integer", min: 1, max: 10_000, label: "Orders needed before the check runs" },
    { key: "highFactor", kind: "decimal", min: 1.1, max: 1000, label: "Flag orders at least this many times the median" },
    { key: "lowFactor", kind: "decimal", min: 0.01, max: 0.99, label: "Flag orders at most this fraction of the median" },
  ],
  check(facts, config) {
    const subtotal = facts.order.subtotalMinor;
    if (subtotal == null || facts.recentSubtotalsMinor.length < config.minSample) return null;
    const median = medianMinor(facts.recentSubtotalsMinor);
    if (!median || median <= 0n) return null;
    // Compare in basis points to stay in integers.
    const ratioBp = Number((subtotal * 10_000n) / median);
    if (ratioBp >= config.highFactor * 10_000) return { direction: "above", ratio: ratioBp / 10_000, medianMinor: median.toString(), subtotalMinor: subtotal.toString() };
    if (ratioBp <= config.lowFactor * 10_000) return { direction: "below", ratio: ratioBp / 10_000, medianMinor: median.toString(), subtotalMinor: subtotal.toString() };
    return null;
  },
  explain(signal) {
    const d = signal.detail;
    const ratio = Number(d.ratio);
    return d.direction === "above"
      ? `The order is ${ratio.toFixed(1)}× the shop's usual referred order.`
      : `The order is only ${Math.round(ratio * 100)}% of the shop's usual referred order.`;
  },
});
