// An amount as every admin page shows it ("$80.00", "€12.50", "¥1,500": the currency's own
// symbol and precision), or "—" when there is none. Review and the advocate page show an
// order's subtotal through it, so the same order reads the same on both.
import { formatMoney } from "../program/program-text";

export function amountText(minor: string | null, currency: string | null): string {
  return minor == null || !currency ? "—" : formatMoney(BigInt(minor), currency);
}
