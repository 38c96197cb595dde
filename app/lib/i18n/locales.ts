// The languages Twofold speaks to shoppers, and how a requested locale ("sv-SE", "pt",
// "fr-CA", "id") is matched to one of them. Adding a language: add its catalog in messages/
// and its code here; nothing else in the app names a language.
export const SUPPORTED_LOCALES = ["en", "fr", "de", "es", "it", "nl", "sv", "id", "pt-BR", "ja"] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: SupportedLocale = "en";

const BY_LOWER = new Map<string, SupportedLocale>(SUPPORTED_LOCALES.map((l) => [l.toLowerCase(), l]));
// A bare language whose only catalog is regional ("pt" → "pt-BR"); "in" is Indonesian's old code.
const BY_LANGUAGE = new Map<string, SupportedLocale>([...SUPPORTED_LOCALES.map((l) => [l.split("-")[0].toLowerCase(), l] as const), ["in", "id"]]);

/** The supported locale for a BCP 47 tag, or null when its language has no catalog. */
export function matchLocale(tag: string | null | undefined): SupportedLocale | null {
  if (!tag) return null;
  const lower = tag.trim().replace(/_/g, "-").toLowerCase();
  if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(lower)) return null;
  return BY_LOWER.get(lower) ?? BY_LANGUAGE.get(lower.split("-")[0]) ?? null;
}

/** The first of `tags` Twofold speaks (the shopper's, then the shop's primary), else English. */
export function resolveLocale(...tags: Array<string | null | undefined>): SupportedLocale {
  for (const tag of tags) {
    const match = matchLocale(tag);
    if (match) return match;
  }
  return DEFAULT_LOCALE;
}

/**
 * The tag to format numbers, money and dates with: the shopper's own tag when it is a valid
 * one ("de-CH" keeps Swiss separators, "ko" Korean ones under English words), else the catalog's.
 */
export function formattingLocale(tag: string | null | undefined, locale: SupportedLocale): string {
  if (!tag) return locale;
  try {
    return Intl.getCanonicalLocales(tag.replace(/_/g, "-"))[0] ?? locale;
  } catch {
    return locale;
  }
}
