// Seeds the app's database for the demo shop: the offline session an install would create
// and the Shop row. Idempotent. Usage: tsx scripts/seed-demo.ts <shop> <accessToken>
import { createPrismaClient } from "../app/db.server";
import { recordInstall } from "../app/shops/record-install.server";
import { ACCESS_SCOPES_TOML } from "./scopes";

const [shop, accessToken] = process.argv.slice(2);
if (!shop || !accessToken) {
  console.error("usage: tsx scripts/seed-demo.ts <shop> <accessToken>");
  process.exit(2);
}
const db = createPrismaClient();
const scope = ACCESS_SCOPES_TOML.join(",");
await db.session.upsert({
  where: { id: `offline_${shop}` },
  create: { id: `offline_${shop}`, shop, state: "demo", isOnline: false, scope, accessToken },
  update: { accessToken, scope },
});
await recordInstall(db, { shop, scopes: scope });
await db.shop.update({ where: { id: shop }, data: { name: "Twofold Demo Store", currencyCode: "USD" } });
await db.$disconnect();
console.log(`seeded ${shop}`);
