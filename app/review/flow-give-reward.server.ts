// The Flow action "Give referral reward": a staff automation gives an advocate a goodwill
// reward through the same path staff use on the advocate's page (goodwill-reward.server.ts:
// one ledger row, the exactly-once issuer, an audit entry). The Flow run's action_run_id is the
// form key, so Flow's retries of one run (it resends on timeouts and 5xx) give one reward.
import type { Db } from "../db.server";
import type { GiveRewardAction } from "../flow/flow-action-request.server";
import { customerGid } from "../lib/json-ids";
import { shopCurrency } from "../program/program.server";
import { decimalToMinorUnits } from "../lib/money";
import { GoodwillError, giveGoodwillReward } from "./goodwill-reward.server";

/** The audit actor of everything a Flow workflow does. */
export const FLOW_ACTOR = "Shopify Flow";

export async function giveRewardFromFlow(db: Db, action: GiveRewardAction): Promise<{ rewardId: string; changed: boolean }> {
  const shop = await db.shop.findUnique({ where: { id: action.shop }, select: { uninstalledAt: true } });
  if (!shop || shop.uninstalledAt) throw new GoodwillError("Twofold is not installed on this shop.", 404);
  const gid = customerGid(action.customerId);
  const advocate = await db.advocate.findFirst({ where: { shopId: action.shop, customerGid: gid } });
  if (!advocate) throw new GoodwillError(`Customer ${action.customerId} is not a Twofold advocate yet: they need a referral link first.`, 404);
  const currency = await shopCurrency(db, action.shop);
  if (!currency) throw new GoodwillError("Twofold has not read your store's currency yet. Try again in a minute.", 409);
  let amountMinor: bigint;
  try {
    amountMinor = decimalToMinorUnits(action.amount, currency);
  } catch {
    throw new GoodwillError(`The amount ${action.amount} has more decimals than ${currency} allows.`, 422);
  }
  return giveGoodwillReward(
    db,
    action.shop,
    { advocateId: advocate.id, kind: action.rewardType, amountMinor, formKey: `flow:${action.actionRunId}` },
    { actor: FLOW_ACTOR, reason: `${action.reason} (Flow run ${action.actionRunId})` },
  );
}
