// The audit log: who did what to which record, written by the change itself (pass the
// transaction, so the entry and the change commit or roll back together). Staff read it on the
// referral timeline; the privacy export and redaction find entries by their subject.
import type { DbClient, Prisma } from "../db.server";

/** What an entry is about: a model's name (subjectId is its id; for Shop and FraudSettings, the shop). */
export type AuditSubject =
  | "Advocate"
  | "AdvocateImport"
  | "EmailTemplate"
  | "FraudSettings"
  | "Job"
  | "OutgoingDelivery"
  | "OutgoingEndpoint"
  | "Program"
  | "ProgramVersion"
  | "Referral"
  | "Reward"
  | "Shop";

export interface AuditEntry {
  shop: string;
  /** "staff:<user id>", "system", "webhook:<topic>" (see the model's comment). */
  actor: string;
  /** "<area>.<what happened>", e.g. "review.approved". */
  action: string;
  subject: AuditSubject;
  subjectId: string;
  /** The details; amounts may be bigint (stored as decimal strings), undefined fields are left out. */
  data?: object;
  /** The row's id, for a caller that refers to the entry before writing it. */
  id?: string;
}

/** An entry's details as JSON: bigint amounts as decimal strings, so no cent is lost to a float. */
export function auditData(data: object): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(data, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value))) as Prisma.InputJsonObject;
}

/** Writes one entry; answers its id. */
export async function recordAudit(db: DbClient, entry: AuditEntry): Promise<string> {
  const row = await db.auditLog.create({
    data: {
      ...(entry.id ? { id: entry.id } : {}),
      shopId: entry.shop,
      actor: entry.actor,
      action: entry.action,
      subjectType: entry.subject,
      subjectId: entry.subjectId,
      data: entry.data === undefined ? undefined : auditData(entry.data),
    },
    select: { id: true },
  });
  return row.id;
}
