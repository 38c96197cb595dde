// Store credit is spendable only in the checkout's currency (FACTS.md, Rewards), so an
// advocate's credit is issued in the currency they shop in, converted at the rate Shopify used
// for their latest order. Pure arithmetic here: integer minor units, a decimal-string rate.
import { currencyExponent } from "../lib/money";

/** Decimal places kept in a recorded rate. */
export const RATE_DECIMALS = 10;

/**
 * The rate (units of `to` per unit of `from`) an order was converted at, from its total in
 * both currencies, rounded half up to RATE_DECIMALS places; null when the shop side is zero.
 */
export function rateFromAmounts(shop: { minor: bigint; currency: string }, presentment: { minor: bigint; currency: string }): string | null {
  if (shop.minor <= 0n || presentment.minor <= 0n) return null;
  // (p / 10^eP) / (s / 10^eS), scaled by 10^RATE_DECIMALS.
  const num = presentment.minor * 10n ** BigInt(currencyExponent(shop.currency) + RATE_DECIMALS);
  const den = shop.minor * 10n ** BigInt(currencyExponent(presentment.currency));
  const scaled = (num * 2n + den) / (den * 2n);
  if (scaled === 0n) return null;
  const digits = scaled.toString().padStart(RATE_DECIMALS + 1, "0");
  const rate = `${digits.slice(0, -RATE_DECIMALS)}.${digits.slice(-RATE_DECIMALS)}`.replace(/0+$/, "").replace(/\.$/, "");
  return rate;
}

/** `minor` of `from` in `to` at `rate` (units of `to` per unit of `from`), rounded half up. */
export function convertMinor(minor: bigint, from: string, to: string, rate: string): bigint {
  if (from === to) return minor;
  const m = /^(\d+)(?:\.(\d+))?$/.exec(rate.trim());
  if (!m) throw new RangeError(`Not a rate: ${JSON.stringify(rate)}`);
  const fraction = m[2] ?? "";
  const num = BigInt(m[1] + fraction) * 10n ** BigInt(currencyExponent(to));
  const den = 10n ** BigInt(fraction.length + currencyExponent(from));
  const negative = minor < 0n;
  const value = (negative ? -minor : minor) * num;
  const rounded = (value * 2n + den) / (den * 2n);
  return negative ? -rounded : rounded;
}

/**
 * What a refund-adjusted target worth `shopMinor` in the shop's currency is in the reward's
 * currency: unchanged for a reward issued in the shop's currency, converted at the reward's
 * recorded rate otherwise (so reversals take back the same share of what was credited).
 */
export function inRewardCurrency(reward: { exchangeRate: string | null; currency: string }, shopMinor: bigint, shopCurrency: string): bigint {
  if (!reward.exchangeRate || reward.currency === shopCurrency) return shopMinor;
  return convertMinor(shopMinor, shopCurrency, reward.currency, reward.exchangeRate);
}
