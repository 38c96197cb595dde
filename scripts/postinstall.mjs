// Runs after `npm install`: generates both Prisma clients (no download; JS engine).
import { execFileSync } from "node:child_process";
execFileSync(process.execPath, ["scripts/db.mjs", "generate"], { stdio: "inherit" });
