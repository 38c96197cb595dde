/**
 * Money without float error: amounts are kept as integer minor units (cents) and printed as
 * decimal strings with the currency's precision ("12.50").
 */

/** Minor-unit exponent per ISO currency; 2 unless listed. */
const EXPONENTS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

export class MoneyParseError extends Error {}

/**
 * Parses a decimal string (or a finite number) to integer minor units. Rejects more decimal
 * places than the currency has, unless they are zeros. Negative values are allowed.
 */
export function toMinorUnits(amount: string | number, currency: string): number {
  const exp = currencyExponent(currency);
  const text = typeof amount === "number" ? numberToPlainString(amount) : amount.trim();
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new MoneyParseError(`Invalid decimal: ${String(amount)}`);
  const sign = m[1] === "-" ? -1 : 1;
  const intPart = m[2] || "0";
  let frac = m[3] ?? "";
  if (frac.length > exp) {
    if (/[^0]/.test(frac.slice(exp))) throw new MoneyParseError(`Too many decimal places for ${currency}: ${text}`);
    frac = frac.slice(0, exp);
  }
  frac = frac.padEnd(exp, "0");
  const minor = Number(BigInt(intPart) * 10n ** BigInt(exp) + BigInt(frac || "0"));
  if (!Number.isSafeInteger(minor)) throw new MoneyParseError(`Amount out of range: ${text}`);
  return sign * minor || 0;
}

function numberToPlainString(n: number): string {
  if (!Number.isFinite(n)) throw new MoneyParseError(`Invalid decimal: ${n}`);
  // toString can give exponent notation for tiny/huge numbers; toFixed(10) then trim.
  const s = Math.abs(n) < 1e21 ? n.toFixed(10) : n.toString();
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

/**
 * Formats integer minor units as a decimal string with the currency's full precision,
 * e.g. 1250 USD -> "12.50", 5 USD -> "0.05", -300 -> "-3.00", 100 JPY -> "100".
 * (Shopify's MoneyV2.amount is a Decimal, printed like "12.5" in some places and "12.50" in
 * others; the app must compare amounts numerically, not as text.)
 */
export function formatMinorUnits(minor: number, currency: string): string {
  const exp = currencyExponent(currency);
  const sign = minor < 0 ? "-" : "";
  const digits = Math.abs(minor).toString().padStart(exp + 1, "0");
  if (exp === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
}

/** A supported currency code is three upper-case letters. */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code);
}

/**
 * Converts minor units between currencies at `rate` (units of `to` per unit of `from`, a
 * decimal string as Shopify's currency settings give it), rounding half up as Shopify does.
 */
export function convertMinorUnits(minor: number, from: string, to: string, rate: string): number {
  if (from === to) return minor;
  const m = /^(\d+)(?:\.(\d+))?$/.exec(rate.trim());
  if (!m) throw new MoneyParseError(`Invalid rate: ${rate}`);
  const frac = m[2] ?? "";
  const num = BigInt(m[1] + frac) * 10n ** BigInt(currencyExponent(to));
  const den = 10n ** BigInt(frac.length + currencyExponent(from));
  const value = BigInt(Math.abs(minor)) * num;
  const rounded = Number((value * 2n + den) / (den * 2n));
  return minor < 0 ? -rounded : rounded;
}
