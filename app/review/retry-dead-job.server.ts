// Staff retry a job that gave up ("Background jobs" page): queued again and audited, scoped to
// the staff member's shop (another shop's job id simply is not found).
import type { Db } from "../db.server";
import { retryDeadJob } from "../jobs/queue.server";
import { recordAudit } from "../lib/audit-log.server";

export async function retryDeadJobForStaff(db: Db, args: { shop: string; jobId: string; actor: string }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (!(await retryDeadJob(tx, args.jobId, { shopId: args.shop }))) return false;
    await recordAudit(tx, { shop: args.shop, actor: args.actor, action: "job.retried", subject: "Job", subjectId: args.jobId });
    return true;
  });
}
