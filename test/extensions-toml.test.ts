// Every UI extension's shopify.extension.toml must name targets that exist in the installed
// @shopify/ui-extensions, point at module files that exist, use unique handles, and be built
// (and size-checked) by scripts/build-extensions.mjs.
import fs from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { EXTENSIONS } from "../scripts/build-extensions.mjs";
import { ROOT } from "./helpers/db";

interface ExtensionToml {
  api_version: string;
  extensions: Array<{ handle: string; type: string; targeting?: Array<{ module: string; target: string }>; capabilities?: { network_access?: boolean } }>;
}

const extDir = path.join(ROOT, "extensions");
const uiExtensions = fs
  .readdirSync(extDir)
  .map((name) => ({ name, file: path.join(extDir, name, "shopify.extension.toml") }))
  .filter(({ file }) => fs.existsSync(file))
  .map(({ name, file }) => ({ name, toml: parse(fs.readFileSync(file, "utf8")) as unknown as ExtensionToml }))
  .filter(({ toml }) => toml.extensions?.some((e) => e.type === "ui_extension"));

const targetsDir = path.join(ROOT, "node_modules/@shopify/ui-extensions/build/ts/surfaces");
function knownTargets(): Set<string> {
  const out = new Set<string>();
  for (const surface of fs.readdirSync(targetsDir)) {
    const dir = path.join(targetsDir, surface, "targets");
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) if (f.endsWith(".d.ts")) out.add(f.replace(/\.d\.ts$/, ""));
  }
  return out;
}

describe("UI extension tomls", () => {
  it("finds the checkout and customer account extensions", () => {
    expect(uiExtensions.map((e) => e.name).sort()).toEqual(["twofold-checkout", "twofold-customer-account"]);
  });

  it("name real targets, existing modules and unique handles, and ask for network access", () => {
    const targets = knownTargets();
    expect(targets.has("customer-account.page.render")).toBe(true);
    const handles = new Set<string>();
    for (const { name, toml } of uiExtensions) {
      expect(toml.api_version, name).toMatch(/^\d{4}-\d{2}$/);
      for (const ext of toml.extensions) {
        expect(handles.has(ext.handle), ext.handle).toBe(false);
        handles.add(ext.handle);
        expect(ext.capabilities?.network_access, ext.handle).toBe(true);
        for (const t of ext.targeting ?? []) {
          expect(targets.has(t.target), `${name}: ${t.target}`).toBe(true);
          expect(fs.existsSync(path.join(extDir, name, t.module)), `${name}: ${t.module}`).toBe(true);
        }
      }
    }
  });

  it("are all built and size-checked by scripts/build-extensions.mjs", () => {
    for (const { name, toml } of uiExtensions) {
      const modules = new Set(toml.extensions.flatMap((e) => (e.targeting ?? []).map((t) => path.join("extensions", name, t.module))));
      for (const m of modules) expect(EXTENSIONS.map((e: { entry: string }) => path.normalize(e.entry)), m).toContain(path.normalize(m));
    }
  });

  it("the customer account extension links its profile block to its own page", () => {
    const page = uiExtensions.find((e) => e.name === "twofold-customer-account")!.toml.extensions[0];
    const source = fs.readFileSync(path.join(extDir, "twofold-customer-account/src/ReferralPage.tsx"), "utf8");
    expect(source).toContain(`extension:${page.handle}/`);
    expect(page.targeting?.map((t) => t.target)).toContain("customer-account.page.render");
  });
});

describe("Shopify Flow extension tomls", () => {
  const all = fs
    .readdirSync(extDir)
    .map((name) => ({ name, file: path.join(extDir, name, "shopify.extension.toml") }))
    .filter(({ file }) => fs.existsSync(file))
    .flatMap(({ name, file }) => ((parse(fs.readFileSync(file, "utf8")) as { extensions?: Array<{ handle: string; type: string; runtime_url?: string }> }).extensions ?? []).map((e) => ({ dir: name, ...e })));
  const flow = all.filter((e) => e.type === "flow_trigger" || e.type === "flow_action");

  it("are the four triggers and the action, one per twofold-flow-* folder, with handles Shopify accepts", () => {
    expect(flow.map((e) => `${e.type}:${e.handle}`).sort()).toEqual([
      "flow_action:give-referral-reward",
      "flow_trigger:advocate-reward-issued",
      "flow_trigger:advocate-reward-reversed",
      "flow_trigger:referral-flagged-for-review",
      "flow_trigger:referral-qualified",
    ]);
    for (const e of flow) {
      expect(e.dir).toMatch(/^twofold-flow-/);
      expect(e.handle).toMatch(/^[a-z0-9-]{1,30}$/);
    }
    expect(new Set(all.map((e) => e.handle)).size).toBe(all.length);
  });

  it("point the action's relative runtime URL at a route of the app", () => {
    for (const action of flow.filter((e) => e.type === "flow_action")) {
      expect(action.runtime_url).toMatch(/^\/[a-z0-9/-]+$/);
      const route = `${action.runtime_url!.slice(1).replace(/\//g, ".")}.tsx`;
      expect(fs.existsSync(path.join(ROOT, "app", "routes", route)), route).toBe(true);
    }
  });
});
