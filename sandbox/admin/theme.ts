/**
 * The shop's published (MAIN) theme, as far as apps can see it through the Admin API
 * (`themes(roles: [MAIN])`, `OnlineStoreTheme.files(filenames:)`, scope `read_themes`): the
 * theme editor's own files. App embeds live in `config/settings_data.json` under
 * `current.blocks` ({ type: "shopify://apps/<app>/blocks/<block>/<uuid>", disabled }); app
 * blocks in `templates/*.json` section blocks. Like Shopify's, those JSON files start with a
 * comment header. `POST /__sandbox/theme` does what a merchant does in the theme editor:
 * switches the app embed on or off and adds or removes the advocate block on a template.
 */
import { HttpError, readJson, sendJson, type SandboxRoute } from "../router";
import type { Args, ConnectionArgs, ExecContext, Model } from "./resolvers";
import { checkConnectionArgs, connection } from "./resolvers";
import { normalizeShopDomain, type SandboxShop } from "./state";

export interface SandboxTheme {
  id: string;
  name: string;
  /** filename -> text content */
  files: Map<string, string>;
}

/** The app's theme extension as the theme editor writes its blocks' types. */
const APP_BLOCK_PREFIX = "shopify://apps/twofold-referrals/blocks";
const EXTENSION_UUID = "0b5e8c1e-7a4f-4d6b-9a53-2f2d7c4e9a10";
const EMBED_TYPE = `${APP_BLOCK_PREFIX}/referral-embed/${EXTENSION_UUID}`;
const ADVOCATE_TYPE = `${APP_BLOCK_PREFIX}/advocate/${EXTENSION_UUID}`;
const HEADER = `/*
 * ------------------------------------------------------------
 * IMPORTANT: The contents of this file are auto-generated.
 * ------------------------------------------------------------
 */
`;

let themeIds = 0;

export function defaultTheme(): SandboxTheme {
  themeIds += 1;
  const files = new Map<string, string>();
  files.set("config/settings_data.json", HEADER + JSON.stringify({ current: { colors_accent_1: "#121212", blocks: {} }, presets: { Default: {} } }, null, 2));
  files.set("templates/index.json", HEADER + JSON.stringify({ sections: { main: { type: "image-banner", blocks: {}, settings: {} } }, order: ["main"] }, null, 2));
  files.set("templates/product.json", HEADER + JSON.stringify({ sections: { main: { type: "main-product", blocks: { title: { type: "title", settings: {} } }, block_order: ["title"], settings: {} } }, order: ["main"] }, null, 2));
  files.set("layout/theme.liquid", "<!doctype html><html>{{ content_for_header }}<body>{{ content_for_layout }}</body></html>");
  return { id: `gid://shopify/OnlineStoreTheme/${140_000_000 + themeIds}`, name: "Dawn", files };
}

function readThemeJson(text: string): Record<string, unknown> {
  return JSON.parse(text.replace(/^\s*\/\*[\s\S]*?\*\/\s*/, "")) as Record<string, unknown>;
}

function writeThemeJson(theme: SandboxTheme, filename: string, value: unknown): void {
  theme.files.set(filename, HEADER + JSON.stringify(value, null, 2));
}

/** The theme editor's "App embeds" toggle for the app's embed. */
export function setAppEmbed(theme: SandboxTheme, enabled: boolean): void {
  const data = readThemeJson(theme.files.get("config/settings_data.json")!) as { current: { blocks?: Record<string, { type: string; disabled?: boolean }> } };
  const blocks = (data.current.blocks ??= {});
  const id = Object.keys(blocks).find((k) => blocks[k].type === EMBED_TYPE) ?? "17412345678901234567";
  blocks[id] = { type: EMBED_TYPE, disabled: !enabled };
  writeThemeJson(theme, "config/settings_data.json", data);
}

/** Adds the advocate app block to a template's main section, or removes it from every template. */
export function setAdvocateBlock(theme: SandboxTheme, template: string | null): void {
  for (const [filename, text] of theme.files) {
    if (!/^templates\/.+\.json$/.test(filename)) continue;
    const data = readThemeJson(text) as { sections: Record<string, { blocks?: Record<string, { type: string }>; block_order?: string[] }> };
    for (const section of Object.values(data.sections)) {
      for (const [id, block] of Object.entries(section.blocks ?? {})) {
        if (block.type === ADVOCATE_TYPE) {
          delete section.blocks![id];
          section.block_order = (section.block_order ?? []).filter((b) => b !== id);
        }
      }
    }
    if (template && filename === `templates/${template}.json`) {
      const main = Object.values(data.sections)[0];
      main.blocks = { ...(main.blocks ?? {}), advocate_share: { type: ADVOCATE_TYPE } };
      main.block_order = [...(main.block_order ?? []), "advocate_share"];
    }
    writeThemeJson(theme, filename, data);
  }
}

/** Shopify's `filenames` patterns: exact names, `*` matching zero or more characters. */
function matchesFilename(filename: string, patterns: string[] | undefined): boolean {
  if (!patterns) return true;
  return patterns.some((p) => new RegExp(`^${p.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`).test(filename));
}

export function themeModel(ctx: ExecContext, theme: SandboxTheme): Model {
  return {
    __typename: "OnlineStoreTheme",
    id: theme.id,
    name: theme.name,
    role: "MAIN",
    prefix: "/t/1",
    processing: false,
    processingFailed: false,
    themeStoreId: 887,
    createdAt: ctx.shop.createdAt,
    updatedAt: ctx.shop.createdAt,
    files: (args: Args) => {
      const filenames = args.filenames as string[] | undefined;
      if (filenames && filenames.length > 50) throw new Error("At most 50 filenames can be specified.");
      const first = Math.min(Number(args.first ?? 50), 2500);
      const list = [...theme.files.entries()].filter(([name]) => matchesFilename(name, filenames)).sort(([a], [b]) => a.localeCompare(b));
      return connection(list, { first, after: args.after as string | undefined }, ([filename, content]) => ({
        __typename: "OnlineStoreThemeFile",
        filename,
        contentType: filename.endsWith(".json") ? "application/json" : "text/x-liquid",
        size: String(Buffer.byteLength(content)),
        checksumMd5: null,
        createdAt: ctx.shop.createdAt,
        updatedAt: ctx.shop.createdAt,
        body: { __typename: "OnlineStoreThemeFileBodyText", content },
      }));
    },
  };
}

/** `themes(roles:, first:)`: the sandbox's shops have one theme, the MAIN one. */
export function themesField(ctx: ExecContext, args: Args): Model {
  checkConnectionArgs(args as ConnectionArgs);
  const roles = args.roles as string[] | undefined;
  const list = !roles || roles.includes("MAIN") ? [ctx.shop.theme] : [];
  return connection(list, args as ConnectionArgs, (t) => themeModel(ctx, t));
}

export function themeRoutes(): SandboxRoute[] {
  return [
    {
      method: "POST",
      path: /^\/__sandbox\/theme\/?$/,
      async handle(req, res, _m, ctx) {
        const body = await readJson<{ shop?: string; appEmbed?: boolean; advocateBlock?: string | null }>(req);
        const shop: SandboxShop | undefined = body.shop ? ctx.state.shops.get(normalizeShopDomain(body.shop)) : undefined;
        if (!shop) throw new HttpError(404, { error: `Unknown shop ${body.shop ?? "(none given)"}` });
        if (body.appEmbed !== undefined && typeof body.appEmbed !== "boolean") throw new HttpError(400, { error: "appEmbed must be true or false" });
        if (body.advocateBlock !== undefined && body.advocateBlock !== null && !shop.theme.files.has(`templates/${body.advocateBlock}.json`)) {
          throw new HttpError(400, { error: `advocateBlock must be a template of the theme (${[...shop.theme.files.keys()].filter((f) => f.startsWith("templates/")).join(", ")}) or null` });
        }
        if (body.appEmbed !== undefined) setAppEmbed(shop.theme, body.appEmbed);
        if (body.advocateBlock !== undefined) setAdvocateBlock(shop.theme, body.advocateBlock);
        sendJson(res, 200, { theme: { id: shop.theme.id, name: shop.theme.name, files: Object.fromEntries(shop.theme.files) } });
      },
    },
  ];
}
