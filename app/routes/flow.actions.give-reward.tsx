// POST /flow/actions/give-reward: the runtime URL of the Flow action "Give referral reward"
// (extensions/twofold-flow-give-reward). Signed by Shopify with the app secret
// (X-Shopify-Hmac-SHA256 over the raw body): anything else gets 401 and changes nothing. A body
// without Flow's envelope or the action's properties gets 400; Twofold's refusals (not an
// advocate, amount too large) their 4xx with a message Flow shows in the workflow's run log.
// 200 once the reward is recorded (issued by its job), also for a retry of the same run.
import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { env } from "../env.server";
import { parseGiveRewardAction, verifyFlowSignature } from "../flow/flow-action-request.server";
import { actionError, answerRefusal } from "../lib/action-error";
import { PROXY_BODY_LIMIT, withBoundedBody } from "../lib/read-body.server";
import { giveRewardFromFlow } from "../review/flow-give-reward.server";

export async function loader() {
  return new Response(null, { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response(null, { status: 405, headers: { Allow: "POST" } });
  const { text } = await withBoundedBody(request, PROXY_BODY_LIMIT);
  if (!verifyFlowSignature(text, request.headers.get("x-shopify-hmac-sha256"), env().SHOPIFY_API_SECRET)) {
    return actionError(401, "The request is not signed by Shopify for this app.");
  }
  const parsed = parseGiveRewardAction(text);
  if (!parsed.ok) return actionError(400, parsed.error);
  return answerRefusal(async () => {
    const { rewardId, changed } = await giveRewardFromFlow(prisma, parsed.action);
    return Response.json({ rewardId, changed });
  });
}
