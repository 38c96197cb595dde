// Shop lifecycle: install (after OAuth / token exchange), uninstall, scope changes.
import type { DbClient } from "../db.server";

export async function recordInstall(db: DbClient, input: { shop: string; scopes: string | null }): Promise<void> {
  await db.shop.upsert({
    where: { id: input.shop },
    create: { id: input.shop, scopes: input.scopes },
    update: { scopes: input.scopes, uninstalledAt: null, installedAt: new Date() },
  });
}

/**
 * Marks the shop uninstalled and deletes its sessions (their tokens are dead). Referral data
 * stays until Shopify's shop/redact (48 h later), so a quick reinstall loses nothing.
 * Idempotent. Call it inside a transaction to make both writes atomic.
 */
export async function recordUninstall(db: DbClient, shop: string, at: Date = new Date()): Promise<{ sessionsDeleted: number }> {
  await db.shop.upsert({
    where: { id: shop },
    create: { id: shop, uninstalledAt: at },
    update: { uninstalledAt: at },
  });
  const { count } = await db.session.deleteMany({ where: { shop } });
  return { sessionsDeleted: count };
}

/** app/scopes_update: the merchant granted or revoked scopes; keep sessions and the shop in step. */
export async function recordScopesUpdate(db: DbClient, shop: string, scopes: string[]): Promise<void> {
  const scope = scopes.join(",");
  await db.session.updateMany({ where: { shop }, data: { scope } });
  await db.shop.updateMany({ where: { id: shop }, data: { scopes: scope } });
}

/**
 * True when Twofold is installed on the shop now (a Shop row without uninstalledAt). Storefront
 * and checkout endpoints refuse otherwise: with no offline token nothing can be issued, and
 * nothing must be written for a shop that removed the app.
 */
export async function isShopInstalled(db: DbClient, shop: string): Promise<boolean> {
  const row = await db.shop.findUnique({ where: { id: shop }, select: { uninstalledAt: true } });
  return row !== null && row.uninstalledAt === null;
}
