// Who sent the friend's gift, for the landing block's heading: the advocate's first name when
// Shopify has one and the advocate is active, otherwise null. Never an email; an unknown code is null.
import { liveAdvocateByCode } from "../advocates/advocate-identity.server";
import type { Db } from "../db.server";
import { cleanReferralCode } from "./codes";

export async function giftSenderFirstName(db: Db, shop: string, rawCode: string | undefined): Promise<string | null> {
  const code = cleanReferralCode(rawCode);
  const found = code ? await db.advocate.findUnique({ where: { shopId_code: { shopId: shop, code } } }) : null;
  const advocate = found ? await liveAdvocateByCode(db, found) : null;
  return advocate?.status === "active" ? (advocate.firstName ?? null) : null;
}
