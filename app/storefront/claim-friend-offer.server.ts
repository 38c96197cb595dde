// A friend claims the offer behind an advocate's code with their email. In instant mode they
// get a single-use discount code: a friend reward in the ledger, made in Shopify by a job
// (rewards/claim-code.job.server.ts) exactly as an after-order friend code is. The claim is
// stored with its code (Referral.claimKey = the normalised email, unique per shop), so a repeat,
// a retry or a race always yields the same code. The request waits a moment for the job; when
// the code is not made yet the answer is "pending" and the shopper asks again (claimStatus). A
// logged-in friend's code is bound to their customer in Shopify. A claim that trips a fraud
// signal gets its code by email only.
import { isUniqueViolation, withSqliteBusyRetry, type Db } from "../db.server";
import { describeFriendOffer } from "../program/program.server";
import { readProgramConfig } from "../program/program-config";
import { recordReferralEvent } from "../integrations/record-event.server";
import { findClaimCode, settleClaimCode, waitForClaimCode, type ClaimCode } from "../rewards/claim-code.server";
import { startClaimCode } from "../rewards/claim-code.job.server";
import { cleanReferralCode } from "./codes";
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
  now?: Date;
  /** The friend's storefront language: the offer is said in it, and their emails use it. */
  locale?: string | null;
  /** How long the request waits for the job that makes the code before answering "pending". */
  waitMs: number;
}

export interface ClaimResult {
  referralId: string;
  /** The friend's code, or null in after-first-order mode (issued after the first order) and while pending. */
  discountCode: string | null;
  /** Visiting this storefront path applies the code to the cart (Shopify's /discount/CODE). */
  discountPath: string | null;
  offer: string;
  /** False when the email had claimed before: the same code is returned. */
  created: boolean;
  /** The code exists but was sent to the claimed email only (a fraud signal): the page says so. */
  emailedOnly: boolean;
  /** The code is still being made: no code yet, ask again (claimStatus). */
  pending: boolean;
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
      // The claim, its friend reward with the code, and the job that makes the code commit
      // together (instant claims' outgoing webhook event: once the code exists, settleClaimCode).
      referral = await withSqliteBusyRetry(db, () =>
        db.$transaction(async (tx) => {
          const row = await tx.referral.create({
            data: {
              shopId: input.shop,
              advocateId: advocate.id,
              programVersionId: program.versionId,
              friendEmail,
              friendCustomerGid: input.customerId ? customerGid(input.customerId) : null,
              friendLocale: input.locale ?? null,
              claimKey: friendEmail,
              friendCodeEmailOnly: emailOnly,
              ipHash: input.ipHash,
              status: "claimed",
              createdAt: now,
              // Instant claims are "claimed" once the code exists in Shopify (settleClaimCode).
              claimedAt: instant ? null : now,
            },
          });
          if (!instant) {
            await recordReferralEvent(tx, input.shop, row.id, [], "claimed");
            return row;
          }
          const claim = await startClaimCode(tx, row, config);
          return { ...row, friendCode: claim.code };
        }),
      );
      created = true;
    } catch (error) {
      // A concurrent claim by the same email won (claimKey): its code is the one.
      if (!isUniqueViolation(error)) throw error;
      referral = await findClaim();
      if (!referral) throw error;
    }
  }
  if (!referral.friendCode || !instant) {
    return { referralId: referral.id, discountCode: null, discountPath: null, offer, created, emailedOnly: false, pending: false };
  }
  return instantAnswer(db, referral, { offer, created, waitMs: input.waitMs });
}

type ClaimedReferral = { id: string; shopId: string; programVersionId: string; friendCode: string | null; friendCustomerGid: string | null; claimedAt: Date | null; friendCodeEmailOnly: boolean };

/**
 * The answer about an instant claim's code: ready (issued; waited for up to `waitMs`), pending,
 * or refused when Shopify would not make it.
 */
async function instantAnswer(db: Db, referral: ClaimedReferral, args: { offer: string; created: boolean; waitMs: number }): Promise<ClaimResult> {
  const base = { referralId: referral.id, offer: args.offer, created: args.created };
  let claim: ClaimCode | null = await findClaimCode(db, referral.shopId, referral.id);
  if (!claim) {
    // Claimed before codes were rewards: its code exists in Shopify (claimedAt) and is kept.
    if (referral.claimedAt) return ready(base, referral, referral.friendCode!);
    claim = await startLegacyClaim(db, referral);
  }
  claim = await waitForClaimCode(db, claim, args.waitMs);
  if (claim.status === "issued") {
    // The job makes the referral claimed right after; the first of the two to get there does.
    await settleClaimCode(db, claim.rewardId);
    return ready(base, referral, claim.code);
  }
  if (claim.status === "pending" || claim.status === "issuing") return { ...base, discountCode: null, discountPath: null, emailedOnly: false, pending: true };
  // Failed (Shopify refused it, or the code is someone else's): staff see it among failed rewards.
  console.error(`[twofold] friend code ${claim.code} of referral ${referral.id} is ${claim.status}`);
  throw new StorefrontError("shopify_unavailable");
}

function ready(base: { referralId: string; offer: string; created: boolean }, referral: ClaimedReferral, code: string): ClaimResult {
  // A claim that tripped a signal never shows its code, on the first answer or any repeat.
  if (referral.friendCodeEmailOnly) return { ...base, discountCode: null, discountPath: null, emailedOnly: true, pending: false };
  return { ...base, discountCode: code, discountPath: discountPath(code), emailedOnly: false, pending: false };
}

/** A claim from before codes were rewards whose code was never made: its reward, under the program it was claimed in. */
async function startLegacyClaim(db: Db, referral: ClaimedReferral): Promise<ClaimCode> {
  const version = await db.programVersion.findUniqueOrThrow({ where: { id: referral.programVersionId } });
  const config = readProgramConfig(version.config);
  try {
    return await withSqliteBusyRetry(db, () => db.$transaction((tx) => startClaimCode(tx, referral, config)));
  } catch (error) {
    // The same claim repeated at once: the other request made the reward.
    if (!isUniqueViolation(error)) throw error;
    const claim = await findClaimCode(db, referral.shopId, referral.id);
    if (!claim) throw error;
    return claim;
  }
}

/**
 * A claim asked about again (the pending answer's link): the same answer as a repeated claim,
 * in the claim's own offer, without counting as a claim. Null when there is no such claim.
 */
export async function claimStatus(db: Db, args: { shop: string; referralId: string; locale?: string | null; waitMs: number }): Promise<ClaimResult | null> {
  const referral = await db.referral.findFirst({ where: { id: args.referralId, shopId: args.shop }, include: { programVersion: true } });
  if (!referral || !referral.friendCode) return null;
  const offer = describeFriendOffer(readProgramConfig(referral.programVersion.config), args.locale ?? undefined);
  return instantAnswer(db, referral, { offer, created: false, waitMs: args.waitMs });
}
