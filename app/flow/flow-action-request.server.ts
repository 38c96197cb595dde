// A Shopify Flow action request (extensions/twofold-flow-give-reward): Flow POSTs JSON to the
// action's runtime URL, signed like a webhook: X-Shopify-Hmac-SHA256 is the base64 HMAC-SHA256
// of the raw body with the app's secret. The signature is checked before anything is parsed,
// with a timing-safe compare; then the body must have Flow's envelope (shopify_domain,
// action_run_id, handle, properties) and the action's declared properties.
import crypto from "node:crypto";
import { z } from "zod";
import { parseJsonKeepingBigIds } from "../lib/json-ids";

export const GIVE_REWARD_HANDLE = "give-referral-reward";

/** True when `hmacHeader` is the base64 HMAC-SHA256 of `rawBody` under `secret`. */
export function verifyFlowSignature(rawBody: string, hmacHeader: string | null, secret: string): boolean {
  if (!hmacHeader || !secret) return false;
  const expected = crypto.createHmac("sha256", secret).update(rawBody, "utf8").digest();
  const given = Buffer.from(hmacHeader.trim(), "base64");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

const amount = z.union([z.number(), z.string().trim()]).transform((v) => String(v));

const giveRewardSchema = z.object({
  shopify_domain: z.string({ required_error: "shopify_domain is missing" }).regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i, "shopify_domain is not a myshopify.com domain"),
  action_run_id: z.string({ required_error: "action_run_id is missing" }).trim().min(1, "action_run_id is empty").max(200, "action_run_id is too long"),
  handle: z.string().optional(),
  properties: z.object(
    {
      customer_id: z
        .union([z.number(), z.string()])
        .transform(String)
        .refine((v) => /^[1-9]\d*$/.test(v), "properties.customer_id must be a customer's numeric id"),
      amount: amount.refine((v) => /^\d+(\.\d+)?$/.test(v), "properties.amount must be a positive decimal amount such as 10.00"),
      reward_type: z
        .union([z.literal("store_credit"), z.literal("discount_code"), z.literal(""), z.null()], { errorMap: () => ({ message: "properties.reward_type must be store_credit or discount_code" }) })
        .optional()
        .transform((v) => v || "store_credit"),
      reason: z.string({ required_error: "properties.reason is missing", invalid_type_error: "properties.reason must be text" }).trim().min(1, "properties.reason is empty").max(500, "properties.reason is longer than 500 characters"),
    },
    { required_error: "properties are missing", invalid_type_error: "properties must be an object" },
  ),
});

export interface GiveRewardAction {
  shop: string;
  actionRunId: string;
  customerId: string;
  /** The decimal amount as Flow sent it, in the shop's currency. */
  amount: string;
  rewardType: "store_credit" | "discount_code";
  reason: string;
}

export type ParsedFlowAction = { ok: true; action: GiveRewardAction } | { ok: false; error: string };

/** Reads a verified body; the error says what is wrong in words a merchant can act on. */
export function parseGiveRewardAction(rawBody: string): ParsedFlowAction {
  let json: unknown;
  try {
    json = parseJsonKeepingBigIds(rawBody);
  } catch {
    return { ok: false, error: "The body is not JSON." };
  }
  const parsed = giveRewardSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "body";
    const message = issue?.message ?? "invalid";
    // The schema's own messages name their field; zod's defaults ("Required") get the path.
    return { ok: false, error: message.startsWith(where.split(".")[0]) ? message : `${where}: ${message}` };
  }
  const body = parsed.data;
  if (body.handle !== undefined && body.handle !== GIVE_REWARD_HANDLE) return { ok: false, error: `This URL runs the action "${GIVE_REWARD_HANDLE}", not "${body.handle}".` };
  return {
    ok: true,
    action: {
      shop: body.shopify_domain.toLowerCase(),
      actionRunId: body.action_run_id,
      customerId: body.properties.customer_id,
      amount: body.properties.amount,
      rewardType: body.properties.reward_type,
      reason: body.properties.reason,
    },
  };
}
