// The setup guide on the admin home: a checklist that checks itself. Each step is read from
// what the shop really has (the saved program, the published theme, the customer-accounts
// version, the program's status), never ticked by hand. The theme is read from Shopify by a
// job (the page does not wait on Shopify) and again when staff press "Check again".
import { z } from "zod";
import { withSqliteBusyRetry, type Db, type DbClient } from "../db.server";
import { defineJob } from "../jobs/define-job";
import { enqueue } from "../jobs/queue.server";
import { adminClientForShop } from "../shopify/admin-client.server";
import type { AdminGraphql } from "../shopify/admin-graphql";
import { ShopifyApiError } from "../shopify/errors";
import { fetchShopProfile } from "../shopify/shop-profile.server";
import { fetchThemeSetup } from "../shopify/theme-setup.server";
import { recordAudit } from "../lib/audit-log.server";
import { shopProfileColumns } from "./shop-update.server";

/** The guide asks the job for a fresh reading of the theme when the last one is older than this. */
export const THEME_RECHECK_MS = 10 * 60_000;
/** The theme app extension's handles (extensions/twofold-theme/blocks/<handle>.liquid). */
export const APP_EMBED_HANDLE = "referral-embed";
export const ADVOCATE_BLOCK_HANDLE = "advocate";

export type SetupStepId = "program" | "embed" | "advocate-block" | "store-credit" | "test-referral" | "live";

export interface SetupStep {
  id: SetupStepId;
  title: string;
  done: boolean;
  /** What to do (not done) or what was found (done), in a sentence. */
  detail: string;
  action?: { label: string; url: string; external: boolean };
  /** A button that posts this intent to the admin home (instead of a link). */
  intent?: { label: string; name: string };
}

export interface SetupGuide {
  steps: SetupStep[];
  done: number;
  /** When the theme was last read from Shopify; null before the first reading. */
  themeCheckedAt: Date | null;
  /** Every step is done and staff dismissed the guide's "all set" card (a step that un-ticks shows the guide again). */
  dismissed: boolean;
}

/** Staff dismiss the completed guide's "all set" card; audited. A second dismissal changes nothing. */
export async function dismissSetupGuide(db: Db, shop: string, actor: string): Promise<void> {
  await withSqliteBusyRetry(db, () =>
    db.$transaction(async (tx) => {
      const { count } = await tx.shop.updateMany({ where: { id: shop, setupGuideDismissedAt: null }, data: { setupGuideDismissedAt: new Date() } });
      if (count) await recordAudit(tx, { shop, actor, action: "setup.guide_dismissed", subject: "Shop", subjectId: shop });
    }),
  );
}

/**
 * Reads the published theme and the shop's profile (customer-accounts version, domain) through the Admin API and stores them.
 * A shop that has not granted `read_themes` yet (installed before the scope was asked; Shopify asks the merchant on the
 * next visit) is recorded as checked with nothing known, which the guide explains, rather than failing the job.
 */
export async function checkThemeSetup(db: DbClient, shop: string, client: AdminGraphql): Promise<void> {
  const [setup, profile] = await Promise.all([fetchThemeSetup(client).catch(noThemeAccess), fetchShopProfile(client)]);
  const theme = setup
    ? { themeName: setup.themeName, themeAppEmbed: setup.appEmbedEnabled, themeAdvocateBlocks: setup.advocateBlockTemplates.join(","), themeCheckedAt: new Date() }
    : { themeName: null, themeAppEmbed: null, themeAdvocateBlocks: null, themeCheckedAt: new Date() };
  await withSqliteBusyRetry(db, () => db.shop.updateMany({ where: { id: shop }, data: { ...shopProfileColumns(profile), ...theme } }));
}

function noThemeAccess(error: unknown): null {
  if (error instanceof ShopifyApiError && error.kind === "access-denied") return null;
  throw error;
}

export const checkThemeSetupJob = defineJob({
  name: "shop.check-theme-setup",
  payload: z.object({ shop: z.string().min(1) }),
  maxAttempts: 3,
  handler: async ({ shop }, { db }) => {
    const row = await db.shop.findUnique({ where: { id: shop }, select: { uninstalledAt: true } });
    if (!row || row.uninstalledAt) return;
    await checkThemeSetup(db, shop, await adminClientForShop(db, shop));
  },
});

/** Theme editor deep links (Shopify's documented parameters for app embeds and app blocks). */
export function themeEditorLinks(shop: string, apiKey: string) {
  const editor = `https://${shop}/admin/themes/current/editor`;
  return {
    embed: `${editor}?context=apps&activateAppId=${encodeURIComponent(`${apiKey}/${APP_EMBED_HANDLE}`)}`,
    advocateBlock: `${editor}?template=product&addAppBlockId=${encodeURIComponent(`${apiKey}/${ADVOCATE_BLOCK_HANDLE}`)}&target=mainSection`,
  };
}

/** The program facts the guide needs, as the admin home's overview already read them (one read of the program row per view). */
export interface GuideProgram {
  saved: boolean;
  active: boolean;
}

export async function loadSetupGuide(db: DbClient, shop: string, options: { apiKey: string; program: GuideProgram; now?: Date }): Promise<SetupGuide> {
  const now = options.now ?? new Date();
  const { program } = options;
  const row = await db.shop.findUnique({
    where: { id: shop },
    select: {
      themeName: true,
      themeAppEmbed: true,
      themeAdvocateBlocks: true,
      themeCheckedAt: true,
      customerAccountsVersion: true,
      testReferralAt: true,
      testReferralSummary: true,
      setupGuideDismissedAt: true,
    },
  });
  const checkedAt = row?.themeCheckedAt ?? null;
  if (!checkedAt || now.getTime() - checkedAt.getTime() > THEME_RECHECK_MS) {
    const window = Math.floor(now.getTime() / THEME_RECHECK_MS);
    await enqueue(db, checkThemeSetupJob, { shop }, { shopId: shop, uniqueKey: `shop.check-theme-setup:${shop}:${window}` });
  }
  const links = themeEditorLinks(shop, options.apiKey);
  const templates = (row?.themeAdvocateBlocks ?? "").split(",").filter(Boolean);
  // Checked with nothing known: the theme could not be read (no `read_themes` grant yet).
  const themeUnknown = checkedAt
    ? "Twofold cannot read your theme yet. Open the app from your Shopify admin to approve its updated permissions, then check again."
    : "Checking your theme…";
  const steps: SetupStep[] = [
    {
      id: "program",
      title: "Choose the friend's offer and the advocate's reward",
      done: program.saved,
      detail: program.saved ? "Your program is saved. You can change it any time." : "Start from our suggested program and adjust it.",
      action: program.saved ? { label: "Edit program", url: "/app/program", external: false } : { label: "Set up", url: "/app/onboarding", external: false },
    },
    {
      id: "embed",
      title: "Turn on the Twofold app embed in your theme",
      done: row?.themeAppEmbed === true,
      detail:
        row?.themeAppEmbed == null
          ? themeUnknown
          : row.themeAppEmbed
            ? `On in ${row.themeName ?? "your published theme"}: referral links are remembered until checkout.`
            : `Off in ${row.themeName ?? "your published theme"}. Without it, a friend's referral is lost when they browse away from the link.`,
      action: row?.themeAppEmbed ? undefined : { label: "Open the theme editor", url: links.embed, external: true },
    },
    {
      id: "advocate-block",
      title: "Add the advocate block, where customers get their link",
      done: templates.length > 0,
      detail:
        row?.themeAppEmbed == null
          ? themeUnknown
          : templates.length > 0
            ? `Placed on: ${templates.join(", ")}.`
            : "Not on any page of your published theme yet. A product page or a dedicated page both work.",
      action: templates.length > 0 ? undefined : { label: "Add to product page", url: links.advocateBlock, external: true },
    },
    {
      id: "store-credit",
      title: "Let advocates spend store credit",
      done: row?.customerAccountsVersion === "NEW_CUSTOMER_ACCOUNTS",
      detail:
        row?.customerAccountsVersion === "NEW_CUSTOMER_ACCOUNTS"
          ? "Your store uses new customer accounts, where store credit is spent at checkout."
          : row?.customerAccountsVersion
            ? "Your store uses classic customer accounts, where store credit cannot be spent. Switch to new customer accounts, or reward advocates with discount codes."
            : "Checking your customer accounts…",
      action:
        row?.customerAccountsVersion && row.customerAccountsVersion !== "NEW_CUSTOMER_ACCOUNTS"
          ? { label: "Customer accounts settings", url: `https://${shop}/admin/settings/customer_accounts`, external: true }
          : undefined,
    },
    {
      id: "test-referral",
      title: "Try a test referral",
      done: !!row?.testReferralAt,
      detail: row?.testReferralSummary
        ? row.testReferralSummary
        : program.saved
          ? "A dry run on your shop: Shopify makes the friend's discount (deleted again at once) and you see what a friend gets and an advocate earns. No order, no money."
          : "Save your program first: the test uses its offer and reward.",
      intent: program.saved ? { label: row?.testReferralAt ? "Run it again" : "Run a test referral", name: "test-referral" } : undefined,
    },
    {
      id: "live",
      title: "Turn the program on",
      done: program.active,
      detail: program.active ? "Your program is live." : "Customers see nothing until you turn it on.",
      action: program.active ? undefined : { label: "Program settings", url: "/app/program", external: false },
    },
  ];
  const done = steps.filter((s) => s.done).length;
  const dismissed = done === steps.length && row?.setupGuideDismissedAt != null;
  return { steps, done, themeCheckedAt: checkedAt, dismissed };
}
