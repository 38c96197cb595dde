// The program as the storefront shows it, and the texts written to the app-data metafields
// that the theme blocks read (the blocks render in Liquid, so the words travel as data).
import type { DbClient } from "../db.server";
import type { ProgramConfig } from "../program/program-config";
import { currentProgramVersion, describeAdvocateReward, describeFriendOffer, renderShareMessage } from "../program/program.server";

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

/**
 * The "twofold" app-data metafields the blocks read: status, friend_reward ("15% off your
 * first order", for the friend), friend_reward_their (the same, told to the advocate),
 * advocate_reward, each again in French with a `_fr` suffix (the blocks pick them on a French
 * storefront, as their locales/fr.json does for the fixed words), terms, share_message (with
 * %LINK% for the link; terms and message are the merchant's own words, in one language).
 * Written on the app installation whenever the program is saved or turned on/off; the
 * sandbox takes them through its control route.
 */
export function storefrontMetafields(program: { status: "active" | "paused"; config: ProgramConfig } | null, shopName: string): Record<string, string> {
  if (!program) {
    return { status: "paused", friend_reward: "", friend_reward_their: "", advocate_reward: "", friend_reward_fr: "", friend_reward_their_fr: "", advocate_reward_fr: "", terms: "", share_message: "" };
  }
  const { config } = program;
  const friendOffer = describeFriendOffer(config);
  const friendOfferFr = describeFriendOffer(config, "fr");
  return {
    status: program.status,
    friend_reward: friendOffer,
    friend_reward_their: friendOffer.replace(/\byour\b/g, "their"),
    advocate_reward: describeAdvocateReward(config),
    friend_reward_fr: friendOfferFr,
    friend_reward_their_fr: friendOfferFr.replace(/\bvotre\b/g, "leur"),
    advocate_reward_fr: describeAdvocateReward(config, "fr"),
    terms: config.terms,
    share_message: renderShareMessage(config, { link: LINK_PLACEHOLDER, shopName }),
  };
}
