// An amount as the review pages show it: "12.50 USD" (the decimal in the currency's own
// precision, then its code), or "—" when there is none.
import { minorUnitsToDecimal } from "../lib/money";

export function amountText(minor: string | null, currency: string | null): string {
  return minor == null || !currency ? "—" : `${minorUnitsToDecimal(BigInt(minor), currency)} ${currency}`;
}
