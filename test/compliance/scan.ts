// A scan of every String and Json column of every table (from Prisma's DMMF, so a column added
// later is scanned without anyone remembering to add it) for text that names a person.
import { Prisma } from "#prisma/sqlite";
import type { TestDb } from "../helpers/db";

export interface TextColumn {
  table: string;
  column: string;
  idColumn: string;
  json: boolean;
}

export function textColumns(): TextColumn[] {
  return Prisma.dmmf.datamodel.models.flatMap((model) => {
    // The runtime DMMF may omit isId: a model's key is its "id" field, else its first (AdminApiBudget: shopId).
    const idField = model.fields.find((f) => f.isId) ?? model.fields.find((f) => f.name === "id") ?? model.fields[0];
    return model.fields
      .filter((f) => f.kind === "scalar" && (f.type === "String" || f.type === "Json"))
      .map((f) => ({ table: model.dbName ?? model.name, column: f.dbName ?? f.name, idColumn: idField?.dbName ?? idField?.name ?? "id", json: f.type === "Json" }));
  });
}

export interface ScanHit {
  table: string;
  column: string;
  id: string;
  value: string;
}

/** Every row (table, column, id) whose text contains any needle, case-insensitive. */
export async function scanForPersonalData(db: TestDb, needles: string[]): Promise<ScanHit[]> {
  const pg = db.kind === "postgresql";
  const hits: ScanHit[] = [];
  for (const { table, column, idColumn } of textColumns()) {
    const text = pg ? `lower("${column}"::text)` : `lower(CAST("${column}" AS TEXT))`;
    for (const value of needles) {
      const rows = await db.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT "${idColumn}" AS id FROM "${table}" WHERE ${text} LIKE $1`, `%${value.toLowerCase()}%`);
      for (const row of rows) hits.push({ table, column, id: String(row.id), value });
    }
  }
  return hits;
}

export const describeHits = (hits: ScanHit[]) => [...new Set(hits.map((h) => `${h.table}.${h.column} holds ${h.value}`))];
