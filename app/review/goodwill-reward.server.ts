// A goodwill reward: staff give an advocate store credit or a code outside any referral ("please
// make it right"), with a reason. It is a ledger reward of its own kind (goodwill_credit /
// goodwill_code, no referral, the advocate named on it) issued by the same exactly-once issuer,
// and counted in reward cost like any advocate reward. The form carries a key made when the page
// was shown: the reward's idempotency key is built from it, so a replayed submission meets the
// first one's row and changes nothing.
import { withSqliteBusyRetry, isUniqueViolation, type Db } from "../db.server";
import { goodwillIdempotencyKey } from "../program/reward-kinds";
import { shopCurrency } from "../program/program.server";
import { enqueueIssue } from "../rewards/issue-reward.job.server";
import { createReward } from "../rewards/reward-ledger.server";
import type { ReviewActor } from "./review-referral.server";
import { Refusal } from "../lib/refusal";
import { recordAudit } from "../lib/audit-log.server";

export class GoodwillError extends Refusal {}

/** What staff read for an amount of zero or less (the program editor says it of its rewards alike). */
export const GOODWILL_ABOVE_ZERO = "The goodwill reward must be more than zero.";

/** Staff may give at most this much at once (minor units of the shop's currency): a typo guard. */
export const MAX_GOODWILL_MINOR = 100_000n;

export async function giveGoodwillReward(
  db: Db,
  shop: string,
  args: { advocateId: string; kind: "store_credit" | "discount_code"; amountMinor: bigint; formKey: string },
  by: ReviewActor,
): Promise<{ rewardId: string; changed: boolean }> {
  // Another shop's advocate is not found under this shop.
  const advocate = await db.advocate.findFirst({ where: { id: args.advocateId, shopId: shop } });
  if (!advocate) throw new GoodwillError("Advocate not found", 404);
  const idempotencyKey = goodwillIdempotencyKey(shop, advocate.id, args.formKey);
  const earlier = await db.reward.findUnique({ where: { idempotencyKey }, select: { id: true } });
  if (earlier) return { rewardId: earlier.id, changed: false };
  if (advocate.status !== "active") throw new GoodwillError(`This advocate is ${advocate.status}.`, 409);
  if (!advocate.customerGid) throw new GoodwillError("This advocate has no Shopify customer yet (a guest): a goodwill reward needs one to be bound to.", 409);
  if (args.amountMinor <= 0n) throw new GoodwillError(GOODWILL_ABOVE_ZERO, 422);
  if (args.amountMinor > MAX_GOODWILL_MINOR) throw new GoodwillError("That is more than a goodwill reward allows at once.", 422);
  const [currency, shopRow] = await Promise.all([shopCurrency(db, shop), db.shop.findUnique({ where: { id: shop }, select: { customerAccountsVersion: true } })]);
  if (!currency) throw new GoodwillError("Twofold has not read your store's currency yet. Reload the page and try again.", 409);
  if (args.kind === "store_credit" && shopRow?.customerAccountsVersion === "CLASSIC") {
    throw new GoodwillError("Your store uses classic customer accounts, where store credit cannot be spent: give a code instead.", 409);
  }
  try {
    const rewardId = await withSqliteBusyRetry(db, () =>
      db.$transaction(async (tx) => {
        const id = await createReward(tx, {
          shopId: shop,
          referralId: null,
          advocateId: advocate.id,
          recipient: "advocate",
          kind: args.kind === "store_credit" ? "goodwill_credit" : "goodwill_code",
          amountMinor: args.amountMinor,
          currency,
          customerGid: advocate.customerGid,
          held: false,
          holdUntil: null,
          reason: `goodwill by staff: ${by.reason}`,
          idempotencyKey,
        });
        if (!id) return null;
        const details = { reason: by.reason, rewardId: id, kind: args.kind, amountMinor: args.amountMinor, currency };
        await recordAudit(tx, { shop, actor: by.actor, action: "advocate.goodwill_reward", subject: "Advocate", subjectId: advocate.id, data: details });
        // Queued in the same transaction: a goodwill reward is never left pending without its job.
        await enqueueIssue(tx, shop, id, "goodwill");
        return id;
      }),
    );
    if (rewardId) return { rewardId, changed: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  // A simultaneous replay of the same form got there first.
  const winner = await db.reward.findUniqueOrThrow({ where: { idempotencyKey }, select: { id: true } });
  return { rewardId: winner.id, changed: false };
}
