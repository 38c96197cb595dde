// The layer rule (.dependency-cruiser.cjs) fails on a climbing import: run the real
// dependency-cruiser with the project's config over a tiny app/ in a temp folder.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const depcruise = path.join(root, "node_modules", ".bin", "depcruise");
let dir: string;

function cruise(files: Record<string, string>): { status: number | null; output: string } {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-layers-"));
  fs.copyFileSync(path.join(root, ".dependency-cruiser.cjs"), path.join(dir, ".dependency-cruiser.cjs"));
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "ESNext", moduleResolution: "Bundler", target: "ES2022" } }));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const run = spawnSync(depcruise, ["app", "--config", ".dependency-cruiser.cjs", "--output-type", "err"], { cwd: dir, encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("layer rule", () => {
  it("passes imports that go down (storefront → program → lib)", () => {
    const run = cruise({
      "app/storefront/claim.ts": `import { offer } from "../program/offer";\nexport const claim = offer;\n`,
      "app/program/offer.ts": `import { money } from "../lib/money";\nexport const offer = money;\n`,
      "app/lib/money.ts": `export const money = 1;\n`,
    });
    expect(run.output).not.toMatch(/error/);
    expect(run.status).toBe(0);
  });

  it("fails on an import that climbs (program → storefront), naming the rule", () => {
    const run = cruise({
      "app/storefront/sync.ts": `export const sync = 1;\n`,
      "app/program/save.ts": `import { sync } from "../storefront/sync";\nexport const save = sync;\n`,
    });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain("no-climb-from-program: app/program/save.ts → app/storefront/sync.ts");
  });

  it("fails on a folder under app/ that has no layer", () => {
    const run = cruise({ "app/misc/thing.ts": `import { money } from "../lib/money";\nexport const thing = money;\n`, "app/lib/money.ts": `export const money = 1;\n` });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain("every-app-file-in-a-layer");
  });
});
