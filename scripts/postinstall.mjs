// Runs after `npm install`: generates both Prisma clients (no download; JS engine), then
// points `@prisma/client` (which Shopify's Prisma session storage requires) at the SQLite
// client, since npm does not run @prisma/client's own install script (allowScripts).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
execFileSync(process.execPath, ["scripts/db.mjs", "generate"], { cwd: root, stdio: "inherit" });

const target = path.join(root, "node_modules", ".prisma", "client");
fs.mkdirSync(target, { recursive: true });
const js = 'module.exports = require("../../../app/generated/prisma/index.js");\n';
const dts = 'export * from "../../../app/generated/prisma/index";\n';
for (const name of ["default", "index"]) {
  fs.writeFileSync(path.join(target, `${name}.js`), js);
  fs.writeFileSync(path.join(target, `${name}.d.ts`), dts);
}
