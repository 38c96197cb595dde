// Money crosses into Shopify as decimal strings ("12.50") and comes back the same way.
// Inside Twofold it is integer minor units plus an ISO 4217 code; these functions convert
// between the two with string arithmetic only, so no float ever touches an amount.

/** An amount in the currency's minor units (cents, yen, fils) plus its currency code. */
export interface MinorMoney {
  /** Integer minor units. A safe-integer number or a bigint. */
  minorUnits: number | bigint;
  currencyCode: string;
}

// ISO 4217 exponents that differ from 2. Shopify's CurrencyCode enum is ISO 4217 based.
const ZERO_DECIMAL = [
  "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
  "VND", "VUV", "XAF", "XOF", "XPF",
];
const THREE_DECIMAL = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
const FOUR_DECIMAL = ["CLF", "UYW"];

const EXPONENTS = new Map<string, number>([
  ...ZERO_DECIMAL.map((c) => [c, 0] as const),
  ...THREE_DECIMAL.map((c) => [c, 3] as const),
  ...FOUR_DECIMAL.map((c) => [c, 4] as const),
]);

/** Number of minor-unit digits for a currency (2 unless ISO 4217 says otherwise). */
export function currencyExponent(currencyCode: string): number {
  const code = currencyCode.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) throw new RangeError(`Not a currency code: ${JSON.stringify(currencyCode)}`);
  return EXPONENTS.get(code) ?? 2;
}

function toBigInt(minorUnits: number | bigint): bigint {
  if (typeof minorUnits === "bigint") return minorUnits;
  if (!Number.isSafeInteger(minorUnits)) {
    throw new RangeError(`Minor units must be a safe integer, got ${minorUnits}`);
  }
  return BigInt(minorUnits);
}

/** 1250 USD → "12.50"; 1250 JPY → "1250"; 1250 KWD → "1.250"; -5 USD → "-0.05". */
export function minorUnitsToDecimal(minorUnits: number | bigint, currencyCode: string): string {
  const exponent = currencyExponent(currencyCode);
  const value = toBigInt(minorUnits);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? "-" : ""}${whole}${exponent > 0 ? `.${fraction}` : ""}`;
}

/**
 * "12.5" USD → 1250n. Accepts any number of fraction digits as long as the extra ones are
 * zeros (Shopify prints "10.0"); anything that would need rounding throws.
 */
export function decimalToMinorUnits(decimal: string, currencyCode: string): bigint {
  const exponent = currencyExponent(currencyCode);
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) throw new RangeError(`Not a decimal amount: ${JSON.stringify(decimal)}`);
  const [, sign, whole, fraction = ""] = match;
  const kept = fraction.slice(0, exponent).padEnd(exponent, "0");
  const dropped = fraction.slice(exponent);
  if (/[1-9]/.test(dropped)) {
    throw new RangeError(`${decimal} ${currencyCode} has more than ${exponent} decimal places`);
  }
  const value = BigInt(whole + kept);
  return sign ? -value : value;
}

/** As decimalToMinorUnits, as a number; throws when it is not a safe integer. */
export function decimalToMinorNumber(decimal: string, currencyCode: string): number {
  const value = decimalToMinorUnits(decimal, currencyCode);
  const asNumber = Number(value);
  if (!Number.isSafeInteger(asNumber)) throw new RangeError(`${decimal} ${currencyCode} is too large`);
  return asNumber;
}

/** Shopify's MoneyInput for an amount in minor units. */
export function toMoneyInput(money: MinorMoney): { amount: string; currencyCode: string } {
  const currencyCode = money.currencyCode.toUpperCase();
  return { amount: minorUnitsToDecimal(money.minorUnits, currencyCode), currencyCode };
}

/** Shopify's MoneyV2 ({amount: "12.5", currencyCode}) in minor units. */
export function fromMoneyV2(money: { amount: string; currencyCode: string }): { minorUnits: number; currencyCode: string } {
  return { minorUnits: decimalToMinorNumber(money.amount, money.currencyCode), currencyCode: money.currencyCode };
}
