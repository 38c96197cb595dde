import { describe, expect, it } from "vitest";
import { themeSetupFromFiles } from "./theme-setup.server";

const HEADER = "/*\n * IMPORTANT: The contents of this file are auto-generated.\n */\n";
const EMBED = "shopify://apps/twofold-referrals/blocks/referral-embed/0b5e8c1e";
const ADVOCATE = "shopify://apps/twofold-referrals/blocks/advocate/0b5e8c1e";
const files = (entries: Record<string, unknown>) => new Map(Object.entries(entries).map(([k, v]) => [k, typeof v === "string" ? v : HEADER + JSON.stringify(v)]));
const settings = (blocks: Record<string, unknown>) => ({ current: { blocks } });
const template = (blocks: Record<string, unknown>, sectionDisabled = false) => ({ sections: { main: { type: "main-product", blocks, disabled: sectionDisabled } }, order: ["main"] });

describe("reading the published theme for the setup guide", () => {
  it("finds the app embed on, and off when the theme editor disabled it", () => {
    expect(themeSetupFromFiles("Dawn", files({ "config/settings_data.json": settings({ a: { type: EMBED, disabled: false } }) })).appEmbedEnabled).toBe(true);
    expect(themeSetupFromFiles("Dawn", files({ "config/settings_data.json": settings({ a: { type: EMBED, disabled: true } }) })).appEmbedEnabled).toBe(false);
    expect(themeSetupFromFiles("Dawn", files({ "config/settings_data.json": settings({}) })).appEmbedEnabled).toBe(false);
    // Another app's embed with a similar name is not ours.
    expect(themeSetupFromFiles("Dawn", files({ "config/settings_data.json": settings({ a: { type: "shopify://apps/other/blocks/referral-embed-x/1" } }) })).appEmbedEnabled).toBe(false);
  });

  it("lists the templates holding the advocate block, skipping disabled blocks and sections", () => {
    const setup = themeSetupFromFiles(
      "Dawn",
      files({
        "config/settings_data.json": settings({}),
        "templates/product.json": template({ x: { type: ADVOCATE } }),
        "templates/index.json": template({ x: { type: ADVOCATE, disabled: true } }),
        "templates/page.refer.json": template({ x: { type: ADVOCATE } }, true),
        "templates/collection.json": template({ x: { type: "title" } }),
      }),
    );
    expect(setup.advocateBlockTemplates).toEqual(["product"]);
  });

  it("reads a file that does not parse as showing nothing, without failing", () => {
    expect(themeSetupFromFiles("Dawn", files({ "config/settings_data.json": "{ broken", "templates/product.json": "nope" }))).toEqual({ themeName: "Dawn", appEmbedEnabled: false, advocateBlockTemplates: [] });
  });
});
