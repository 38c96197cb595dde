// Reads and saves a shop's fraud settings (one FraudSettings row per shop, JSON).
import { withSqliteBusyRetry, type Db, type DbClient } from "../db.server";
import { fraudSettingsSchema, readFraudSettings, type FraudSettings } from "./fraud-settings";
import { recordAudit } from "../lib/audit-log.server";

export async function loadFraudSettings(db: DbClient, shop: string): Promise<FraudSettings> {
  const row = await db.fraudSettings.findUnique({ where: { shopId: shop } });
  return readFraudSettings(row?.settings);
}

/** Who saved the shop's settings last, and when (null: never saved, defaults apply). */
export async function fraudSettingsSavedBy(db: DbClient, shop: string): Promise<{ updatedBy: string | null; updatedAt: Date } | null> {
  return db.fraudSettings.findUnique({ where: { shopId: shop }, select: { updatedBy: true, updatedAt: true } });
}

/** Saves the settings and audits the change (before and after) in one transaction. */
export async function saveFraudSettings(db: Db, shop: string, input: FraudSettings, actor: string): Promise<FraudSettings> {
  const settings = fraudSettingsSchema.parse(input);
  const json = JSON.parse(JSON.stringify(settings));
  await withSqliteBusyRetry(db, () =>
    db.$transaction(async (tx) => {
      const before = await tx.fraudSettings.findUnique({ where: { shopId: shop } });
      await tx.fraudSettings.upsert({ where: { shopId: shop }, create: { shopId: shop, settings: json, updatedBy: actor }, update: { settings: json, updatedBy: actor } });
      await recordAudit(tx, { shop, actor, action: "fraud.settings_saved", subject: "FraudSettings", subjectId: shop, data: { before: before?.settings ?? null, after: json } });
    }),
  );
  return settings;
}
