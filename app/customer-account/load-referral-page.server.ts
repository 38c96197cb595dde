// The advocate's referral page in customer accounts: their link and code (created on first
// visit, as the checkout extension does), their friends by initials, their rewards and their
// store credit. Called with the shop and customer a verified session token names, never
// with ids from the request, so a customer can only ever read their own rows.
import type { Db } from "../db.server";
import { checkoutLinkAnswer, CHECKOUT_PATH_PREFIX, type CheckoutLinkAnswer } from "../storefront/checkout-link";
import { StorefrontError } from "../storefront/errors";
import { getOrCreateAdvocate } from "../storefront/get-or-create-advocate.server";
import { storefrontAddress } from "../shops/storefront-address.server";
import { loadStorefrontProgram } from "../program/storefront-program.server";
import { formatMoney } from "../program/program-text";
import { friendInitials, friendReason, friendStatus, groupAdvocateRewards, type FriendLine, type RewardGroups } from "./referral-page";
import { paidAsStoreCredit } from "../program/reward-kinds";

/** Friends listed on the page, newest first (the count covers all of them). */
export const FRIENDS_SHOWN = 50;

export interface MoneyLine {
  amountMinor: number;
  currency: string;
  amount: string;
}

/**
 * "shopify": the balance of each store credit account, read from the Admin API now.
 * "ledger": Shopify could not be asked in time; the store credit Twofold issued and has not
 * taken back or seen expire (spending is unknown to the app, so it is shown as earned).
 */
export type StoreCreditView = { source: "shopify" | "ledger"; balances: MoneyLine[] };

export interface ReferralPage {
  link: CheckoutLinkAnswer | null;
  /** Why there is no link: the program is off, or staff blocked this advocate. */
  linkUnavailable: null | "program_paused" | "advocate_blocked";
  friendCount: number;
  friends: FriendLine[];
  rewards: RewardGroups;
  storeCredit: StoreCreditView;
}

export type LoadReferralPageResult = { ok: true; page: ReferralPage } | { ok: false; status: 403; reason: "shop_not_installed" };

export interface LoadReferralPageArgs {
  shop: string;
  customerGid: string;
  /** BCP 47 language of the page, for amounts ("en", "fr"). */
  locale: string;
  now?: Date;
  /** Store credit balances from Shopify; throw or return null to fall back to the ledger. */
  fetchStoreCreditBalances: () => Promise<Array<{ minorUnits: number | bigint; currencyCode: string }> | null>;
}

function moneyLine(minor: bigint, currency: string, locale: string): MoneyLine {
  return { amountMinor: Number(minor), currency, amount: formatMoney(minor, currency, locale) };
}

export async function loadReferralPage(db: Db, args: LoadReferralPageArgs): Promise<LoadReferralPageResult> {
  const now = args.now ?? new Date();
  const shop = await db.shop.findUnique({ where: { id: args.shop }, select: { uninstalledAt: true } });
  if (!shop || shop.uninstalledAt) return { ok: false, status: 403, reason: "shop_not_installed" };

  const [program, existing] = await Promise.all([
    loadStorefrontProgram(db, args.shop),
    db.advocate.findUnique({ where: { shopId_customerGid: { shopId: args.shop, customerGid: args.customerGid } } }),
  ]);

  let link: CheckoutLinkAnswer | null = null;
  let linkUnavailable: ReferralPage["linkUnavailable"] = null;
  if (existing && existing.status !== "active") linkUnavailable = "advocate_blocked";
  else if (!program || program.status !== "active") linkUnavailable = "program_paused";
  else {
    try {
      const made = await getOrCreateAdvocate(db, { shop: args.shop, who: { customerId: args.customerGid }, locale: args.locale });
      link = checkoutLinkAnswer({ store: await storefrontAddress(db, args.shop), pathPrefix: CHECKOUT_PATH_PREFIX, code: made.code, program: made.program, locale: args.locale });
    } catch (error) {
      // Paused or blocked between the read above and now.
      if (!(error instanceof StorefrontError && error.reason === "program_unavailable")) throw error;
      linkUnavailable = "program_paused";
    }
  }

  const advocateId = existing?.id ?? null;
  const [referrals, friendCount, rewardRows] = advocateId
    ? await Promise.all([
        db.referral.findMany({
          where: { shopId: args.shop, advocateId },
          select: { friendEmail: true, status: true, rejectionReason: true, createdAt: true, rewards: { where: { recipient: "advocate" }, select: { status: true, holdUntil: true } } },
          orderBy: { createdAt: "desc" },
          take: FRIENDS_SHOWN,
        }),
        db.referral.count({ where: { shopId: args.shop, advocateId } }),
        db.reward.findMany({
          where: { shopId: args.shop, recipient: "advocate", referral: { advocateId } },
          select: {
            kind: true, status: true, amountMinor: true, reversedMinor: true, currency: true,
            discountCode: true, issuedAt: true, expiresAt: true, createdAt: true,
          },
        }),
      ])
    : [[], 0, []];

  const friends: FriendLine[] = referrals.map((r) => ({
    initials: friendInitials(r.friendEmail),
    status: friendStatus(r.status, r.rewards.map((w) => w.status)),
    since: r.createdAt.toISOString().slice(0, 10),
    ...friendReason(r, r.rewards),
  }));
  const rewards = groupAdvocateRewards(rewardRows, now, args.locale);

  let storeCredit: StoreCreditView;
  const fromShopify = await args.fetchStoreCreditBalances().catch(() => null);
  if (fromShopify) {
    storeCredit = {
      source: "shopify",
      balances: fromShopify.map((b) => moneyLine(BigInt(b.minorUnits), b.currencyCode, args.locale)),
    };
  } else {
    const earned = new Map<string, bigint>();
    for (const r of rewardRows) {
      if (!paidAsStoreCredit(r.kind) || r.status !== "issued") continue;
      if (r.expiresAt && r.expiresAt.getTime() <= now.getTime()) continue;
      earned.set(r.currency, (earned.get(r.currency) ?? 0n) + r.amountMinor - r.reversedMinor);
    }
    storeCredit = {
      source: "ledger",
      balances: [...earned].filter(([, minor]) => minor > 0n).map(([currency, minor]) => moneyLine(minor, currency, args.locale)),
    };
  }

  return { ok: true, page: { link, linkUnavailable, friendCount, friends, rewards, storeCredit } };
}
