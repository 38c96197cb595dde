// A shop's referral program: read the version in force, save a new immutable version,
// turn the program on or off, list the history. Every change is audited.
import { isUniqueViolation, type Db, type DbClient } from "../db.server";
import { programConfigSchema, readProgramConfig, type ProgramConfig } from "./program-config";
import { fieldErrorsFromZod } from "../lib/action-error";
import { configToForm, validateProgramForm, type FieldErrors, type ProgramForm } from "./program-form";
import { defaultProgramConfig, defaultTerms, diffProgramConfigs, shareMessageProblem } from "./program-text";
import { enqueueAdvocateCodesOffer } from "./advocate-codes-offer.job.server";
import { friendOfferKey } from "./friend-discount";
import { enqueueMetafieldSync } from "./sync-metafields.job.server";
import { currenciesColumn } from "../shops/presentment-currencies.server";
import { recordAudit } from "../lib/audit-log.server";

export { defaultProgramConfig, describeAdvocateReward, describeFriendOffer, diffProgramConfigs, formatMoney, renderShareMessage } from "./program-text";
export type { FieldErrors, ProgramForm } from "./program-form";

export type ProgramStatus = "active" | "paused";

export interface CurrentProgramVersion {
  id: string;
  version: number;
  config: ProgramConfig;
  status: ProgramStatus;
}

export type SaveProgramResult =
  | { ok: true; version: { id: string; version: number; config: ProgramConfig } }
  | { ok: false; fieldErrors: FieldErrors };

function toStatus(value: string): ProgramStatus {
  return value === "active" ? "active" : "paused";
}

/** The configuration in force for new referrals, or null when the shop has none yet. */
export async function currentProgramVersion(db: DbClient, shop: string): Promise<CurrentProgramVersion | null> {
  const program = await db.program.findUnique({ where: { shopId: shop }, include: { currentVersion: true } });
  if (!program?.currentVersion) return null;
  const v = program.currentVersion;
  return { id: v.id, version: v.version, config: readProgramConfig(v.config), status: toStatus(program.status) };
}

/**
 * The version that was in force at `at` (the last one saved before it), for an order attributed
 * after the fact; null when the shop had no program then.
 */
export async function programVersionAt(db: DbClient, shop: string, at: Date): Promise<{ id: string; version: number } | null> {
  return db.programVersion.findFirst({ where: { shopId: shop, createdAt: { lte: at } }, orderBy: [{ createdAt: "desc" }, { version: "desc" }], select: { id: true, version: true } });
}

/** The shop's currency as Twofold knows it (read from Shopify at install / first visit). */
export async function shopCurrency(db: DbClient, shop: string): Promise<string | null> {
  const row = await db.shop.findUnique({ where: { id: shop }, select: { currencyCode: true } });
  return row?.currencyCode ?? null;
}

/**
 * Validates `input` with the shared schema and, when valid, stores it as the next immutable
 * version and makes it current, in one transaction. The program is created paused on first
 * save. Invalid input writes nothing and comes back as field errors keyed by config path.
 */
export async function saveProgramVersion(
  db: Db,
  args: { shop: string; input: unknown; actor: string; note?: string | null },
): Promise<SaveProgramResult> {
  const parsed = programConfigSchema.safeParse(args.input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsFromZod(parsed.error) };
  const config = parsed.data;
  const shareProblem = shareMessageProblem(config);
  if (shareProblem) return { ok: false, fieldErrors: { shareMessage: shareProblem } };
  const currency = await shopCurrency(db, args.shop);
  if (!currency) return { ok: false, fieldErrors: { currency: "Twofold has not read your store's currency yet. Reload the page and try again." } };
  if (config.currency !== currency) {
    return { ok: false, fieldErrors: { currency: `Rewards must be in your store's currency (${currency}), not ${config.currency}.` } };
  }
  // Two staff saving at once: the (programId, version) unique key rejects the loser, who
  // simply retries on top of the winner's version.
  for (let attempt = 0; ; attempt++) {
    try {
      const version = await db.$transaction(async (tx) => {
        const program = await tx.program.upsert({ where: { shopId: args.shop }, create: { shopId: args.shop, status: "paused" }, update: {} });
        const last = await tx.programVersion.findFirst({ where: { programId: program.id }, orderBy: { version: "desc" }, select: { version: true, config: true } });
        const created = await tx.programVersion.create({
          data: {
            shopId: args.shop,
            programId: program.id,
            version: (last?.version ?? 0) + 1,
            config: config as object,
            createdBy: args.actor,
            note: args.note?.trim() || null,
          },
        });
        await tx.program.update({ where: { id: program.id }, data: { currentVersionId: created.id } });
        const details = { version: created.version, note: created.note };
        await recordAudit(tx, { shop: args.shop, actor: args.actor, action: "program.version_saved", subject: "ProgramVersion", subjectId: created.id, data: details });
        // The theme blocks read the program's words from app metafields: rewrite them.
        await enqueueMetafieldSync(tx, { shop: args.shop, change: created.id });
        // Advocates' personal codes give the friend offer: a changed offer is written to each of them.
        if (last && offerKeyOf(last.config) !== friendOfferKey(config)) {
          await enqueueAdvocateCodesOffer(tx, { shop: args.shop, versionId: created.id });
        }
        return { id: created.id, version: created.version, config };
      });
      return { ok: true, version };
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

/** The friend offer of a stored version; an unreadable one counts as different from any. */
function offerKeyOf(stored: unknown): string | null {
  try {
    return friendOfferKey(readProgramConfig(stored));
  } catch {
    return null;
  }
}


/**
 * As saveProgramVersion, from the admin form (money as decimals in the shop's currency).
 * Terms that are the ones Twofold writes for the saved settings follow the new settings, as
 * they do in the editor: a form posted back with only a reward changed (by a script, say) must
 * not leave terms stating the old rewards. Terms the merchant wrote are saved as written.
 */
export async function saveProgramForm(
  db: Db,
  args: { shop: string; form: ProgramForm; actor: string; note?: string | null },
): Promise<SaveProgramResult> {
  const currency = (await shopCurrency(db, args.shop)) ?? args.form.currency ?? "USD";
  const checked = validateProgramForm(args.form, currency);
  if (!checked.config) return { ok: false, fieldErrors: checked.fieldErrors };
  let config = checked.config;
  const current = await currentProgramVersion(db, args.shop);
  if (current && config.terms === defaultTerms(current.config)) config = { ...config, terms: defaultTerms(config) };
  // Saved from the validated config; saveProgramVersion checks it again with the shop currency.
  return saveProgramVersion(db, { shop: args.shop, input: config, actor: args.actor, note: args.note });
}

export type SetStatusResult = { ok: true; status: ProgramStatus } | { ok: false; error: string };

/** Turns the program on or off. A program with no saved configuration cannot be turned on. */
export async function setProgramStatus(db: Db, shop: string, status: ProgramStatus, actor: string): Promise<SetStatusResult> {
  return db.$transaction(async (tx) => {
    const program = await tx.program.findUnique({ where: { shopId: shop } });
    if (!program?.currentVersionId) return { ok: false as const, error: "Save your program settings before turning the program on." };
    if (program.status !== status) {
      await tx.program.update({ where: { id: program.id }, data: { status } });
      const auditId = await recordAudit(tx, { shop, actor, action: status === "active" ? "program.activated" : "program.paused", subject: "Program", subjectId: program.id, data: { from: program.status, to: status } });
      await enqueueMetafieldSync(tx, { shop, change: `${status}:${auditId}` });
    }
    return { ok: true as const, status };
  });
}

export interface ProgramVersionSummary {
  id: string;
  version: number;
  createdBy: string | null;
  note: string | null;
  createdAt: Date;
  current: boolean;
  /** What this version changed compared with the one before it. */
  changes: string[];
}

/** The shop's versions, newest first, each with what it changed. */
export async function listProgramVersions(db: DbClient, shop: string, options: { limit?: number } = {}): Promise<ProgramVersionSummary[]> {
  const limit = options.limit ?? 50;
  const program = await db.program.findUnique({ where: { shopId: shop }, select: { id: true, currentVersionId: true } });
  if (!program) return [];
  // One extra row: the version before the oldest listed, to diff against.
  const rows = await db.programVersion.findMany({ where: { programId: program.id, shopId: shop }, orderBy: { version: "desc" }, take: limit + 1 });
  const configs = rows.map((r) => readProgramConfig(r.config));
  return rows.slice(0, limit).map((row, i) => ({
    id: row.id,
    version: row.version,
    createdBy: row.createdBy,
    note: row.note,
    createdAt: row.createdAt,
    current: row.id === program.currentVersionId,
    changes: configs[i + 1] ? diffProgramConfigs(configs[i + 1], configs[i]) : ["Program created"],
  }));
}

export interface ProgramEditorData {
  currency: string;
  shopName: string;
  /** false when buyers log in with classic accounts and so cannot spend store credit; null if unknown. */
  canSpendStoreCredit: boolean | null;
  /** null until the first version is saved. */
  status: ProgramStatus | null;
  version: number | null;
  form: ProgramForm;
  history: Array<Omit<ProgramVersionSummary, "createdAt"> & { createdAt: string }>;
}

export interface ShopFacts {
  currencyCode: string;
  name: string;
  customerAccountsVersion: string;
  /** The currencies buyers can pay in, when the reading has them (kept for shops/presentment-currencies). */
  presentmentCurrencies?: string[];
}

/**
 * Everything the editor shows. The shop's currency and customer-accounts version come from
 * Shopify the first time (`fetchShopFacts`) and are kept on the Shop row.
 */
export async function loadProgramEditor(db: Db, shop: string, fetchShopFacts: () => Promise<ShopFacts>): Promise<ProgramEditorData> {
  const select = { currencyCode: true, name: true, customerAccountsVersion: true } as const;
  let row = await db.shop.findUnique({ where: { id: shop }, select });
  if (!row?.currencyCode || !row.customerAccountsVersion) {
    // Without the currency nothing can be shown; without the accounts version only a warning is lost.
    const facts = await fetchShopFacts().catch((error: unknown) => {
      if (!row?.currencyCode) throw error;
      return null;
    });
    if (facts) {
      const presentmentCurrencies = facts.presentmentCurrencies && currenciesColumn(facts.currencyCode, facts.presentmentCurrencies);
      row = await db.shop.upsert({
        where: { id: shop },
        create: { id: shop, currencyCode: facts.currencyCode, name: facts.name, customerAccountsVersion: facts.customerAccountsVersion, presentmentCurrencies },
        update: { currencyCode: row?.currencyCode ?? facts.currencyCode, name: row?.name ?? facts.name, customerAccountsVersion: facts.customerAccountsVersion, presentmentCurrencies },
        select,
      });
    }
  }
  const currency = row!.currencyCode!;
  const accounts = row!.customerAccountsVersion;
  const canSpendStoreCredit = accounts ? accounts === "NEW_CUSTOMER_ACCOUNTS" : null;
  const [current, history] = await Promise.all([currentProgramVersion(db, shop), listProgramVersions(db, shop)]);
  return {
    currency,
    shopName: row!.name ?? shop.replace(/\.myshopify\.com$/, ""),
    canSpendStoreCredit,
    status: current?.status ?? null,
    version: current?.version ?? null,
    form: configToForm(current?.config ?? defaultProgramConfig(currency, { canSpendStoreCredit: canSpendStoreCredit ?? true })),
    history: history.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
  };
}
