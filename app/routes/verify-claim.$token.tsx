// GET/POST /verify-claim/:token: the "confirm your email" link in a friend's claim email. A public
// app route like /unsubscribe/:token (mailbox link scanners prefetch GET, so GET only shows a
// button; POST records the verification). The signed token is the authentication.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { env } from "../env.server";
import { plainPage, postOnly } from "../lib/plain-page";
import { verifyClaimVerificationToken } from "../notifications/claim-verification-token";
import { verifyClaimEmail } from "../storefront/claim-verification.server";

const broken = () => plainPage(400, "This link does not work", "<p>The link is incomplete or was changed. Use the link from the email exactly as it came.</p>");

export const loader = async ({ params }: LoaderFunctionArgs) => {
  if (!verifyClaimVerificationToken(env().SHOPIFY_API_SECRET, params.token ?? "")) return broken();
  return plainPage(200, "Confirm your email address", `<p>Confirm that you asked for this gift, so the friend who invited you can be thanked.</p><form method="post"><button type="submit">Confirm</button></form>`);
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return postOnly();
  const subject = verifyClaimVerificationToken(env().SHOPIFY_API_SECRET, params.token ?? "");
  if (!subject) return broken();
  if (!(await verifyClaimEmail(prisma, subject))) return plainPage(410, "Nothing to confirm", "<p>This gift no longer exists.</p>");
  return plainPage(200, "Thank you", "<p>Your email address is confirmed.</p>");
};
