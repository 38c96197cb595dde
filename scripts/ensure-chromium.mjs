// Browser tests drive Debian's Chromium through playwright-core (tools that download their
// own browser cannot work offline). Installs it with apt when it is missing and we may.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export function ensureChromium() {
  if (fs.existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const apt = ["/usr/bin/apt-get", "/bin/apt-get"].find((p) => fs.existsSync(p));
  if (!apt) throw new Error(`Chromium not found at ${CHROMIUM_PATH} and apt-get is not available: install Chromium and set CHROMIUM_PATH`);
  const sudo = isRoot ? [] : ["sudo", "-n"];
  console.log("▶ installing Debian's chromium for the browser tests (about a minute)");
  const run = (args) => spawnSync(sudo.length ? sudo[0] : apt, sudo.length ? [...sudo.slice(1), apt, ...args] : args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  let r = run(["install", "-y", "--no-install-recommends", "chromium"]);
  if (r.status !== 0) {
    run(["update"]);
    r = run(["install", "-y", "--no-install-recommends", "chromium"]);
  }
  if (r.status !== 0 || !fs.existsSync(CHROMIUM_PATH)) {
    throw new Error("could not install chromium with apt-get; install it and set CHROMIUM_PATH");
  }
  return CHROMIUM_PATH;
}
