// Fields every audited staff form shares: the reason that goes to the audit log, and the key
// made when the form was shown, so a replay of the same form changes nothing more.
import { z } from "zod";

export const auditReason = z.string().trim().min(3, "Give a reason (it goes to the audit log)").max(500);

export const formKeyField = z.string().regex(/^[\w-]{8,64}$/, "Reload the page and try again");

/** A fresh form key (the browser's UUID where there is one). */
export function newFormKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
