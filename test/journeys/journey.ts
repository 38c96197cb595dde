// The harness every journey test uses. It starts the stack (a fresh database, the sandbox,
// the built app, an installed shop), a real SMTP server and Chromium, and touches the app only
// where production does: the admin routes as App Bridge calls them, the storefront and its
// app proxy, the sandbox checkout, the webhooks the sandbox sends, and the app's job worker.
import { expect } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { enqueue } from "../../app/jobs/queue.server";
import { useMailer } from "../../app/notifications/send-email.job.server";
import { smtpMailer } from "../../app/notifications/mailer.server";
import { releaseHeldRewardsJob } from "../../app/rewards/release-held-rewards.job.server";
import type { ShopSeed } from "../../sandbox/admin/state";
import { launchBrowser, screenshotPath } from "../helpers/browser";
import { startStack, type Stack } from "../helpers/stack";
import { startTestSmtp, type ReceivedEmail, type TestSmtp } from "../notifications/smtp";
import { adminRequest } from "../program/admin-http";

const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

export interface Journey {
  readonly stack: Stack;
  readonly browser: Browser;
  readonly smtp: TestSmtp;
  /** The storefront's home page URL. */
  storeUrl(path?: string): string;
  /** A shopper: a fresh browser context (own cookies, own cart), on the store. */
  shopper(name: string): Promise<Shopper>;
  /** The merchant saves and turns on the program through the admin routes, changing the given fields. */
  setUpProgram(changes?: Record<string, string>): Promise<void>;
  /** Lets the sandbox deliver its webhooks, then runs the app's jobs until nothing is left. */
  settle(): Promise<void>;
  /** Moves the sandbox clock forward and lets the hold-release job run, as its schedule would. */
  advanceClock(duration: string): Promise<void>;
  /** Emails the SMTP server accepted for `to`. */
  emailsTo(to: string): ReceivedEmail[];
  /** The sandbox's view of the shop (customers, discount codes, store credit, orders). */
  sandboxState(): Promise<SandboxSnapshot>;
}

export interface SandboxSnapshot {
  customers: { id: string; email: string | null; numberOfOrders: number }[];
  discountCodes: { code: string; customerIds: string[]; asyncUsageCount: number; usageLimit: number | null; kind?: string }[];
  storeCreditAccounts: { customerId: string; currencyCode: string; balance: string; transactions: { kind: string; amount: string; event: string }[] }[];
  orders: { id: string; name: string; email: string; customerId: string; presentmentCurrencyCode: string; discounts: { code: string; amountMinor: number; type: string }[]; storeCreditMinor: number; totalMinor: number }[];
}

export interface Shopper {
  page: Page;
  context: BrowserContext;
  /** Logs in on the storefront (sandbox customer accounts; a new email becomes a customer). */
  logIn(email: string): Promise<void>;
  /** Gets a referral link from the storefront's advocate block (as a guest: with this email). */
  getLink(guestEmail?: string): Promise<{ link: string; code: string }>;
  /** Adds products to the cart from the shop page. */
  addToCart(product?: string): Promise<void>;
  /** Checks out: email (guests), discount code, store credit, pay. Answers the order's number id or the refusal. */
  checkout(options?: { email?: string; code?: string; useStoreCredit?: boolean; currency?: string }): Promise<{ orderId: string } | { error: string }>;
  /** On the thank-you page: the link the checkout extension's "share and earn" block shows (from the app). */
  thankYouShareLink(): Promise<string>;
  screenshot(name: string): Promise<void>;
  errors: string[];
}

export function useJourney(options: { shop?: Partial<ShopSeed> } = {}): Journey {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  let smtp: TestSmtp | undefined;
  beforeAll(async () => {
    stack = await startStack(options);
    smtp = await startTestSmtp();
    useMailer(smtpMailer({ SMTP_URL: smtp.url, EMAIL_FROM: "Twofold Test Store <rewards@twofold-test.example>" }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await smtp?.close();
    await stack?.stop();
  });
  const s = () => {
    if (!stack) throw new Error("the journey is not started (use it inside tests)");
    return stack;
  };
  const journey: Journey = {
    get stack() {
      return s();
    },
    get browser() {
      if (!browser) throw new Error("no browser yet");
      return browser;
    },
    get smtp() {
      if (!smtp) throw new Error("no SMTP yet");
      return smtp;
    },
    storeUrl: (path = "") => `${s().sandbox.url}/storefront/${s().shop}${path}`,
    shopper: (name) => newShopper(journey, name),
    async setUpProgram(changes = {}) {
      const { app, shop } = s();
      const onboarding = await adminRequest<{ form: Record<string, string> }>(app.url, { shop, path: "/app/onboarding", route: "routes/app.onboarding" });
      expect(onboarding.status).toBe(200);
      const accepted = await adminRequest(app.url, { shop, path: "/app/onboarding", route: "routes/app.onboarding", form: {} });
      expect(accepted.redirect).toMatch(/\/app\/program$/);
      const editor = await adminRequest<{ form: Record<string, string> }>(app.url, { shop, path: "/app/program", route: "routes/app.program" });
      if (Object.keys(changes).length) {
        const saved = await adminRequest<{ ok: boolean; fieldErrors?: unknown }>(app.url, { shop, path: "/app/program", route: "routes/app.program", form: { ...editor.data!.form, ...changes, intent: "save" } });
        expect(saved.data, JSON.stringify(saved.data)).toMatchObject({ ok: true });
      }
      const on = await adminRequest(app.url, { shop, path: "/app/program", route: "routes/app.program", form: { intent: "activate" } });
      expect(on.data).toMatchObject({ ok: true, status: "active" });
      await journey.settle();
    },
    async settle() {
      const { sandbox } = s();
      for (let round = 0; round < 3; round++) {
        const res = await fetch(`${sandbox.url}/__sandbox/outbox/settle`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ timeoutMs: 30_000 }) });
        expect(((await res.json()) as { pending: number }).pending).toBe(0);
        await s().drainJobs();
      }
    },
    async advanceClock(duration) {
      const res = await fetch(`${s().sandbox.url}/__sandbox/clock`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ advance: duration }) });
      expect(res.status).toBe(200);
      await enqueue(s().db.prisma, releaseHeldRewardsJob, {});
      await journey.settle();
    },
    emailsTo: (to) => (smtp?.received ?? []).filter((m) => m.to.some((t) => t.toLowerCase() === to.toLowerCase())),
    async sandboxState() {
      const res = await fetch(`${s().sandbox.url}/__sandbox/state?shop=${s().shop}`);
      return (await res.json()) as SandboxSnapshot;
    },
  };
  return journey;
}

async function newShopper(journey: Journey, name: string): Promise<Shopper> {
  const context = await journey.browser.newContext({ userAgent: USER_AGENT, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const shopper: Shopper = {
    page,
    context,
    errors,
    async logIn(email) {
      await page.goto(journey.storeUrl("/account/login"));
      await page.getByLabel("Email").fill(email);
      await page.getByRole("button", { name: "Continue" }).click();
      await expect.poll(() => page.locator("[data-sandbox-customer]").first().textContent()).toBe(email);
    },
    async getLink(guestEmail) {
      await page.goto(journey.storeUrl("/"));
      const block = page.locator('[data-twofold-block="advocate"]');
      const linkBox = block.locator("input[readonly], [data-twofold-link]").first();
      if (!(await linkBox.count())) {
        if (guestEmail) await block.getByLabel("Email").fill(guestEmail);
        await block.getByRole("button", { name: "Get my link" }).click();
      }
      let link = "";
      try {
        await expect.poll(async () => (link = await block.locator("input[readonly]").first().inputValue().catch(() => "")), { timeout: 15_000 }).toMatch(/^https?:\/\/\S+$/);
      } catch (error) {
        await shopper.screenshot("get-link-failed");
        throw error;
      }
      const code = /(?:\/r\/|ref=)([A-Za-z0-9_-]+)/.exec(link)![1];
      return { link, code };
    },
    async addToCart(product = "demo") {
      await page.goto(journey.storeUrl("/products/demo"));
      await page.locator(`[data-product="${product}"]`).getByRole("button", { name: "Add to cart" }).click();
      await page.waitForURL(/\/cart$/);
    },
    async checkout(options = {}) {
      // ?currency= picks the buyer's currency, as on a Shopify storefront; it stays with the cart.
      await page.goto(journey.storeUrl(options.currency ? `/checkout?currency=${options.currency}` : "/checkout"));
      if (options.email) await page.getByLabel("Email", { exact: true }).fill(options.email);
      if (options.code) {
        await page.getByLabel("Discount code").fill(options.code);
        await page.getByRole("button", { name: "Apply" }).click();
        await page.waitForLoadState();
        const refusal = page.locator('[data-error="discountCode"]');
        if (await refusal.count()) return { error: (await refusal.textContent()) ?? "" };
      }
      const credit = page.locator("[data-store-credit]");
      if (options.useStoreCredit !== undefined && (await credit.count())) await credit.setChecked(options.useStoreCredit);
      if (options.email && !(await page.getByLabel("Email", { exact: true }).inputValue())) await page.getByLabel("Email", { exact: true }).fill(options.email);
      await page.locator("[data-pay]").click();
      await page.waitForLoadState();
      const match = /\/checkouts\/thank-you\/(\d+)/.exec(page.url());
      if (match) return { orderId: `gid://shopify/Order/${match[1]}` };
      const refusal = page.locator(".error[role=alert]").first();
      return { error: (await refusal.count()) ? ((await refusal.textContent()) ?? "") : `no thank-you page (at ${page.url()})` };
    },
    async thankYouShareLink() {
      const handle = await page.waitForSelector('iframe[data-extension-target="purchase.thank-you.block.render"]');
      const frame = await handle.contentFrame();
      if (!frame) throw new Error("the thank-you page has no extension frame");
      await frame.waitForSelector("s-text-field[value]", { state: "attached", timeout: 30_000 });
      return (await frame.locator("s-text-field").getAttribute("value")) ?? "";
    },
    screenshot: async (shot) => {
      await page.screenshot({ path: screenshotPath(`journey-${name}-${shot}`), fullPage: true });
    },
  };
  return shopper;
}
