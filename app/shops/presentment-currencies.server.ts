// The currencies buyers can pay a shop in, kept on the Shop row so that issuing a store credit
// needs no Admin read to know it has nothing to convert (rewards/shopping-currency.server.ts).
// The list comes from the shop profile (`enabledPresentmentCurrencies`, read when the profile is)
// and is widened by every order paid in a currency that is not on it: a currency the merchant
// enabled after the profile was read is on the list before any advocate's order in it is known
// to the app. Null means not read yet: the credit then asks Shopify, as it always did.
import { withSqliteBusyRetry, type DbClient } from "../db.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { fetchShopProfile } from "../shopify/shop-profile.server";

/** The column's value: the shop's own currency first, then the others, each once. */
export function currenciesColumn(shopCurrency: string, currencies: readonly string[]): string {
  return [...new Set([shopCurrency, ...currencies].map((c) => c.toUpperCase()))].join(",");
}

function parse(column: string | null): string[] | null {
  return column === null ? null : column.split(",").filter(Boolean);
}

/** Puts an order's currency on the shop's list when the list is known and lacks it (no write otherwise). */
export async function noteOrderCurrency(db: DbClient, shop: string, currency: string): Promise<void> {
  const code = currency.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return;
  // Each write is guarded on the list it read; one that lost to another order's new currency reads again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await db.shop.findUnique({ where: { id: shop }, select: { presentmentCurrencies: true } });
    const known = parse(row?.presentmentCurrencies ?? null);
    if (!known || known.includes(code)) return;
    // The list starts with the shop's own currency (currenciesColumn), so it keeps its place.
    const { count } = await withSqliteBusyRetry(db, () =>
      db.shop.updateMany({ where: { id: shop, presentmentCurrencies: row!.presentmentCurrencies }, data: { presentmentCurrencies: currenciesColumn(known[0], [...known, code]) } }),
    );
    if (count === 1) return;
  }
}

/**
 * True when buyers can pay the shop only in `currency`, so no advocate can have ordered in
 * another. Reads the shop profile once (and keeps it) when the list is not known yet.
 */
export async function paysOnlyIn(db: DbClient, client: AdminGraphql, shop: string, currency: string): Promise<boolean> {
  const row = await db.shop.findUnique({ where: { id: shop }, select: { presentmentCurrencies: true } });
  let known = parse(row?.presentmentCurrencies ?? null);
  if (!known) {
    let profile;
    try {
      profile = await fetchShopProfile(client);
    } catch {
      return false; // not known: the caller asks about the customer's orders instead
    }
    const column = currenciesColumn(profile.currencyCode, profile.presentmentCurrencies);
    await withSqliteBusyRetry(db, () => db.shop.updateMany({ where: { id: shop, presentmentCurrencies: null }, data: { presentmentCurrencies: column } }));
    known = parse(column)!;
  }
  return known.length === 1 && known[0] === currency.toUpperCase();
}
