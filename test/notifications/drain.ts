// Runs the notification jobs in this process until none is due or running.
import type { Db } from "../../app/db.server";
import { createJobRegistry } from "../../app/jobs/define-job";
import { runWorker } from "../../app/jobs/worker.server";
import { emailRemindersJob } from "../../app/notifications/email-reminders.job.server";
import { sendEmailJob } from "../../app/notifications/send-email.job.server";

const registry = createJobRegistry([sendEmailJob, emailRemindersJob]);

export async function drainNotifications(db: Db): Promise<void> {
  const controller = new AbortController();
  const worker = runWorker({ db, jobs: registry, concurrency: 2, pollMs: 10, signal: controller.signal });
  for (;;) {
    const busy = await db.job.count({ where: { name: { in: [...registry.keys()] }, OR: [{ status: "running" }, { status: "queued", runAt: { lte: new Date() } }] } });
    if (busy === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  controller.abort();
  await worker;
}

/** The app URL and secret the send job signs unsubscribe links with; returns a function that restores the previous values. */
export function useUnsubscribeEnv(appUrl: string, secret: string): () => void {
  const before = { url: process.env.SHOPIFY_APP_URL, secret: process.env.SHOPIFY_API_SECRET };
  process.env.SHOPIFY_APP_URL = appUrl;
  process.env.SHOPIFY_API_SECRET = secret;
  return () => {
    for (const [key, value] of [["SHOPIFY_APP_URL", before.url], ["SHOPIFY_API_SECRET", before.secret]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}
