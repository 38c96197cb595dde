// Many referrals from one IP or one address in a short window: a script or one person
// claiming many friend offers.
import { defineFraudRule } from "../define-fraud-rule";

export const velocityRule = defineFraudRule({
  id: "velocity",
  title: "Many referrals from one IP or address",
  defaultWeight: 30,
  // Address velocity is off by default (0): households and offices share addresses.
  defaultConfig: { windowHours: 24, maxPerIp: 5, maxPerAddress: 0 },
  description: "Many referred orders from one IP or to one address within a time window.",
  configFields: [
    { key: "windowHours", kind: "integer", min: 1, max: 720, label: "Window (hours)" },
    { key: "maxPerIp", kind: "integer", min: 1, max: 10_000, label: "Referrals allowed per IP in the window" },
    { key: "maxPerAddress", kind: "integer", min: 0, max: 10_000, label: "Referrals allowed per address in the window", help: "0 turns the address check off." },
  ],
  check(facts, config) {
    const ip = facts.recentSameIp > config.maxPerIp;
    const address = config.maxPerAddress > 0 && facts.recentSameAddress > config.maxPerAddress;
    if (!ip && !address) return null;
    return { sameIp: facts.recentSameIp, sameAddress: facts.recentSameAddress, windowHours: config.windowHours, by: ip && address ? "both" : ip ? "ip" : "address" };
  },
  explain(signal) {
    const d = signal.detail;
    const parts = [];
    if (d.by !== "address") parts.push(`${d.sameIp} referrals came from the same IP`);
    if (d.by !== "ip") parts.push(`${d.sameAddress} referred orders went to the same address`);
    return `${parts.join(" and ")} within ${d.windowHours} hours.`;
  },
});
