// The job that sends one queued email (retried with backoff; the SentEmail row keeps the outcome).
import { z } from "zod";
import { defineJob } from "../jobs/define-job";
import { smtpMailer, type Mailer } from "./mailer.server";
import { sendQueuedEmail } from "./send-email.server";

let mailerOverride: Mailer | undefined;
/** Tests and scripts may swap the transport; production uses SMTP_URL. */
export function useMailer(mailer: Mailer | undefined): void {
  mailerOverride = mailer;
}

export const sendEmailJob = defineJob({
  name: "notifications.send-email",
  payload: z.object({ dedupeKey: z.string().min(1) }),
  maxAttempts: 8,
  backoff: { baseMs: 30_000, capMs: 3_600_000 },
  handler: async ({ dedupeKey }, { db }) => {
    await sendQueuedEmail(db, dedupeKey, mailerOverride ?? smtpMailer());
  },
});
