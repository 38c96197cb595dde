// `npm run bench [name ...]`: runs the bench scripts (all of them by default), one after the
// other on this machine, each writing bench/results/<name>.json.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const dir = import.meta.dirname;
const all = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !["run.ts", "lib.ts"].includes(f))
  .map((f) => f.replace(/\.ts$/, ""));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("--"));
for (const name of wanted.length ? wanted : all) {
  if (!all.includes(name)) throw new Error(`no bench named ${name} (have: ${all.join(", ")})`);
  console.log(`\n▶ bench ${name}`);
  const r = spawnSync(path.join(dir, "..", "node_modules", ".bin", "tsx"), [path.join(dir, `${name}.ts`)], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
