// The email editor saved from a real browser keeps a ticked "Send this email" on (a Polaris
// Checkbox without a value posted "", and every save silently turned the email off).
import { describe, expect, it } from "vitest";
import { clippedCells, newPage, screenshotPath, useBrowserStack } from "../helpers/browser";
import { proxyPost, startProgram } from "../storefront/helpers";
import { useMailer } from "../../app/notifications/send-email.job.server";
import { smtpMailer } from "../../app/notifications/mailer.server";
import { startTestSmtp } from "../notifications/smtp";

describe("email editor in the admin", () => {
  const env = useBrowserStack();

  it("saving with 'Send this email' ticked keeps the email on; unticked turns it off", async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/emails?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    const save = frame.getByRole("button", { name: "Save", exact: true }).first();
    const send = frame.getByLabel("Send this email").first();
    await expect.poll(() => save.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await send.isChecked()).toBe(true);
    await save.click();
    await expect.poll(() => env.stack.db.prisma.emailTemplate.count({ where: { shopId: env.stack.shop } }), { timeout: 10_000 }).toBe(1);
    const saved = await env.stack.db.prisma.emailTemplate.findFirstOrThrow({ where: { shopId: env.stack.shop } });
    expect(saved.enabled).toBe(true);

    await send.uncheck();
    await save.click();
    await expect.poll(async () => (await env.stack.db.prisma.emailTemplate.findUniqueOrThrow({ where: { id: saved.id } })).enabled, { timeout: 10_000 }).toBe(false);
  });

  it("previews each email in the shop's own words: its name, its friend offer and its reward", async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/onboarding?shop=${env.stack.shop}`);
    const onboarding = page.frameLocator("iframe");
    await expect.poll(() => onboarding.getByRole("button", { name: "Use these settings" }).isVisible(), { timeout: 30_000 }).toBe(true);
    await onboarding.getByRole("button", { name: "Use these settings" }).click();
    await expect.poll(() => onboarding.getByText("Version 1 is in force for new referrals.").isVisible(), { timeout: 20_000 }).toBe(true);

    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/emails?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.getByRole("button", { name: "Save", exact: true }).first().isVisible(), { timeout: 30_000 }).toBe(true);
    const text = await frame.locator("body").innerText();
    expect(text).toContain("A friend sent you 15% off your first order at Twofold Test Store");
    expect(text).toContain("You earned $10.00 at Twofold Test Store");
    expect(text).not.toContain("Acme Outdoor");
    expect(text).not.toContain("10% off");
  });

  it("sets the branding, then edits and previews the texts in Swedish, the HTML exactly as sent", async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/emails?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.getByRole("button", { name: "Save branding" }).isVisible(), { timeout: 30_000 }).toBe(true);
    await frame.getByLabel("Accent colour").fill("#b4232a");
    await frame.getByLabel("Sender name").fill("Nordic Trail Co");
    // Passes the browser's own email check, not the app's (no domain suffix).
    await frame.getByLabel("Reply-to address").fill("help@nordic");
    await frame.getByRole("button", { name: "Save branding" }).click();
    await expect.poll(() => frame.getByText("Enter the email address replies should go to").isVisible(), { timeout: 10_000 }).toBe(true);
    await frame.getByLabel("Reply-to address").fill("help@nordic-trail.example");
    await frame.getByRole("button", { name: "Save branding" }).click();
    await expect
      .poll(async () => (await env.stack.db.prisma.shop.findUniqueOrThrow({ where: { id: env.stack.shop } })).emailReplyTo, { timeout: 10_000 })
      .toBe("help@nordic-trail.example");
    const shop = await env.stack.db.prisma.shop.findUniqueOrThrow({ where: { id: env.stack.shop } });
    expect(shop).toMatchObject({ emailAccentColor: "#b4232a", emailSenderName: "Nordic Trail Co", primaryLocale: "en" });

    await frame.getByLabel("Language of the texts").selectOption("sv");
    // A kind never edited: the built-in Swedish text. The friend's code email was saved in
    // English (the first test): Swedish shoppers get that text until a Swedish one is given.
    await expect.poll(() => frame.getByLabel("Subject").nth(2).inputValue(), { timeout: 20_000 }).toBe("Du har tjänat {{reward_amount}} hos {{shop_name}}");
    const subject = frame.getByLabel("Subject").first();
    expect(await subject.inputValue()).toBe("A friend sent you {{friend_offer}} at {{shop_name}}");
    expect(await frame.getByText("No text in this language yet").first().isVisible()).toBe(true);
    const html = frame.frameLocator('[data-testid="html-preview-friend_code"]');
    await expect.poll(() => html.locator("body").innerText(), { timeout: 10_000 }).toContain("Din kod");
    expect(await html.locator("body").innerText()).toContain("FRIEND-7KQ2M");
    expect(await html.locator("body").innerHTML()).toMatch(/#b4232a/i);
    await page.screenshot({ path: screenshotPath("admin-emails-sv"), fullPage: true });

    await subject.fill("{{shop_name}}: en gåva från en vän");
    await frame.getByRole("button", { name: "Save", exact: true }).first().click();
    await expect
      .poll(() => env.stack.db.prisma.emailTemplateTranslation.findMany({ where: { shopId: env.stack.shop, locale: "sv" }, select: { kind: true, subject: true } }), { timeout: 10_000 })
      .toEqual([{ kind: "friend_code", subject: "{{shop_name}}: en gåva från en vän" }]);
    // The primary (English) text is untouched.
    const primary = await env.stack.db.prisma.emailTemplate.findFirst({ where: { shopId: env.stack.shop, kind: "friend_code" } });
    expect(primary?.subject ?? "A friend sent you {{friend_offer}} at {{shop_name}}").toBe("A friend sent you {{friend_offer}} at {{shop_name}}");
  });

  it("lists the recent emails with what each is, to whom and its status, all readable at the admin's width", async () => {
    const smtp = await startTestSmtp();
    useMailer(smtpMailer({ SMTP_URL: smtp.url, EMAIL_FROM: "Twofold Test Store <rewards@twofold-test.example>" }));
    await startProgram(env.stack);
    // The first test turned the friend's code email off: on again, as a merchant does.
    const page = await newPage(env.browser);
    await page.goto(`${env.stack.sandbox.url}/admin/apps/twofold/emails?shop=${env.stack.shop}`);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.getByLabel("Send this email").first().isVisible(), { timeout: 30_000 }).toBe(true);
    await frame.getByLabel("Send this email").first().check();
    await frame.getByRole("button", { name: "Save", exact: true }).first().click();
    await expect.poll(async () => (await env.stack.db.prisma.emailTemplate.findFirstOrThrow({ where: { shopId: env.stack.shop, kind: "friend_code" } })).enabled, { timeout: 10_000 }).toBe(true);

    const made = await proxyPost(env.stack, "/advocate", { email: "ada.mail@example.com" });
    const { code } = (await made.json()) as { code: string };
    for (const [i, email] of ["bea.friend-with-a-longer-address@example.com", "cy@example.com"].entries()) {
      expect((await proxyPost(env.stack, "/claim", { email, ref: code }, { ip: `203.0.113.${80 + i}` })).status).toBe(200);
    }
    try {
      await env.stack.drainJobs();
    } finally {
      useMailer(undefined);
      await smtp.close();
    }
    const emails = await env.stack.db.prisma.sentEmail.findMany({ where: { shopId: env.stack.shop, status: "sent" }, select: { toEmail: true } });
    expect(emails.map((e) => e.toEmail)).toEqual(expect.arrayContaining(["bea.friend-with-a-longer-address@example.com", "cy@example.com"]));

    await page.reload();
    await expect.poll(() => frame.getByText("Recent emails").isVisible(), { timeout: 30_000 }).toBe(true);
    for (const width of [1280, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300); // Polaris measures tables on resize
      await page.screenshot({ path: screenshotPath(`admin-emails-recent-${width}`), fullPage: true });
      expect(await clippedCells(frame), `${width} px`).toEqual([]);
      // Every line of the list lies whole inside its card: nothing is cut off or needs a scroll.
      const outside = await frame.getByText("Recent emails").evaluate((heading) => {
        let card: Element | null = heading;
        while (card && !card.classList.contains("Polaris-ShadowBevel")) card = card.parentElement;
        const box = (card ?? heading.parentElement!).getBoundingClientRect();
        const cut: string[] = [];
        for (const el of (card ?? heading.parentElement!).querySelectorAll("*")) {
          const text = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? "").join("").trim();
          if (!text) continue;
          const r = el.getBoundingClientRect();
          if (r.width > 2 && (r.right > box.right + 1 || r.left < box.left - 1 || el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible")) cut.push(text.slice(0, 40));
        }
        return cut;
      });
      expect(outside, `${width} px`).toEqual([]);
      const list = await frame.getByText("Recent emails").locator("xpath=ancestor::div[contains(@class,'Polaris-ShadowBevel')][1]").innerText();
      expect(list).toContain("bea.friend-with-a-longer-address@example.com");
      expect(list).toMatch(/Status|Sent|Waiting|Failed|Not sent/);
    }
  });
});
