// A friend claims the offer behind an advocate's code with their email. In instant mode they
// get a single-use discount code made through the Admin layer. The code is random and stored
// with the claim (Referral.claimKey = the normalised email, unique per shop), so a repeat, a
// retry or a race always yields the same code. A logged-in friend's code is bound to their
// customer in Shopify. A claim that trips a fraud signal gets its code by email only.
import { isUniqueViolation, type Db } from "../db.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { createBasicDiscountCode, findDiscountCodeByCode, isDiscountCodeTaken, type DiscountValue } from "../shopify/discount-codes.server";
import { friendDiscountValue } from "../program/friend-discount";
import { describeFriendOffer } from "../program/program.server";
import { queueFriendCodeEmail } from "../notifications/queue-email.server";
import { recordReferralEvent } from "../integrations/record-event.server";
import type { ProgramConfig } from "../program/program-config";
import { cleanReferralCode, newFriendDiscountCode } from "./codes";
import { StorefrontError } from "./errors";
import { customerGid } from "./get-or-create-advocate.server";
import { normalizeEmail } from "../lib/normalize-email";
import {
  claimsForAdvocateInWindow,
  claimsFromIpInWindow,
  codesMintedInWindow,
  EMAIL_ONLY_THRESHOLDS,
  LIMITS,
  unverifiedEmailsInWindow,
  type AbuseLimit,
} from "./rate-limit.server";
import { liveAdvocateByCode } from "../advocates/advocate-identity.server";
import { selfReferralMatch } from "../advocates/self-referral";
import { loadStorefrontProgram } from "../program/storefront-program.server";

export interface ClaimInput {
  shop: string;
  referralCode: string;
  email: string;
  /** Numeric id or GID of the logged-in customer, if any (self-referral guard). */
  customerId: string | null;
  ipHash: string | null;
  /** Built only when a code must be created in Shopify. */
  adminClient: () => Promise<AdminGraphql>;
  now?: Date;
  /** The friend's storefront language: the offer is said in it, and their emails use it. */
  locale?: string | null;
}

export interface ClaimResult {
  referralId: string;
  /** The friend's code, or null in after-first-order mode (issued after the first order). */
  discountCode: string | null;
  /** Visiting this storefront path applies the code to the cart (Shopify's /discount/CODE). */
  discountPath: string | null;
  offer: string;
  /** False when the email had claimed before: the same code is returned. */
  created: boolean;
  /** The code exists but was sent to the claimed email only (a fraud signal): the page says so. */
  emailedOnly: boolean;
}

function limited(reason: "rate_limited" | "claim_limit_reached", limit: AbuseLimit): StorefrontError {
  const error = new StorefrontError(reason);
  error.limit = limit;
  return error;
}


export function discountPath(code: string): string {
  return `/discount/${encodeURIComponent(code)}?redirect=%2F`;
}

export async function claimFriendOffer(db: Db, input: ClaimInput): Promise<ClaimResult> {
  const now = input.now ?? new Date();
  const program = await loadStorefrontProgram(db, input.shop);
  if (!program || program.status !== "active") throw new StorefrontError("program_unavailable");
  const friendEmail = normalizeEmail(input.email);
  if (!friendEmail || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(friendEmail)) throw new StorefrontError("invalid_email");
  const code = cleanReferralCode(input.referralCode);
  // A merged row's code still works, for the row it was merged into.
  const found = code ? await db.advocate.findUnique({ where: { shopId_code: { shopId: input.shop, code } } }) : null;
  const advocate = found ? await liveAdvocateByCode(db, found) : null;
  if (!advocate || advocate.status !== "active") throw new StorefrontError("unknown_code");
  if (selfReferralMatch(advocate, { customerGid: input.customerId ? customerGid(input.customerId) : null, email: friendEmail })) throw new StorefrontError("self_referral");

  const config = program.config;
  const offer = describeFriendOffer(config, input.locale ?? undefined);
  const instant = config.friendReward.issueMode === "instant";
  const value = instant ? friendDiscountValue(config) : null;

  // A friend is referred once per shop: an earlier claim (by any link) wins and is returned.
  const findClaim = () => db.referral.findFirst({ where: { shopId: input.shop, friendEmail }, orderBy: { createdAt: "asc" } });
  let referral = await findClaim();
  let created = false;
  if (!referral) {
    // Limits that hold whatever IP the requests come from (checked before anything is made).
    if (input.ipHash && (await claimsFromIpInWindow(db, input.shop, input.ipHash, now)) >= LIMITS.claimsPerIpPerHour.limit) throw limited("rate_limited", "claims_per_ip");
    const fromAdvocate = await claimsForAdvocateInWindow(db, input.shop, advocate.id, now);
    if (fromAdvocate >= LIMITS.claimsPerAdvocatePerHour.limit) throw limited("claim_limit_reached", "claims_per_advocate");
    if (instant) {
      if ((await codesMintedInWindow(db, input.shop, now)) >= LIMITS.codesMintedPerShopPerHour.limit) throw limited("claim_limit_reached", "codes_minted_per_shop");
      if ((await unverifiedEmailsInWindow(db, input.shop, now)) >= LIMITS.unverifiedEmailsPerShopPerHour.limit) throw limited("claim_limit_reached", "unverified_emails_per_shop");
    }
    // Signals that withhold the code from the page: the friend reads it in their mailbox.
    const fromIp = input.ipHash ? await claimsFromIpInWindow(db, input.shop, input.ipHash, now) : 0;
    const emailOnly = instant && (fromIp >= EMAIL_ONLY_THRESHOLDS.claimsFromIpPerHour || fromAdvocate >= EMAIL_ONLY_THRESHOLDS.claimsForAdvocatePerHour);
    try {
      // The claim and its outgoing webhook event commit together (instant claims: once the code exists, below).
      referral = await db.$transaction(async (tx) => {
        const row = await tx.referral.create({
          data: {
            shopId: input.shop,
            advocateId: advocate.id,
            programVersionId: program.versionId,
            friendEmail,
            friendCustomerGid: input.customerId ? customerGid(input.customerId) : null,
            friendLocale: input.locale ?? null,
            friendCode: instant ? newFriendDiscountCode() : null,
            claimKey: friendEmail,
            friendCodeEmailOnly: emailOnly,
            ipHash: input.ipHash,
            status: "claimed",
            createdAt: now,
            // Instant claims are "claimed" once the code exists in Shopify (set below).
            claimedAt: instant ? null : now,
          },
        });
        if (row.claimedAt) await recordReferralEvent(tx, input.shop, row.id, [], "claimed");
        return row;
      });
      created = true;
    } catch (error) {
      // A concurrent claim by the same email won (claimKey): its code is the one.
      if (!isUniqueViolation(error)) throw error;
      referral = await findClaim();
      if (!referral) throw error;
    }
  }

  if (!referral.friendCode || !value) {
    return { referralId: referral.id, discountCode: null, discountPath: null, offer, created, emailedOnly: false };
  }
  if (!referral.claimedAt) {
    await ensureFriendDiscountCode(await input.adminClient(), {
      code: referral.friendCode,
      // A logged-in friend's code works for their customer account only (Shopify's context.customers).
      customerIds: referral.friendCustomerGid ? [referral.friendCustomerGid] : undefined,
      advocateCode: advocate.code,
      value,
      config,
      now,
    });
    // The claim and its email are one fact: the friend-code email is queued with the claim.
    const referralId = referral.id;
    await db.$transaction(async (tx) => {
      // The code's end in Shopify (set from the same `now` above): the friend's reminder is due before it.
      const friendCodeExpiresAt = config.friendReward.codeExpiryDays ? new Date(now.getTime() + config.friendReward.codeExpiryDays * 86_400_000) : null;
      await tx.referral.update({ where: { id: referralId }, data: { claimedAt: now, friendCodeExpiresAt } });
      await queueFriendCodeEmail(tx, { shopId: input.shop, referralId });
      await recordReferralEvent(tx, input.shop, referralId, [], "claimed");
    });
  }
  // A claim that tripped a signal never shows its code, on the first answer or any repeat.
  if (referral.friendCodeEmailOnly) return { referralId: referral.id, discountCode: null, discountPath: null, offer, created, emailedOnly: true };
  return { referralId: referral.id, discountCode: referral.friendCode, discountPath: discountPath(referral.friendCode), offer, created, emailedOnly: false };
}

/** Creates the code in Shopify; one that already exists (TAKEN) is ours from an earlier try. */
async function ensureFriendDiscountCode(
  client: AdminGraphql,
  args: { code: string; customerIds?: string[]; advocateCode: string; value: DiscountValue; config: ProgramConfig; now: Date },
): Promise<void> {
  const reward = args.config.friendReward;
  try {
    await createBasicDiscountCode(client, {
      title: `Twofold referral: friend of ${args.advocateCode}`,
      code: args.code,
      customerIds: args.customerIds,
      value: args.value,
      minimumSubtotal: reward.minimumSubtotalMinor ? { minorUnits: reward.minimumSubtotalMinor, currencyCode: args.config.currency } : undefined,
      startsAt: args.now,
      endsAt: reward.codeExpiryDays ? new Date(args.now.getTime() + reward.codeExpiryDays * 86_400_000) : null,
      combinesWith: reward.combinesWith,
      tags: ["twofold", "twofold-friend"],
    });
  } catch (error) {
    if (isDiscountCodeTaken(error)) {
      if (await findDiscountCodeByCode(client, args.code)) return;
    }
    if (error instanceof StorefrontError) throw error;
    console.error(`[twofold] friend code ${args.code} not created:`, (error as Error).message);
    throw new StorefrontError("shopify_unavailable");
  }
}
