// Shopper-facing words in every supported language: ICU MessageFormat catalogs (messages/*.json,
// one per locale, the same keys in each) formatted with intl-messageformat. Money, percentages
// and dates are formatted by Intl before they become message arguments, so they stay exact.
import { IntlMessageFormat } from "intl-messageformat";
import en from "./messages/en.json";
import fr from "./messages/fr.json";
import de from "./messages/de.json";
import es from "./messages/es.json";
import it from "./messages/it.json";
import nl from "./messages/nl.json";
import sv from "./messages/sv.json";
import id from "./messages/id.json";
import ptBR from "./messages/pt-BR.json";
import ja from "./messages/ja.json";
import { resolveLocale, type SupportedLocale } from "./locales";

export type MessageKey = keyof typeof en;
export type MessageValues = Record<string, string | number>;

export const CATALOGS: Record<SupportedLocale, Record<MessageKey, string>> = { en, fr, de, es, it, nl, sv, id, "pt-BR": ptBR, ja };

const compiled = new Map<string, IntlMessageFormat>();

function formatFor(locale: SupportedLocale, key: MessageKey): IntlMessageFormat {
  const id = `${locale}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    // A key missing in a catalog falls back to English (the catalog test keeps them complete).
    format = new IntlMessageFormat(CATALOGS[locale][key] ?? CATALOGS.en[key], locale, undefined, { ignoreTag: true });
    compiled.set(id, format);
  }
  return format;
}

/** The message `key` in `locale` (any BCP 47 tag; unsupported ones get English) with `values`. */
export function translate(locale: string | null | undefined, key: MessageKey, values: MessageValues = {}): string {
  const result = formatFor(resolveLocale(locale), key).format(values);
  return Array.isArray(result) ? result.join("") : String(result);
}

/**
 * A catalog message written out in the merchants' template syntax ("{{shop_name}}"): the
 * built-in email texts a merchant starts editing from, in each language.
 */
export function templateText(locale: string | null | undefined, key: MessageKey, placeholders: readonly string[]): string {
  return translate(locale, key, Object.fromEntries(placeholders.map((name) => [name, `{{${name}}}`])));
}

/** A date as the locale writes it in full ("December 31, 2026", "31 december 2026", "2026年12月31日"). */
export function formatLongDate(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(date);
}

export { DEFAULT_LOCALE, SUPPORTED_LOCALES, formattingLocale, matchLocale, resolveLocale, type SupportedLocale } from "./locales";
