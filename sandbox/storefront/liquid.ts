/**
 * Renders the theme app extension's blocks with a real Liquid engine (liquidjs) and the few
 * Shopify filters and objects they use. Unknown filters and tags throw (strictFilters), and a
 * missing translation throws, so a block that would break on Shopify breaks here first.
 */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { Liquid, Tag, type TagToken, type TopLevelToken, type Context } from "liquidjs";

export const EXTENSION_DIR = fileURLToPath(new URL("../../extensions/twofold-theme/", import.meta.url));
export const THEME_ASSET_PATH = "/__sandbox/theme-assets";

export type BlockName = "advocate" | "friend-landing" | "social-proof" | "referral-embed";

export interface BlockSchema {
  name: string;
  target: string;
  stylesheet?: string;
  javascript?: string;
  settings?: { id?: string; type: string; default?: unknown }[];
}

export interface StorefrontCustomer {
  /** Numeric id or gid. */
  id: string | number;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  /** The advocate code the app wrote into the $app:twofold.code metafield, if any. */
  referralCode?: string | null;
}

export interface RenderContext {
  shop: { domain: string; name?: string; currency?: string; url?: string };
  customer?: StorefrontCustomer | null;
  /** "en" (default) or any locale with a locales/<code>.json file. */
  locale?: string;
  /** The referral code the app embed stored in the cart attribute (_twofold_ref). */
  ref?: string | null;
  cartAttributes?: Record<string, string>;
  /** Overrides of the block's schema defaults (merchant settings). */
  settings?: Record<string, unknown>;
  /** App-data metafields in the "twofold" namespace (friend_reward, advocate_reward ...). */
  appMetafields?: Record<string, string>;
  /** Prefix for asset_url (default: the sandbox's theme asset route). */
  assetBaseUrl?: string;
  blockId?: string;
  requestPath?: string;
}

// ------------------------------------------------------------------------- extension files

function extensionFile(...parts: string[]): string {
  return readFileSync(path.join(EXTENSION_DIR, ...parts), "utf8");
}

/** The {% schema %} JSON of a block. */
export function readBlockSchema(name: BlockName): BlockSchema {
  const source = extensionFile("blocks", `${name}.liquid`);
  const m = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/.exec(source);
  if (!m) throw new Error(`blocks/${name}.liquid has no {% schema %}`);
  return JSON.parse(m[1]) as BlockSchema;
}

/** Settings as the theme editor would start them: schema defaults, checkboxes false. */
export function defaultBlockSettings(schema: BlockSchema): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const s of schema.settings ?? []) {
    if (!s.id) continue;
    settings[s.id] = s.default ?? (s.type === "checkbox" ? false : null);
  }
  return settings;
}

type Translations = Record<string, unknown>;
const localeCache = new Map<string, Translations>();

export function loadLocale(locale: string): Translations {
  const cached = localeCache.get(locale);
  if (cached) return cached;
  const files = readdirSync(path.join(EXTENSION_DIR, "locales"));
  const file =
    files.find((f) => f === `${locale}.json`) ??
    files.find((f) => f === `${locale.split("-")[0]}.json`) ??
    files.find((f) => f === `${locale}.default.json`) ??
    files.find((f) => f.endsWith(".default.json") && !f.endsWith(".schema.json"));
  if (!file) throw new Error("extension has no default locale file");
  const data = JSON.parse(extensionFile("locales", file)) as Translations;
  localeCache.set(locale, data);
  return data;
}

function defaultLocale(): Translations {
  const file = readdirSync(path.join(EXTENSION_DIR, "locales")).find(
    (f) => f.endsWith(".default.json") && !f.endsWith(".schema.json"),
  );
  return loadLocale(file ? file.replace(/\.default\.json$/, "") : "en");
}

/**
 * The string at `key`. With a `count` argument, a key holding plural forms ({ one, other, ... })
 * gives the form the locale's plural rules pick for it, as Shopify's t filter does ("zero" for 0
 * when the file has it, "other" when it lacks the picked form).
 */
function lookup(data: Translations, key: string, locale = "en", count?: unknown): string | undefined {
  let node: unknown = data;
  for (const part of key.split(".")) {
    if (node == null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  if (node && typeof node === "object" && typeof count === "number") {
    const forms = node as Record<string, unknown>;
    const picked = count === 0 && typeof forms.zero === "string" ? "zero" : new Intl.PluralRules(locale).select(count);
    node = forms[picked] ?? forms.other;
  }
  return typeof node === "string" ? node : undefined;
}

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Shopify's t filter: the locale's string (default locale as fallback), {{ name }}
 * placeholders filled from keyword arguments, HTML-escaped unless the key ends in _html.
 */
export function translate(locale: string, key: string, vars: Record<string, unknown> = {}): string {
  const template = lookup(loadLocale(locale), key, locale, vars.count) ?? lookup(defaultLocale(), key, "en", vars.count);
  if (template == null) throw new Error(`translation missing: ${locale}.${key}`);
  const html = /(^|\.|_)html$/.test(key);
  const filled = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) =>
    html ? escapeHtml(vars[name]) : String(vars[name] ?? ""),
  );
  return html ? filled : escapeHtml(filled);
}

// ------------------------------------------------------------------------- money

const MONEY_FORMATS: Record<string, string> = {
  USD: "${{amount}}",
  CAD: "${{amount}}",
  AUD: "${{amount}}",
  EUR: "€{{amount_with_comma_separator}}",
  GBP: "£{{amount}}",
  JPY: "¥{{amount_no_decimals}}",
};

/** Shopify's money filter: input in minor units (cents), format from the shop currency. */
export function formatMoney(cents: unknown, currency = "USD"): string {
  const value = Math.round(Number(cents ?? 0));
  if (!Number.isFinite(value)) throw new Error(`money: not a number: ${String(cents)}`);
  const abs = Math.abs(value);
  const major = Math.floor(abs / 100).toLocaleString("en-US");
  const minor = String(abs % 100).padStart(2, "0");
  const sign = value < 0 ? "-" : "";
  const format = MONEY_FORMATS[currency] ?? `{{amount}} ${currency}`;
  return (
    sign +
    format
      .replace("{{amount_no_decimals}}", Math.round(abs / 100).toLocaleString("en-US"))
      .replace("{{amount_with_comma_separator}}", `${major.replace(/,/g, ".")},${minor}`)
      .replace("{{amount}}", `${major}.${minor}`)
  );
}

// ------------------------------------------------------------------------- engine

/** {% schema %} renders nothing (Shopify reads it at deploy time). */
class SchemaTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    while (remainTokens.length) {
      const next = remainTokens.shift() as TopLevelToken & { name?: string };
      if (next.name === "endschema") return;
    }
    throw new Error(`tag ${token.getText()} not closed`);
  }
  *render(): Generator<unknown, void, unknown> {}
}

function keywordArgs(args: unknown[]): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const arg of args) {
    if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === "string") vars[arg[0]] = arg[1];
    else throw new Error("t: arguments must be keyword arguments (name: value)");
  }
  return vars;
}

/** A Liquid engine with Shopify's strictness on filters and the filters the blocks use. */
export function createStorefrontEngine(): Liquid {
  const engine = new Liquid({ strictFilters: true, strictVariables: false, jsTruthy: false, cache: false });
  engine.registerTag("schema", SchemaTag);
  engine.registerFilter("t", function (this: { context: Context }, key: unknown, ...args: unknown[]) {
    const locale = String(this.context.getSync(["request", "locale", "iso_code"]) ?? "en");
    return translate(locale, String(key), keywordArgs(args));
  });
  engine.registerFilter("asset_url", function (this: { context: Context }, name: unknown) {
    const base = String(this.context.getSync(["__sandbox", "asset_base_url"]) ?? THEME_ASSET_PATH);
    return `${base}/${encodeURIComponent(String(name))}`;
  });
  engine.registerFilter("money", function (this: { context: Context }, cents: unknown) {
    return formatMoney(cents, String(this.context.getSync(["shop", "currency"]) ?? "USD"));
  });
  engine.registerFilter("money_with_currency", function (this: { context: Context }, cents: unknown) {
    const currency = String(this.context.getSync(["shop", "currency"]) ?? "USD");
    return `${formatMoney(cents, currency)} ${currency}`;
  });
  engine.registerFilter("stylesheet_tag", (url: unknown) => `<link href="${escapeHtml(url)}" rel="stylesheet" type="text/css" media="all" />`);
  engine.registerFilter("script_tag", (url: unknown) => `<script src="${escapeHtml(url)}" type="text/javascript"></script>`);
  return engine;
}

let sharedEngine: Liquid | undefined;
function engine(): Liquid {
  sharedEngine ??= createStorefrontEngine();
  return sharedEngine;
}

function numericId(id: string | number): string {
  return String(id).replace(/^gid:\/\/shopify\/Customer\//, "");
}

function jsonObjectOrText(value: string): unknown {
  if (!value.startsWith("{")) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The Liquid objects Shopify gives a block: shop, customer, cart, request, routes, app, block. */
export function buildLiquidScope(name: BlockName | null, ctx: RenderContext): Record<string, unknown> {
  const domain = ctx.shop.domain;
  const locale = ctx.locale ?? "en";
  const customer = ctx.customer
    ? {
        id: Number(numericId(ctx.customer.id)),
        email: ctx.customer.email ?? null,
        first_name: ctx.customer.firstName ?? null,
        last_name: ctx.customer.lastName ?? null,
        name: [ctx.customer.firstName, ctx.customer.lastName].filter(Boolean).join(" ") || null,
        metafields: {
          "$app:twofold": ctx.customer.referralCode ? { code: { value: ctx.customer.referralCode } } : {},
        },
      }
    : null;
  // A json metafield's `value` is the parsed object in Liquid; the sandbox keeps only the text,
  // so a value that is a JSON object is taken for one (text metafields here never are).
  const appMetafields: Record<string, { value: unknown }> = {};
  for (const [key, value] of Object.entries(ctx.appMetafields ?? {})) appMetafields[key] = { value: jsonObjectOrText(value) };
  const attributes: Record<string, string> = { ...(ctx.cartAttributes ?? {}) };
  if (ctx.ref) attributes._twofold_ref = ctx.ref;
  const scope: Record<string, unknown> = {
    shop: {
      name: ctx.shop.name ?? domain.split(".")[0],
      domain,
      permanent_domain: domain,
      url: ctx.shop.url ?? `https://${domain}`,
      currency: ctx.shop.currency ?? "USD",
    },
    customer,
    cart: { attributes, item_count: 0 },
    request: { locale: { iso_code: locale }, path: ctx.requestPath ?? "/", host: domain, design_mode: false },
    routes: { root_url: "/", account_login_url: "/account/login", cart_url: "/cart" },
    app: { metafields: { twofold: appMetafields } },
    __sandbox: { asset_base_url: ctx.assetBaseUrl ?? THEME_ASSET_PATH },
  };
  if (name) {
    const schema = readBlockSchema(name);
    scope.block = {
      id: ctx.blockId ?? `twofold_${name.replace(/-/g, "_")}`,
      type: `shopify://apps/twofold/blocks/${name}`,
      settings: { ...defaultBlockSettings(schema), ...(ctx.settings ?? {}) },
      shopify_attributes: "",
    };
  }
  return scope;
}

/** Renders one block of the theme app extension as Shopify would (without the section frame). */
export async function renderBlock(name: BlockName, ctx: RenderContext): Promise<string> {
  const source = extensionFile("blocks", `${name}.liquid`);
  return engine().parseAndRender(source, buildLiquidScope(name, ctx));
}

/** Renders a Liquid string (an app proxy answer of type application/liquid) in the storefront scope. */
export async function renderLiquid(source: string, ctx: RenderContext): Promise<string> {
  return engine().parseAndRender(source, buildLiquidScope(null, ctx));
}
