// Real friends browse before buying; an order seconds after the click is usually scripted.
import { defineFraudRule } from "../define-fraud-rule";

export const fastConversionRule = defineFraudRule({
  id: "fast_conversion",
  title: "Converted seconds after the click",
  defaultWeight: 25,
  defaultConfig: { minSeconds: 60 },
  description: "The referred order came seconds after the click on the advocate's link.",
  configFields: [{ key: "minSeconds", kind: "integer", min: 1, max: 86_400, label: "Flag orders placed within this many seconds of the click" }],
  check(facts, config) {
    if (!facts.lastClickAt) return null;
    const seconds = Math.floor((facts.order.createdAt.getTime() - facts.lastClickAt.getTime()) / 1000);
    if (seconds < 0 || seconds >= config.minSeconds) return null;
    return { seconds };
  },
  explain(signal) {
    return `The order was placed ${signal.detail.seconds} seconds after the referral link was clicked.`;
  },
});
