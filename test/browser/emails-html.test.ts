// Emails as the shopper gets them: friends claim through the storefront's app proxy in Swedish
// and in Japanese, the worker sends through the repo's dev mail catcher (a real SMTP server in
// its own process), and each message is read back from what the catcher kept: subject and text
// in the shopper's language with the code, the offer's amount and the code's end date, the
// same facts in the HTML part, which Chromium renders (screenshots) with the shop's branding.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveEmailBranding } from "../../app/notifications/email-settings.server";
import { decodeBody, decodeHeader, decodeHtml, header } from "../../app/notifications/read-email";
import { freePort } from "../helpers/app-server";
import { newPage, screenshotPath, useBrowserStack } from "../helpers/browser";
import { proxyPost, startProgram } from "../storefront/helpers";

const ROOT = path.resolve(__dirname, "../..");

async function startMailCatcher(): Promise<{ url: string; dir: string; process: ChildProcess }> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "twofold-mail-"));
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "app/notifications/dev-mail-catcher.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), MAIL_DIR: dir },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("listening") && resolve());
    child.on("exit", (code) => reject(new Error(`mail catcher exited with ${code}`)));
  });
  return { url: `smtp://127.0.0.1:${port}`, dir, process: child };
}

interface Caught {
  to: string;
  from: string;
  replyTo: string;
  subject: string;
  text: string;
  html: string;
}

function caught(dir: string): Caught[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => readFileSync(path.join(dir, f), "utf8"))
    .map((raw) => ({
      to: header(raw, "To"),
      from: decodeHeader(header(raw, "From")),
      replyTo: header(raw, "Reply-To"),
      subject: decodeHeader(header(raw, "Subject")),
      text: decodeBody(raw),
      html: decodeHtml(raw) ?? "",
    }));
}

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("friend's code email in the shopper's language, HTML and text, through the dev mail catcher", () => {
  const env = useBrowserStack();
  let catcher: Awaited<ReturnType<typeof startMailCatcher>>;
  const smtpBefore = process.env.SMTP_URL;

  beforeAll(async () => {
    process.env.SHOPIFY_SANDBOX_URL = env.stack.sandbox.url;
    catcher = await startMailCatcher();
    process.env.SMTP_URL = catcher.url;
    await startProgram(env.stack, (c) => ({ ...c, friendReward: { ...c.friendReward, codeExpiryDays: 30 } }));
    const saved = await saveEmailBranding(
      env.stack.db.prisma,
      env.stack.shop,
      { logoUrl: "", accentColor: "#b4232a", senderName: "Nordic Trail Co", replyTo: "help@nordic-trail.example", primaryLocale: "en" },
      "test",
    );
    expect(saved.ok).toBe(true);
  });

  afterAll(() => {
    catcher?.process.kill();
    if (catcher) rmSync(catcher.dir, { recursive: true, force: true });
    if (smtpBefore === undefined) delete process.env.SMTP_URL;
    else process.env.SMTP_URL = smtpBefore;
  });

  it.each([
    { locale: "sv", email: "sven@example.com", subject: "En vän ger dig 15 % rabatt på din första beställning hos Twofold Test Store", yourCode: "Din kod", dateLocale: "sv" },
    { locale: "ja", email: "haruto@example.com", subject: "お友達からTwofold Test Storeの初回のご注文で15%オフが届きました", yourCode: "あなたのコード", dateLocale: "ja" },
  ])("$locale: claimed on a $locale storefront, the email speaks $locale in both parts", async ({ locale, email, subject, yourCode, dateLocale }) => {
    const { stack } = env;
    const advocate = (await (await proxyPost(stack, "/advocate", { email: `ada-${locale}@example.com`, locale })).json()) as { code: string };
    const claimed = await proxyPost(stack, "/claim", { email, ref: advocate.code, locale }, { ip: locale === "sv" ? "198.51.100.21" : "198.51.100.22" });
    expect(claimed.status).toBe(200);
    const claim = (await claimed.json()) as { code: string; message: string };
    await stack.drainJobs();

    const message = caught(catcher.dir).find((m) => m.to.includes(email));
    expect(message, `no email for ${email} in ${catcher.dir}`).toBeDefined();
    const m = message!;
    const referral = await stack.db.prisma.referral.findFirstOrThrow({ where: { shopId: stack.shop, friendEmail: email } });
    expect(referral.friendLocale).toBe(locale);
    const expires = new Intl.DateTimeFormat(dateLocale, { dateStyle: "long", timeZone: "UTC" }).format(referral.friendCodeExpiresAt!);

    // The shop's name and reply-to; the sending address stays the app's.
    expect(m.from).toMatch(/Nordic Trail Co.*<no-reply@twofold\.local>/);
    expect(m.replyTo).toContain("help@nordic-trail.example");
    expect(plain(m.subject)).toBe(subject);
    // The text part: the code, the amount, and (in the HTML's code box) the end date.
    expect(m.text).toContain(claim.code);
    expect(plain(m.text)).toContain(locale === "sv" ? "15 % rabatt" : "15%オフ");
    expect(m.text).not.toMatch(/your code|first order/i);
    // The same facts in the HTML part.
    expect(m.html).toContain(claim.code);
    expect(plain(m.html)).toContain(locale === "sv" ? "15 % rabatt" : "15%オフ");
    expect(plain(m.html)).toContain(plain(expires));
    expect(m.html).toContain(`lang="${locale}"`);
    expect(m.html).toMatch(/#b4232a/i);

    const page = await newPage(env.browser);
    await page.setViewportSize({ width: 420, height: 900 });
    await page.setContent(m.html, { waitUntil: "load" });
    const shown = plain(await page.locator("body").innerText());
    expect(shown).toContain(yourCode);
    expect(shown).toContain(claim.code);
    expect(shown).toContain(plain(expires));
    // Responsive: the 600px layout fits a phone's width without scrolling sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
    await page.screenshot({ path: screenshotPath(`email-friend-code-${locale}`), fullPage: true });
    await page.close();
  });
});
