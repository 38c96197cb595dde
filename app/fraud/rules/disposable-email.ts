// Throwaway mailboxes are the usual way to invent friends.
import { defineFraudRule } from "../define-fraud-rule";

/** A small built-in list of the most common disposable-mail domains. */
export const DISPOSABLE_DOMAINS = new Set([
  "mailinator.com", "guerrillamail.com", "guerrillamail.net", "sharklasers.com", "10minutemail.com", "temp-mail.org",
  "tempmail.com", "yopmail.com", "trashmail.com", "getnada.com", "dispostable.com", "maildrop.cc", "throwawaymail.com",
  "fakeinbox.com", "mohmal.com", "emailondeck.com", "tempail.com", "mintemail.com", "spamgourmet.com", "mailnesia.com",
]);

export const disposableEmailRule = defineFraudRule({
  id: "disposable_email",
  title: "Disposable email",
  defaultWeight: 35,
  defaultConfig: { extraDomains: [] as string[] },
  description: "The friend used a throwaway email address.",
  configFields: [{ key: "extraDomains", kind: "domains", label: "More throwaway domains", help: "Besides the built-in list. One per line or separated by commas, like mailinator.com." }],
  check(facts, config) {
    const domain = facts.order.email?.trim().toLowerCase().split("@")[1];
    if (!domain) return null;
    const hit = DISPOSABLE_DOMAINS.has(domain) || config.extraDomains.map((d) => d.toLowerCase()).includes(domain);
    return hit ? { domain } : null;
  },
  explain(signal) {
    return `The friend's email is at ${signal.detail.domain}, a disposable-mail service.`;
  },
});
