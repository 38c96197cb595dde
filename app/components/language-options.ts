// The languages Twofold speaks, as merchants pick them in the admin: each named in its own words.
import { SUPPORTED_LOCALES } from "../lib/i18n/locales";

export const LANGUAGE_OPTIONS = SUPPORTED_LOCALES.map((l) => ({ value: l, label: `${new Intl.DisplayNames([l], { type: "language" }).of(l) ?? l} (${l})` }));
