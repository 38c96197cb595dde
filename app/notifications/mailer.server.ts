// The SMTP transport, configured by SMTP_URL / EMAIL_FROM. Read at send time (not import time)
// so a worker picks up the environment it was started with, and tests can point it at their server.
import nodemailer, { type Transporter } from "nodemailer";
import { setting, settingIfSet } from "../env.server";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** The same message as responsive HTML (the text part stays for clients that want it). */
  html?: string;
  /** The shop's sender name: shown with the app's own address (EMAIL_FROM's), which stays. */
  fromName?: string | null;
  /** Where replies go (the shop's support address), when set. */
  replyTo?: string | null;
  /** Stable per email: a resend after an unknown outcome carries the same Message-ID, which mail clients collapse. */
  messageId: string;
  /** The recipient's one-click unsubscribe link: sent as List-Unsubscribe with List-Unsubscribe-Post (RFC 8058). */
  unsubscribeUrl: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

export const DEFAULT_EMAIL_FROM = "Twofold <no-reply@twofold.local>";

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    // Short timeouts: a stuck SMTP server must fail the job (and retry) rather than hold its lease.
    transport = nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    transports.set(url, transport);
  }
  return transport;
}

/**
 * The From header: the app's verified address (from EMAIL_FROM) under the shop's sender name.
 * A name is never allowed to change the address.
 */
export function senderFor(configured: string, fromName: string | null | undefined): string | { name: string; address: string } {
  if (!fromName) return configured;
  const address = /<([^>]+)>\s*$/.exec(configured)?.[1] ?? configured.trim();
  return { name: fromName.replace(/[\r\n"<>]/g, " ").trim(), address };
}

export class MailerNotConfiguredError extends Error {
  override name = "MailerNotConfiguredError";
}

/**
 * The mailer the send job uses. Without SMTP_URL, development prints emails; production refuses.
 * Its settings are read at each send, from `source` (by default the process's environment).
 */
export function smtpMailer(source?: Record<string, string | undefined>): Mailer {
  return {
    async send(email) {
      const from = senderFor(settingIfSet("EMAIL_FROM", source) ?? DEFAULT_EMAIL_FROM, email.fromName);
      const url = settingIfSet("SMTP_URL", source);
      if (!url) {
        if (setting("NODE_ENV", source) === "production") throw new MailerNotConfiguredError("SMTP_URL is not set: emails cannot be sent");
        console.info(`[email] (SMTP_URL unset, printed instead of sent)\nFrom: ${typeof from === "string" ? from : `${from.name} <${from.address}>`}\nTo: ${email.to}\nSubject: ${email.subject}\nList-Unsubscribe: <${email.unsubscribeUrl}>\n\n${email.text}\n`);
        return { messageId: email.messageId };
      }
      const info = await transportFor(url).sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        ...(email.html ? { html: email.html } : {}),
        ...(email.replyTo ? { replyTo: email.replyTo } : {}),
        messageId: email.messageId,
        list: { unsubscribe: email.unsubscribeUrl },
        headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      });
      return { messageId: info.messageId ?? email.messageId };
    },
  };
}
