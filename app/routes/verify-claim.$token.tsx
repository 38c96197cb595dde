// GET/POST /verify-claim/:token: the "confirm your email" link in a friend's claim email. A public
// app route like /unsubscribe/:token (mailbox link scanners prefetch GET, so GET only shows a
// button; POST records the verification). The signed token is the authentication.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { env } from "../env.server";
import { verifyClaimVerificationToken } from "../notifications/claim-verification-token";
import { verifyClaimEmail } from "../storefront/claim-verification.server";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,-apple-system,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}button{font:inherit;padding:.6rem 1.2rem;border-radius:.5rem;border:0;background:#1a1a1a;color:#fff;cursor:pointer}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex" } });
}

const broken = () => page(400, "This link does not work", "<p>The link is incomplete or was changed. Use the link from the email exactly as it came.</p>");

export const loader = async ({ params }: LoaderFunctionArgs) => {
  if (!verifyClaimVerificationToken(env().SHOPIFY_API_SECRET, params.token ?? "")) return broken();
  return page(200, "Confirm your email address", `<p>Confirm that you asked for this gift, so the friend who invited you can be thanked.</p><form method="post"><button type="submit">Confirm</button></form>`);
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return page(405, "Not allowed", "<p>Use the link in the email.</p>");
  const subject = verifyClaimVerificationToken(env().SHOPIFY_API_SECRET, params.token ?? "");
  if (!subject) return broken();
  if (!(await verifyClaimEmail(prisma, subject))) return page(410, "Nothing to confirm", "<p>This gift no longer exists.</p>");
  return page(200, "Thank you", "<p>Your email address is confirmed.</p>");
};
