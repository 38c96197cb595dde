// Reads and saves a shop's fraud settings (one FraudSettings row per shop, JSON).
import type { DbClient } from "../db.server";
import { fraudSettingsSchema, readFraudSettings, type FraudSettings } from "./fraud-settings";

export async function loadFraudSettings(db: DbClient, shop: string): Promise<FraudSettings> {
  const row = await db.fraudSettings.findUnique({ where: { shopId: shop } });
  return readFraudSettings(row?.settings);
}

export async function saveFraudSettings(db: DbClient, shop: string, input: unknown, actor: string): Promise<FraudSettings> {
  const settings = fraudSettingsSchema.parse(input);
  const json = JSON.parse(JSON.stringify(settings));
  await db.fraudSettings.upsert({ where: { shopId: shop }, create: { shopId: shop, settings: json, updatedBy: actor }, update: { settings: json, updatedBy: actor } });
  await db.auditLog.create({ data: { shopId: shop, actor, action: "fraud.settings_saved", subjectType: "FraudSettings", subjectId: shop, data: json } });
  return settings;
}
