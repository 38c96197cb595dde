// What an unsubscribe link does: check its token, then record the opt-out (EmailOptOut, which
// every send checks). A token that does not verify writes nothing.
import type { DbClient } from "../db.server";
import { optOutEmail } from "./queue-email.server";
import { verifyUnsubscribeToken } from "./unsubscribe-token.server";

export type UnsubscribeLookup =
  | { ok: true; shop: string; shopName: string; maskedEmail: string; alreadyOptedOut: boolean }
  | { ok: false; reason: "invalid" | "shop_gone" };

/** "dave@example.com" → "d***@example.com": enough for the recipient to recognise, little for anyone else. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at <= 0 ? "***" : `${email[0]}***${email.slice(at)}`;
}

/** Reads a link for the confirmation page (GET): nothing is written, so link scanners that follow it change nothing. */
export async function lookUpUnsubscribeLink(db: DbClient, appSecret: string, token: string): Promise<UnsubscribeLookup> {
  const subject = verifyUnsubscribeToken(appSecret, token);
  if (!subject) return { ok: false, reason: "invalid" };
  const shop = await db.shop.findUnique({ where: { id: subject.shop }, select: { name: true } });
  if (!shop) return { ok: false, reason: "shop_gone" };
  const optOut = await db.emailOptOut.findUnique({ where: { shopId_email: { shopId: subject.shop, email: subject.email } }, select: { id: true } });
  return { ok: true, shop: subject.shop, shopName: shop.name ?? subject.shop.replace(/\.myshopify\.com$/, ""), maskedEmail: maskEmail(subject.email), alreadyOptedOut: !!optOut };
}

/** The one-click POST (RFC 8058) and the page's button: records the opt-out; repeating it changes nothing. */
export async function unsubscribeWithLink(db: DbClient, appSecret: string, token: string): Promise<UnsubscribeLookup> {
  const found = await lookUpUnsubscribeLink(db, appSecret, token);
  if (!found.ok) return found;
  const subject = verifyUnsubscribeToken(appSecret, token)!;
  await optOutEmail(db, subject.shop, subject.email, "unsubscribe_link");
  return { ...found, alreadyOptedOut: true };
}
