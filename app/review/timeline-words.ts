// A referral's timeline in the merchant's words: each reward step and audit entry as one
// sentence, with amounts as every admin page writes them ("$12.50"), days as "Dec 21, 2026", staff as "staff member 77" and
// the pipeline's reason codes as what they mean. The ledger's reasons are written by the code
// that moves a reward (rewards/, review/); each shape is read here, and a reason not known yet
// still reads as words (dates, ids and codes taken out) rather than as it was stored.
import { actorName } from "../lib/actor-words";
import { dayText } from "../lib/date-text";
import { formatMoney } from "../program/program-text";
import { explainRewardFailure } from "../rewards/reward-failure";

/** Why the pipeline held or rejected a referral (Referral.rejectionReason, the audit's reason). */
const REASON_WORDS: Record<string, string> = {
  fraud_review: "its fraud score reached your threshold",
  fraud: "its fraud score was too high",
  program_inactive: "the program was paused",
  advocate_blocked: "the advocate is blocked",
  self_referral: "the buyer is the advocate",
  not_first_order: "the friend had ordered before",
  below_minimum: "the order was below the program's minimum",
  currency_mismatch: "the order was in another currency than the program",
  no_order_amount: "the order had no amount",
  monthly_limit: "the advocate reached the program's monthly limit",
  monthly_budget: "the program's monthly budget was reached",
  staff_reconsidered: "staff put it back into review",
  staff_rejected: "staff rejected it in review",
  not_attributed: "not credited to this referral",
};

/** A reason code in words ("fraud_review" → "its fraud score reached your threshold"). */
export function reasonWords(code: string | null | undefined): string | null {
  if (!code) return null;
  return REASON_WORDS[code] ?? code.replace(/_/g, " ");
}

const KIND_WORDS: Record<string, string> = {
  store_credit: "store credit",
  discount_code: "discount code",
  milestone_credit: "milestone store credit",
  milestone_code: "milestone discount code",
  goodwill_credit: "goodwill store credit",
  goodwill_code: "goodwill discount code",
};

/** "Advocate's store credit", "Friend's discount code". */
export function rewardLabel(reward: { recipient: string; kind: string }): string {
  const whose = reward.recipient === "advocate" ? "Advocate's" : reward.recipient === "friend" ? "Friend's" : `${capitalize(reward.recipient)}'s`;
  return `${whose} ${KIND_WORDS[reward.kind] ?? reward.kind.replace(/_/g, " ")}`;
}

const STATUS_WORDS: Record<string, string> = {
  pending: "ready to send",
  held: "on hold",
  issuing: "being sent to Shopify",
  issued: "sent",
  cancelled: "cancelled",
  reversed: "taken back",
  failed: "not sent: Shopify refused it",
};

/** A reward's status in words ("held" → "on hold"). */
export function rewardStatusWords(status: string): string {
  return STATUS_WORDS[status] ?? status.replace(/_/g, " ");
}

const REFUND_HOLD = (iso: string) => `on hold until ${dayText(iso)}, when the refund period ends`;

interface StepContext {
  label: string;
  currency: string;
  /** Who moved it, in words; null for Twofold itself. */
  who: string | null;
  to: string;
}

type StepRule = [RegExp, (m: RegExpExecArray, c: StepContext) => string];

const money = (minor: string, currency: string) => formatMoney(BigInt(minor), currency);
const by = (c: StepContext) => c.who ?? "staff";

// Each shape of reason the ledger's callers write, first match wins.
const STEP_RULES: StepRule[] = [
  [/^referral qualified; held for staff review \((\w+)\)$/, (m, c) => `${c.label} planned: the referral qualified and waits for staff review (${reasonWords(m[1])})`],
  [/^referral qualified \(program v(\d+)\)$/, (m, c) => `${c.label} planned: the referral qualified under program version ${m[1]}`],
  [/^held for staff review$/, (_m, c) => `${c.label} held until staff review it`],
  [/^hold period until (\S+)$/, (m, c) => `${c.label} ${REFUND_HOLD(m[1])}`],
  [/^hold period over$/, (_m, c) => `${c.label} released: the refund period is over`],
  [/^approved in review: .*; refund hold until (\S+)$/s, (m, c) => `${c.label} approved in review; ${REFUND_HOLD(m[1])}`],
  [/^approved in review: /, (_m, c) => `${c.label} approved in review: ${c.to === "pending" ? "ready to send" : rewardStatusWords(c.to)}`],
  [/^rejected in review: /, (_m, c) => `${c.label} cancelled: the referral was rejected in review`],
  [/^reconsidered by staff: /, (_m, c) => `${c.label} held again: the referral was put back into review`],
  [/^sending to Shopify$/, (_m, c) => `${c.label} being sent to Shopify`],
  [/^resuming an attempt whose outcome was unknown$/, (_m, c) => `${c.label} being sent again: an earlier attempt's outcome was unknown`],
  [/^store credit found on the account after an unknown outcome/, (_m, c) => `${c.label} sent: found on the customer's store credit after an attempt whose outcome was unknown`],
  [/^store credit \S+$/, (_m, c) => `${c.label} sent: added to the customer's store credit in Shopify`],
  [/^discount code (\S+) created$/, (m, c) => `${c.label} sent: discount code ${m[1]} created in Shopify`],
  [/^friend claimed the offer \(instant code\)$/, (_m, c) => `${c.label} planned: the friend claimed the offer`],
  [/^milestone: (\d+) successful referrals$/, (m, c) => `${c.label} planned: ${m[1]} successful referrals reached`],
  [/^nothing to send: the whole reward went to what the advocate owed$/, (_m, c) => `${c.label}: nothing to send, all of it paid off what the advocate owed`],
  [/^(\d+) owed deducted; nothing left to pay$/, (m, c) => `${c.label} settled: ${money(m[1], c.currency)} went to what the advocate owed, nothing left to pay`],
  [/^(\d+) owed from earlier reversals deducted; (\d+) left to pay$/, (m, c) => `${c.label}: ${money(m[1], c.currency)} the advocate owed from earlier refunds deducted, ${money(m[2], c.currency)} left to pay`],
  [/^owed: (\d+) recovered from reward \S+$/, (m, c) => `${c.label}: ${money(m[1], c.currency)} the advocate owed was taken from a later reward`],
  [/^owed: (\d+) forgiven by staff: (.*)$/s, (m, c) => `${c.label}: ${money(m[1], c.currency)} the advocate owed forgiven by ${by(c)}: ${m[2]}`],
  [/^order cancelled( before issuance)?$/, (_m, c) => `${c.label} cancelled: the order was cancelled`],
  [/^order refunded( in full| before issuance)$/, (_m, c) => `${c.label} cancelled: the order was refunded`],
  [/^reduced by refund: (\d+) → (\d+)$/, (m, c) => `${c.label} reduced from ${money(m[1], c.currency)} to ${money(m[2], c.currency)} after a refund`],
  [/^amount adjusted in review: (\d+) → (\d+) \((.*)\)$/s, (m, c) => `${c.label} changed from ${money(m[1], c.currency)} to ${money(m[2], c.currency)} in review by ${by(c)}: ${m[3]}`],
  [/^replaced by a discount code by staff: (.*)$/s, (m, c) => `${c.label} replaced by a discount code by ${by(c)}: ${m[1]}`],
  [/^replaces failed store credit \S+ \(\w+\), by .*$/s, (_m, c) => `${c.label} planned in place of the store credit Shopify refused`],
  [/^moved from advocate (\S+) to (\S+) by staff: (.*)$/s, (m, c) => `${c.label} moved from advocate ${m[1]} to ${m[2]} by ${by(c)}: ${m[3]}`],
  [/^merged by staff into (\S+): (.*)$/s, (m, c) => `${c.label} now belongs to advocate ${m[1]}, merged by ${by(c)}: ${m[2]}`],
  [/^refund: the unused code (\S+) was deactivated(?:; (\d+) deducted from it for earlier debts owed again)?$/, (m, c) => `${c.label} taken back after a refund: the unused code ${m[1]} was turned off${m[2] ? `; ${money(m[2], c.currency)} deducted from it for earlier debts is owed again` : ""}`],
  [/^refund after the code was used: (\d+) owed/, (m, c) => `${c.label}: the order was refunded after the code was used; the advocate owes ${money(m[1], c.currency)} (a used code cannot be taken back)`],
  [/^refund after issuance: the advocate already spent the credit; (\d+) owed$/, (m, c) => `${c.label}: the order was refunded after the advocate spent the credit; they owe ${money(m[1], c.currency)}`],
  [/^debited (\d+) of store credit \([^)]*\), found after an unknown outcome$/, (m, c) => `${c.label}: ${money(m[1], c.currency)} of store credit taken back after a refund (found after an attempt whose outcome was unknown)`],
  [/^debited (\d+) of store credit \([^)]*\)(?:; (\d+) owed)?$/, (m, c) => `${c.label}: ${money(m[1], c.currency)} of store credit taken back after a refund${m[2] ? `; the advocate owes ${money(m[2], c.currency)}` : ""}`],
];

/** One step of a reward's history (a RewardTransition row) as a sentence. */
export function rewardStepText(reward: { recipient: string; kind: string; currency: string }, step: { fromStatus: string | null; toStatus: string; reason: string | null; actor: string }): string {
  const c: StepContext = { label: rewardLabel(reward), currency: reward.currency, who: actorName(step.actor), to: step.toStatus };
  const reason = (step.reason ?? "").trim();
  if (step.toStatus === "failed") return `${c.label} not sent: ${explainRewardFailure(reason).words}`;
  for (const [pattern, words] of STEP_RULES) {
    const m = pattern.exec(reason);
    if (m) return words(m, c);
  }
  const what = step.fromStatus === null ? "planned" : rewardStatusWords(step.toStatus);
  return `${c.label} ${what}${reason ? `: ${plainWords(reason)}` : ""}`;
}

/** An audit entry about the referral or one of its rewards, as a sentence. */
export function auditEntryText(entry: { action: string; actor: string; data: unknown }, currencyOf: (rewardId: string) => string | null, subjectId: string): string {
  const data = (entry.data ?? {}) as { reason?: string; detail?: string; from?: string; to?: string; bulk?: number; orderName?: string };
  const who = actorName(entry.actor);
  const byWho = who ? ` by ${who}` : "";
  const because = data.reason ? `: ${data.reason}` : "";
  switch (entry.action) {
    case "review.approved":
      return `Approved in review${byWho}${because}${data.bulk ? ` (decided with ${data.bulk - 1} other ${data.bulk === 2 ? "referral" : "referrals"})` : ""}`;
    case "review.rejected":
      return `Rejected in review${byWho}${because}${data.bulk ? ` (decided with ${data.bulk - 1} other ${data.bulk === 2 ? "referral" : "referrals"})` : ""}`;
    case "review.reconsidered":
      return `Put back into review${byWho}${because}`;
    case "review.reward_adjusted": {
      const currency = currencyOf(subjectId);
      const amounts = currency && data.from != null && data.to != null ? ` from ${money(String(data.from), currency)} to ${money(String(data.to), currency)}` : "";
      return `Held reward changed${amounts}${byWho}${because}`;
    }
    case "referral.rejected":
      return `Not rewarded: ${data.detail ? plainWords(data.detail) : (reasonWords(data.reason) ?? "the program's checks refused it")}`;
    case "referral.unverified_email_match":
      return data.detail ? plainWords(data.detail) : "An order was placed with the claimed email but not credited to this referral";
    case "referral.attributed_by_hand":
      return `Order ${data.orderName ? `${data.orderName} ` : ""}attributed to this advocate by hand${byWho}${because}`;
    case "reward.issued_as_code":
      return `Store credit Shopify refused replaced by a discount code${byWho}${because}`;
    default: {
      const what = capitalize((entry.action.split(".").pop() ?? entry.action).replace(/_/g, " "));
      return `${what}${byWho}${because}`;
    }
  }
}

/**
 * Stored text made readable: ISO dates as days, Shopify ids and gids taken out, snake_case
 * codes in parentheses as words.
 */
export function plainWords(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, (iso) => dayText(iso))
    .replace(/\s*\(gid:\/\/shopify\/[^)]*\)/g, "")
    .replace(/gid:\/\/shopify\/(\w+)\/\d+/g, (_m, type: string) => `the ${type.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()}`)
    .replace(/\(([a-z]+(?:_[a-z]+)+)\)/g, (_m, code: string) => `(${reasonWords(code)})`);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
