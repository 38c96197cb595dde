// `npm run bench [name ...] [--flag value ...]`: runs the bench scripts (all of them by
// default), one after the other on this machine, each writing bench/results/<name>.json.
// Flags go to every bench run (e.g. `npm run bench pipeline --skip ingest --fault-orders 2000`).
// Benches that start the built app build it first when it is missing or older than app/
// (ensureBuilt in bench/lib.ts; `--no-build` skips that).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const dir = import.meta.dirname;
const all = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !["run.ts", "lib.ts"].includes(f))
  .map((f) => f.replace(/\.ts$/, ""));
const args = process.argv.slice(2);
const wanted: string[] = [];
const flags: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i].startsWith("--")) {
    flags.push(args[i]);
    if (i + 1 < args.length && !args[i + 1].startsWith("--")) flags.push(args[++i]);
  } else {
    wanted.push(args[i]);
  }
}
for (const name of wanted.length ? wanted : all) {
  if (!all.includes(name)) throw new Error(`no bench named ${name} (have: ${all.join(", ")})`);
  console.log(`\n▶ bench ${name}`);
  const r = spawnSync(path.join(dir, "..", "node_modules", ".bin", "tsx"), [path.join(dir, `${name}.ts`), ...flags], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
