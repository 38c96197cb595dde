// The unsubscribe link over real HTTP against the built app: the link in a received email
// works (GET confirms without writing, the one-click POST of RFC 8058 records the opt-out and
// later emails are skipped), and forged or tampered links get 4xx and write nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useMailer } from "../../app/notifications/send-email.job.server";
import { smtpMailer } from "../../app/notifications/mailer.server";
import { queueMilestoneEmail } from "../../app/notifications/queue-email.server";
import { createUnsubscribeToken } from "../../app/notifications/unsubscribe-token.server";
import { signPair } from "../../app/lib/signed-pair-token";
import { startAppServer, TEST_API_SECRET, type AppServer } from "../helpers/app-server";
import { createTestDb, type TestDb } from "../helpers/db";
import { drainNotifications, useUnsubscribeEnv } from "./drain";
import { header, startTestSmtp, type TestSmtp } from "./smtp";

const SHOP = "unsub-test.myshopify.com";
const OTHER_SHOP = "unsub-other.myshopify.com";

describe("unsubscribe link", () => {
  let t: TestDb;
  let app: AppServer;
  let smtp: TestSmtp;
  let restoreEnv: () => void;

  beforeAll(async () => {
    t = await createTestDb();
    [app, smtp] = await Promise.all([startAppServer({ databaseUrl: t.url }), startTestSmtp()]);
    // This process's send job signs links exactly as the app server verifies them.
    restoreEnv = useUnsubscribeEnv(app.url, TEST_API_SECRET);
    useMailer(smtpMailer({ SMTP_URL: smtp.url }));
    await t.prisma.shop.createMany({ data: [{ id: SHOP, name: "Acme <Outdoor>" }, { id: OTHER_SHOP, name: "Other" }] });
  });
  afterAll(async () => {
    useMailer(undefined);
    restoreEnv?.();
    await Promise.all([app?.stop(), smtp?.close()]);
    await t?.drop();
  });

  const optOuts = () => t.prisma.emailOptOut.findMany({ select: { shopId: true, email: true, source: true }, orderBy: { email: "asc" } });
  const post = (url: string, body = "List-Unsubscribe=One-Click") =>
    fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body, redirect: "manual" });

  it("the link in a received email confirms on GET, unsubscribes on the one-click POST, and later emails are skipped", async () => {
    const advocate = await t.prisma.advocate.create({ data: { shopId: SHOP, code: "ERIN1", email: "Erin@Example.com" } });
    await queueMilestoneEmail(t.prisma, { shopId: SHOP, advocateId: advocate.id, referrals: 3 });
    await drainNotifications(t.prisma);
    expect(smtp.received).toHaveLength(1);
    const [message] = smtp.received;
    expect(header(message.raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    const link = header(message.raw, "List-Unsubscribe").replace(/^<|>$/g, "");
    expect(link.startsWith(`${app.url}/unsubscribe/`)).toBe(true);
    expect(message.text).toContain(`To stop these emails: ${link}`);

    // GET (what a link scanner or the shopper's click does) only asks.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Unsubscribe from Acme &#60;Outdoor&#62;&#39;s referral emails?");
    expect(html).toContain("e***@example.com");
    expect(html).toContain('<form method="post">');
    expect(html).not.toContain("erin@example.com");
    expect(await optOuts()).toEqual([]);

    // The mailbox provider's one-click POST.
    const done = await post(link);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("You are unsubscribed");
    expect(await optOuts()).toEqual([{ shopId: SHOP, email: "erin@example.com", source: "unsubscribe_link" }]);
    // Repeating it (the page's button after the one-click) changes nothing.
    expect((await post(link)).status).toBe(200);
    expect(await optOuts()).toHaveLength(1);
    expect(await (await fetch(link)).text()).toContain("You are unsubscribed");

    await queueMilestoneEmail(t.prisma, { shopId: SHOP, advocateId: advocate.id, referrals: 5 });
    await drainNotifications(t.prisma);
    expect(smtp.received).toHaveLength(1);
    expect((await t.prisma.sentEmail.findFirstOrThrow({ where: { dedupeKey: `milestone:${advocate.id}:5` } })).lastError).toBe("the customer opted out of emails");
  });

  /** The token with one byte of its sealed body flipped (at `at`; negative counts from the end). */
  const tampered = (token: string, at: number) => {
    const [version, body] = token.split(".");
    const raw = Buffer.from(body, "base64url");
    raw[at < 0 ? raw.length + at : at] ^= 0x01;
    return `${version}.${raw.toString("base64url")}`;
  };

  it("refuses forged and tampered links with 4xx and writes nothing", async () => {
    const before = await optOuts();
    const good = createUnsubscribeToken(TEST_API_SECRET, { shop: SHOP, email: "frank@example.com" });
    // Links sent before tokens were sealed (v1, signed, the address readable) still verify, so
    // their forgeries are refused too.
    const legacy = signPair(TEST_API_SECRET, { purpose: "unsubscribe-token", version: "v1", maxLength: 1_024 }, [SHOP, "frank@example.com"]);
    const [version, , signature] = legacy.split(".");
    const body = (shop: string, email: string) => Buffer.from(JSON.stringify([shop, email])).toString("base64url");
    const forged = [
      `${version}.${body(SHOP, "grace@example.com")}.${signature}`, // someone else's address under Frank's signature
      `${version}.${body(OTHER_SHOP, "frank@example.com")}.${signature}`, // another shop
      tampered(good, 3), // a sealed token with one byte of its nonce changed
      createUnsubscribeToken("not-the-app-secret", { shop: SHOP, email: "frank@example.com" }),
      tampered(good, -1), // …or of its tag (changing the text's last characters may change no byte: base64's spare bits)
      "v1.e30.AAAA",
      "hello",
    ];
    for (const token of forged) {
      const url = `${app.url}/unsubscribe/${encodeURIComponent(token)}`;
      const page = await fetch(url);
      expect(page.status, token).toBe(400);
      expect(await page.text()).toContain("This unsubscribe link does not work");
      const res = await post(url);
      expect(res.status, token).toBe(400);
    }
    // A real token for a shop the app no longer knows: 410, nothing written.
    const gone = createUnsubscribeToken(TEST_API_SECRET, { shop: "gone.myshopify.com", email: "frank@example.com" });
    expect((await post(`${app.url}/unsubscribe/${gone}`)).status).toBe(410);
    expect(await optOuts()).toEqual(before);
    // And the untampered one works: the refusals above were about the tampering.
    expect((await post(`${app.url}/unsubscribe/${good}`)).status).toBe(200);
    expect(await optOuts()).toContainEqual({ shopId: SHOP, email: "frank@example.com", source: "unsubscribe_link" });
  });
});
