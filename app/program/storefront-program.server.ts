// The program as the storefront shows it, and the texts written to the app-data metafields
// that the theme blocks read (the blocks render in Liquid, so the words travel as data).
import type { DbClient } from "../db.server";
import type { ProgramConfig } from "../program/program-config";
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, resolveLocale } from "../lib/i18n/locales";
import { currentProgramVersion, describeAdvocateReward, describeFriendOffer, renderShareMessage } from "../program/program.server";
import { merchantTexts } from "../program/program-text";

/** Placeholder the blocks replace with the advocate's link (Liquid `replace`). */
export const LINK_PLACEHOLDER = "%LINK%";

export interface StorefrontProgram {
  versionId: string;
  status: "active" | "paused";
  config: ProgramConfig;
}

export async function loadStorefrontProgram(db: DbClient, shop: string): Promise<StorefrontProgram | null> {
  const current = await currentProgramVersion(db, shop);
  return current ? { versionId: current.id, status: current.status, config: current.config } : null;
}

/** Metafields the blocks read before the texts became locale-keyed: deleted on the next sync. */
const RETIRED_KEYS = ["friend_reward", "friend_reward_their", "advocate_reward", "friend_reward_fr", "friend_reward_their_fr", "advocate_reward_fr", "terms", "share_message"];

/** The metafield types of the keys storefrontMetafields writes (others are multi-line text). */
export const STOREFRONT_METAFIELD_TYPES: Record<string, string> = { texts: "json" };

/**
 * The "twofold" app-data metafields the blocks read: `status`, and `texts`, a JSON object keyed
 * by locale ("en", "sv", "pt-BR", ... and "default" for the shop's primary language) whose
 * entries hold friend_reward ("15% off your first order", to the friend), friend_reward_their
 * (the same, told to the advocate), advocate_reward, terms and share_message (with %LINK% for
 * the link) in that language. A block picks `texts[request.locale.iso_code]`, then the bare
 * language, then "default": adding a language touches the catalogs only. Written on the app
 * installation whenever the program is saved or turned on/off; the sandbox takes them through
 * its control route.
 */
export function storefrontMetafields(
  program: { status: "active" | "paused"; config: ProgramConfig } | null,
  shopName: string,
  primaryLocale: string = DEFAULT_LOCALE,
): Record<string, string> {
  const retired = Object.fromEntries(RETIRED_KEYS.map((key) => [key, ""]));
  if (!program) return { ...retired, status: "paused", texts: "" };
  const { config } = program;
  const textsIn = (locale: string) => {
    const own = merchantTexts(config, locale);
    return {
      friend_reward: describeFriendOffer(config, locale),
      friend_reward_their: describeFriendOffer(config, locale, "others"),
      advocate_reward: describeAdvocateReward(config, locale),
      terms: own.terms,
      share_message: renderShareMessage(config, { link: LINK_PLACEHOLDER, shopName }, locale),
    };
  };
  const texts: Record<string, ReturnType<typeof textsIn>> = { default: textsIn(resolveLocale(primaryLocale)) };
  for (const locale of SUPPORTED_LOCALES) {
    texts[locale] = textsIn(locale);
    // Liquid looks up the bare language too ("pt" for a pt-PT storefront).
    const language = locale.split("-")[0];
    if (language !== locale) texts[language] ??= texts[locale];
  }
  return { ...retired, status: program.status, texts: JSON.stringify(texts) };
}
