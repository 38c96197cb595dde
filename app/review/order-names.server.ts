// An order's name as staff know it (#1049). The referral keeps only the order's id; the name is
// in the order's deliveries in the inbox (the webhooks, or what reconciliation read back).
import { clientKind, dialectSql, type DbClient } from "../db.server";

/**
 * The orders' names (#1049), read from their deliveries in the inbox (webhooks, or what
 * reconciliation read back): the referral keeps only the order's id. One query, the name taken
 * out of each body by the database; an order no delivery names is left out.
 */
export async function orderNames(db: DbClient, shop: string, orderGids: string[]): Promise<Map<string, string>> {
  if (orderGids.length === 0) return new Map();
  const name = clientKind(db) === "postgresql" ? `CAST("payload" AS jsonb) ->> 'name'` : `json_extract("payload", '$.name')`;
  const gids = orderGids.map((_, i) => `$${i + 2}`).join(", ");
  const rows = await db.$queryRawUnsafe<{ gid: string; name: unknown }[]>(
    dialectSql(db, `SELECT "subjectGid" AS gid, MAX(${name}) AS name FROM "WebhookEvent" WHERE "shopId" = $1 AND "subjectGid" IN (${gids}) GROUP BY "subjectGid"`),
    shop,
    ...orderGids,
  );
  return new Map(rows.flatMap((r) => (typeof r.name === "string" && r.name ? [[r.gid, r.name] as const] : [])));
}
