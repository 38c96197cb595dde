// GET/POST /unsubscribe/:token: the unsubscribe link in every shopper email (List-Unsubscribe).
// A public app route, not an app-proxy one, and not behind admin auth: the one-click POST comes
// from the mailbox provider's servers, not the shopper's browser on the storefront, and must work
// whatever the shop's proxy path or storefront password. The signed token is the authentication
// (docs/decisions/0009-unsubscribe-links.md). GET only shows a confirmation page with a button,
// so link scanners that prefetch it unsubscribe no one; POST records the opt-out.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { env } from "../env.server";
import { lookUpUnsubscribeLink, unsubscribeWithLink, type UnsubscribeLookup } from "../notifications/unsubscribe.server";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,-apple-system,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}button{font:inherit;padding:.6rem 1.2rem;border-radius:.5rem;border:0;background:#1a1a1a;color:#fff;cursor:pointer}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex" } });
}

function refusal(result: Extract<UnsubscribeLookup, { ok: false }>): Response {
  if (result.reason === "shop_gone") return page(410, "Nothing to unsubscribe from", "<p>This shop no longer sends referral emails.</p>");
  return page(400, "This unsubscribe link does not work", "<p>The link is incomplete or was changed. Use the unsubscribe link from the latest email exactly as it came, or reply to the shop and ask them to stop.</p>");
}

export const loader = async ({ params }: LoaderFunctionArgs) => {
  const result = await lookUpUnsubscribeLink(prisma, env().SHOPIFY_API_SECRET, params.token ?? "");
  if (!result.ok) return refusal(result);
  const who = `${escapeHtml(result.maskedEmail)}`;
  if (result.alreadyOptedOut) return page(200, "You are unsubscribed", `<p>${who} gets no more referral emails from ${escapeHtml(result.shopName)}.</p>`);
  return page(
    200,
    `Unsubscribe from ${result.shopName}'s referral emails?`,
    `<p>${who} will no longer get referral emails (discount codes, reminders, rewards) from ${escapeHtml(result.shopName)}.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
  );
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return page(405, "Not allowed", "<p>Use the link in the email.</p>");
  const result = await unsubscribeWithLink(prisma, env().SHOPIFY_API_SECRET, params.token ?? "");
  if (!result.ok) return refusal(result);
  return page(200, "You are unsubscribed", `<p>${escapeHtml(result.maskedEmail)} gets no more referral emails from ${escapeHtml(result.shopName)}.</p>`);
};
