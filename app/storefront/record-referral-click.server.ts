// A click on an advocate's link: counted once per visitor (IP hash) and advocate per half
// hour, so reloads and link previews do not inflate the dashboard. No raw IP is stored.
import type { Db } from "../db.server";
import { cleanReferralCode } from "./codes";
import { liveAdvocateByCode } from "../advocates/advocate-identity.server";
import { loadStorefrontProgram } from "../program/storefront-program.server";

export const CLICK_DEDUPE_MS = 30 * 60_000;

export type ClickOutcome =
  /** Live code: send the visitor to the shop with ?ref=CODE. */
  | { kind: "referral"; code: string; counted: boolean }
  /** Unknown code, blocked advocate, paused or missing program: the shop's home page. */
  | { kind: "home" };

export async function recordReferralClick(
  db: Db,
  args: { shop: string; code: string; ipHash: string | null; userAgent: string | null; landing: string | null; now?: Date },
): Promise<ClickOutcome> {
  const code = cleanReferralCode(args.code);
  if (!code) return { kind: "home" };
  const [advocate, program] = await Promise.all([
    db.advocate.findUnique({ where: { shopId_code: { shopId: args.shop, code } } }).then((a) => (a ? liveAdvocateByCode(db, a) : null)),
    loadStorefrontProgram(db, args.shop),
  ]);
  if (!advocate || advocate.status !== "active" || program?.status !== "active") return { kind: "home" };
  const now = args.now ?? new Date();
  if (args.ipHash) {
    const recent = await db.referralClick.findFirst({
      where: { shopId: args.shop, advocateId: advocate.id, ipHash: args.ipHash, createdAt: { gte: new Date(now.getTime() - CLICK_DEDUPE_MS) } },
      select: { id: true },
    });
    if (recent) return { kind: "referral", code: advocate.code, counted: false };
  }
  await db.referralClick.create({
    data: {
      shopId: args.shop,
      advocateId: advocate.id,
      ipHash: args.ipHash,
      userAgent: args.userAgent?.slice(0, 500) ?? null,
      landing: args.landing?.slice(0, 500) ?? null,
      createdAt: now,
    },
  });
  return { kind: "referral", code: advocate.code, counted: true };
}
