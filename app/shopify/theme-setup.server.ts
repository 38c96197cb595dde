// Whether the shop's published theme shows Twofold: the app embed switched on (theme editor ›
// App embeds, stored in config/settings_data.json under current.blocks) and the advocate block
// placed on some JSON template (templates/*.json, section blocks). Read with `read_themes`.
// The theme editor writes an app block's type as shopify://apps/<app>/blocks/<block>/<uuid>.
import { requestOperation, type AdminGraphql } from "./admin-graphql";

export const FETCH_THEME_SETUP = `#graphql
  query FetchThemeSetup {
    themes(first: 1, roles: [MAIN]) {
      nodes {
        id
        name
        files(filenames: ["config/settings_data.json", "templates/*.json"], first: 100) {
          nodes {
            filename
            body {
              ... on OnlineStoreThemeFileBodyText {
                content
              }
            }
          }
        }
      }
    }
  }
`;

export interface ThemeSetup {
  /** The published theme's name, or null when the shop has none (no online store). */
  themeName: string | null;
  appEmbedEnabled: boolean;
  /** The templates (e.g. "product", "page.refer") that hold the advocate block. */
  advocateBlockTemplates: string[];
}

/** Theme JSON files start with a comment header the theme editor writes; JSON.parse does not take it. */
export function parseThemeJson(text: string): unknown {
  return JSON.parse(text.replace(/^\s*\/\*[\s\S]*?\*\/\s*/, ""));
}

const blockOf = (type: unknown, handle: string) => typeof type === "string" && type.startsWith("shopify://apps/") && type.includes(`/blocks/${handle}/`);

/** Reads the setup from the theme's files (content by filename); a file that does not parse counts as showing nothing. */
export function themeSetupFromFiles(themeName: string | null, files: ReadonlyMap<string, string>): ThemeSetup {
  const read = (name: string): unknown => {
    try {
      return parseThemeJson(files.get(name) ?? "null");
    } catch {
      return null;
    }
  };
  const settings = read("config/settings_data.json") as { current?: { blocks?: Record<string, { type?: unknown; disabled?: boolean }> } } | null;
  const embeds = Object.values(settings?.current?.blocks ?? {});
  const appEmbedEnabled = embeds.some((b) => blockOf(b.type, "referral-embed") && b.disabled !== true);
  const advocateBlockTemplates: string[] = [];
  for (const filename of [...files.keys()].sort()) {
    const m = /^templates\/(.+)\.json$/.exec(filename);
    if (!m) continue;
    const template = read(filename) as { sections?: Record<string, { blocks?: Record<string, { type?: unknown; disabled?: boolean }>; disabled?: boolean }> } | null;
    const placed = Object.values(template?.sections ?? {}).some(
      (section) => section.disabled !== true && Object.values(section.blocks ?? {}).some((b) => blockOf(b.type, "advocate") && b.disabled !== true),
    );
    if (placed) advocateBlockTemplates.push(m[1]);
  }
  return { themeName, appEmbedEnabled, advocateBlockTemplates };
}

export async function fetchThemeSetup(client: AdminGraphql): Promise<ThemeSetup> {
  const { themes } = await requestOperation(client, FETCH_THEME_SETUP);
  const theme = themes?.nodes[0];
  if (!theme) return { themeName: null, appEmbedEnabled: false, advocateBlockTemplates: [] };
  const files = new Map<string, string>();
  for (const file of theme.files?.nodes ?? []) if ("content" in file.body) files.set(file.filename, file.body.content);
  return themeSetupFromFiles(theme.name, files);
}
