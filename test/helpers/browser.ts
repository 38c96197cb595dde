// Headless Debian Chromium through playwright-core (no browser download), with the flags
// these offline machines need.
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { ROOT } from "./db";
import { startStack, type Stack } from "./stack";

export const SCREENSHOT_DIR = path.join(ROOT, "test-results", "screenshots");

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!fs.existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: run the tests with \`npm test\` (it installs it) or set CHROMIUM_PATH`);
  }
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export function screenshotPath(name: string): string {
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}

// Shopify's library answers 410 to bots, and "HeadlessChrome" is one: look like a person's Chrome.
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ userAgent: USER_AGENT, viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

/**
 * A stack (DB, sandbox, built app, shop) and a Chromium for the tests of one describe block,
 * started before them and stopped after. Read `stack` and `browser` inside tests and hooks.
 */
export function useBrowserStack(options?: Parameters<typeof startStack>[0]): { readonly stack: Stack; readonly browser: Browser } {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    stack = await startStack(options);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  return {
    get stack() {
      if (!stack) throw new Error("the browser stack is not started (use it inside tests or hooks)");
      return stack;
    },
    get browser() {
      if (!browser) throw new Error("the browser is not started (use it inside tests or hooks)");
      return browser;
    },
  };
}
