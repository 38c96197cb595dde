// Characters that render as nothing (zero-width space/joiners, word joiner, BOM, soft hyphen)
// and would otherwise let one mailbox pass for another.
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;

// One spelling per mailbox, for matching a buyer to a claim, the self-referral guard and
// "a friend is referred once": lower case, no invisible characters, no "+tag", no quotes
// around the local part, no trailing dot on the domain, and for Gmail no dots (Gmail ignores them).
export function normalizeEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const trimmed = email.replace(INVISIBLE, "").trim().toLowerCase();
  const at = trimmed.lastIndexOf("@");
  if (at <= 0 || at === trimmed.length - 1) return null;
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1).replace(/\.+$/, "");
  if (!domain) return null;
  if (local.length >= 2 && local.startsWith('"') && local.endsWith('"')) {
    local = local.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  if (!local) return null;
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (domain === "googlemail.com") domain = "gmail.com";
  if (domain === "gmail.com") local = local.replace(/\./g, "");
  return `${local}@${domain}`;
}
