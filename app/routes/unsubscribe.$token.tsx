// GET/POST /unsubscribe/:token: the unsubscribe link in every shopper email (List-Unsubscribe).
// A public app route, not an app-proxy one, and not behind admin auth: the one-click POST comes
// from the mailbox provider's servers, not the shopper's browser on the storefront, and must work
// whatever the shop's proxy path or storefront password. The signed token is the authentication
// (docs/decisions/0009-unsubscribe-links.md). GET only shows a confirmation page with a button,
// so link scanners that prefetch it unsubscribe no one; POST records the opt-out.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { env } from "../env.server";
import { escapeHtml, plainPage, postOnly } from "../lib/plain-page";
import { lookUpUnsubscribeLink, unsubscribeWithLink, type UnsubscribeLookup } from "../notifications/unsubscribe.server";

function refusal(result: Extract<UnsubscribeLookup, { ok: false }>): Response {
  if (result.reason === "shop_gone") return plainPage(410, "Nothing to unsubscribe from", "<p>This shop no longer sends referral emails.</p>");
  return plainPage(400, "This unsubscribe link does not work", "<p>The link is incomplete or was changed. Use the unsubscribe link from the latest email exactly as it came, or reply to the shop and ask them to stop.</p>");
}

export const loader = async ({ params }: LoaderFunctionArgs) => {
  const result = await lookUpUnsubscribeLink(prisma, env().SHOPIFY_API_SECRET, params.token ?? "");
  if (!result.ok) return refusal(result);
  const who = `${escapeHtml(result.maskedEmail)}`;
  if (result.alreadyOptedOut) return plainPage(200, "You are unsubscribed", `<p>${who} gets no more referral emails from ${escapeHtml(result.shopName)}.</p>`);
  return plainPage(
    200,
    `Unsubscribe from ${result.shopName}'s referral emails?`,
    `<p>${who} will no longer get referral emails (discount codes, reminders, rewards) from ${escapeHtml(result.shopName)}.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
  );
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return postOnly();
  const result = await unsubscribeWithLink(prisma, env().SHOPIFY_API_SECRET, params.token ?? "");
  if (!result.ok) return refusal(result);
  return plainPage(200, "You are unsubscribed", `<p>${escapeHtml(result.maskedEmail)} gets no more referral emails from ${escapeHtml(result.shopName)}.</p>`);
};
