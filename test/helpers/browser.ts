// Headless Debian Chromium through playwright-core (no browser download), with the flags
// these offline machines need.
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Frame, type FrameLocator, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
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
export const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ userAgent: USER_AGENT, viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

/**
 * An admin page of the app, embedded in the sandbox's admin as Shopify's admin frames it, once
 * `readyText` shows: the page, the app's frame (as a locator, and as a Frame for the App Bridge
 * pieces the sandbox draws inside it, like the save bar and toasts) and the page errors seen.
 */
export async function openAdminPage(env: { stack: Stack; browser: Browser }, path: string, readyText: string) {
  const page = await newPage(env.browser);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/${path}${path.includes("?") ? "&" : "?"}shop=${env.stack.shop}`);
  const frame = page.frameLocator("iframe");
  await expect.poll(() => frame.getByText(readyText).first().isVisible(), { timeout: 30_000 }).toBe(true);
  const app = page.frames().find((f) => f.url().startsWith(env.stack.app.url)) as Frame;
  return { page, frame, app, errors };
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

/**
 * The table cells (headings and values) a person cannot read whole: cut by their own width
 * (text overflowing the cell) or lying outside the visible part of a scrolling or clipping
 * container. Each as "heading/text".
 */
export async function clippedCells(frame: FrameLocator): Promise<string[]> {
  return frame.locator("body").evaluate((body) => {
    const clips = (el: Element) => /(hidden|auto|scroll|clip)/.test(getComputedStyle(el).overflowX);
    const out: string[] = [];
    for (const cell of body.querySelectorAll("th, td")) {
      const text = (cell.textContent ?? "").trim();
      if (!text) continue;
      const r = cell.getBoundingClientRect();
      if (r.width === 0) continue;
      // Visually hidden labels (screen-reader text, 1 px wide on purpose) are not clipped text.
      const shown = (el: Element) => el.getBoundingClientRect().width > 2;
      const inner = [cell, ...cell.querySelectorAll("*")].some((el) => el instanceof HTMLElement && shown(el) && el.scrollWidth > el.clientWidth + 1 && clips(el));
      let outside = false;
      for (let el = cell.parentElement; el && el !== body; el = el.parentElement) {
        if (!clips(el)) continue;
        const box = el.getBoundingClientRect();
        if (r.right > box.right + 1 || r.left < box.left - 1) outside = true;
      }
      if (inner || outside || r.right > window.innerWidth + 1) out.push(text.slice(0, 40));
    }
    return out;
  });
}
