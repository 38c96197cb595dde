// Notification emails through a real SMTP server started here: recipients, subjects, rendered
// placeholders, and exactly one message per email whatever retries and duplicates happen.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { redactCustomer } from "../../app/compliance/compliance.server";
import type { Db } from "../../app/db.server";
import { enqueue } from "../../app/jobs/queue.server";
import { emailRemindersJob, queueCreditExpiryReminders, queueFriendCodeReminders } from "../../app/notifications/email-reminders.job.server";
import { sendEmailJob, useMailer } from "../../app/notifications/send-email.job.server";
import { smtpMailer } from "../../app/notifications/mailer.server";
import { optOutEmail, queueMilestoneEmail, queueRewardIssuedEmail } from "../../app/notifications/queue-email.server";
import { sendQueuedEmail } from "../../app/notifications/send-email.server";
import { defaultProgramConfig } from "../../app/program/program-text";
import { createTestDb, type TestDb } from "../helpers/db";
import { drainNotifications, useUnsubscribeEnv } from "./drain";
import { header, startTestSmtp, type TestSmtp } from "./smtp";

const SHOP = "mail-test.myshopify.com";
const DAY = 86_400_000;

const drain = drainNotifications;
/** The merchant's text of a received email, without the unsubscribe footer every email gets. */
const merchantText = (text: string) => text.split("\n\n--\n")[0].trim();

async function seed(db: Db, n: number, options: { expiresInDays?: number; advocatePaidWithCode?: boolean } = {}) {
  const config = defaultProgramConfig("USD");
  const program = await db.program.upsert({ where: { shopId: SHOP }, create: { shopId: SHOP, status: "active" }, update: {} });
  const version = await db.programVersion.upsert({
    where: { programId_version: { programId: program.id, version: 1 } },
    create: { shopId: SHOP, programId: program.id, version: 1, config },
    update: {},
  });
  const advocate = await db.advocate.create({ data: { shopId: SHOP, code: `ALICE${n}`, email: `alice${n}@example.com`, customerGid: `gid://shopify/Customer/${n}` } });
  const referral = await db.referral.create({
    data: { shopId: SHOP, advocateId: advocate.id, programVersionId: version.id, friendEmail: `bob${n}@example.com`, status: "rewarded", orderGid: `gid://shopify/Order/${n}` },
  });
  const common = { shopId: SHOP, referralId: referral.id, status: "issued", currency: "USD", issuedAt: new Date() };
  const credit = await db.reward.create({
    data: {
      ...common,
      idempotencyKey: `k${n}a`,
      recipient: "advocate",
      kind: options.advocatePaidWithCode ? "discount_code" : "store_credit",
      discountCode: options.advocatePaidWithCode ? `THANKS-${n}ADV` : null,
      amountMinor: 1250n,
      expiresAt: options.expiresInDays ? new Date(Date.now() + options.expiresInDays * DAY) : null,
    },
  });
  const code = await db.reward.create({ data: { ...common, idempotencyKey: `k${n}f`, recipient: "friend", kind: "discount_code", amountMinor: 0n, discountCode: `FRIEND-${n}XYZ` } });
  return { advocate, referral, credit, code };
}

/** An issued $25 milestone bonus of the advocate behind `referralId`. */
function issuedMilestoneBonus(db: Db, referralId: string, idempotencyKey: string, paid: { kind: "milestone_code" | "milestone_credit"; discountCode?: string; expiresAt?: Date }) {
  return db.reward.create({
    data: { shopId: SHOP, referralId, status: "issued", currency: "USD", issuedAt: new Date(), idempotencyKey, recipient: "advocate", amountMinor: 2500n, ...paid },
  });
}

/** A friend who claimed an instant code `claimedDaysAgo` days ago that expires in `expiresInDays`, no order yet. */
async function seedClaim(db: Db, n: number, options: { claimedDaysAgo?: number; expiresInDays?: number | null } = {}) {
  const config = defaultProgramConfig("USD");
  const program = await db.program.upsert({ where: { shopId: SHOP }, create: { shopId: SHOP, status: "active" }, update: {} });
  const version = await db.programVersion.upsert({
    where: { programId_version: { programId: program.id, version: 1 } },
    create: { shopId: SHOP, programId: program.id, version: 1, config },
    update: {},
  });
  const advocate = await db.advocate.create({ data: { shopId: SHOP, code: `CAROL${n}`, email: `carol${n}@example.com` } });
  const now = Date.now();
  const expiresInDays = options.expiresInDays === undefined ? 2 : options.expiresInDays;
  return db.referral.create({
    data: {
      shopId: SHOP,
      advocateId: advocate.id,
      programVersionId: version.id,
      friendEmail: `dave${n}@example.com`,
      friendCode: `FRIEND-D${n}`,
      status: "claimed",
      claimedAt: new Date(now - (options.claimedDaysAgo ?? 5) * DAY),
      friendCodeExpiresAt: expiresInDays == null ? null : new Date(now + expiresInDays * DAY),
    },
  });
}

describe("notification emails over SMTP", () => {
  let t: TestDb;
  let smtp: TestSmtp;
  let restoreEnv: () => void;
  beforeAll(async () => {
    restoreEnv = useUnsubscribeEnv("https://twofold.test", "emails-test-secret");
    smtp = await startTestSmtp();
    useMailer(smtpMailer({ SMTP_URL: smtp.url, EMAIL_FROM: "Acme Rewards <rewards@acme.test>" }));
  });
  afterAll(async () => {
    restoreEnv();
    useMailer(undefined);
    await smtp.close();
  });
  beforeEach(async () => {
    t = await createTestDb();
    smtp.received.length = 0;
    await t.prisma.shop.create({ data: { id: SHOP, name: "Acme Outdoor", currencyCode: "USD" } });
  });
  afterEach(async () => t.drop());

  it("sends the friend's code and the advocate's reward once each, with placeholders rendered", async () => {
    const { credit, code } = await seed(t.prisma, 1);
    // Queued twice each (a retried issue job): still one email each.
    for (let i = 0; i < 2; i++) {
      await t.prisma.$transaction(async (tx) => {
        await queueRewardIssuedEmail(tx, { ...credit, referralId: credit.referralId! });
        await queueRewardIssuedEmail(tx, { ...code, referralId: code.referralId! });
      });
    }
    expect(await t.prisma.sentEmail.count()).toBe(2);
    await drain(t.prisma);

    expect(smtp.received).toHaveLength(2);
    const friend = smtp.received.find((m) => m.to[0] === "bob1@example.com")!;
    expect(friend.from).toBe("rewards@acme.test");
    expect(friend.subject).toBe("A friend sent you 15% off your first order at Acme Outdoor");
    expect(friend.text).toContain("Here is your code: FRIEND-1XYZ");
    const advocate = smtp.received.find((m) => m.to[0] === "alice1@example.com")!;
    expect(advocate.subject).toBe("You earned $12.50 at Acme Outdoor");
    expect(advocate.text).toContain("Friends you have referred so far: 1.");
    expect(advocate.text).not.toMatch(/\{\{/);
    // Each recipient's own unsubscribe link, in the footer and in the List-Unsubscribe header.
    const links = [friend, advocate].map((message) => {
      const link = message.text.match(/To stop these emails: (https:\/\/twofold\.test\/unsubscribe\/\S+)/)?.[1];
      expect(link).toBeDefined();
      expect(header(message.raw, "List-Unsubscribe")).toBe(`<${link}>`);
      expect(header(message.raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      return link;
    });
    expect(links[0]).not.toBe(links[1]);
    const rows = await t.prisma.sentEmail.findMany();
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent"]);
  });

  it("uses the merchant's edited template", async () => {
    const { credit } = await seed(t.prisma, 2);
    await t.prisma.emailTemplate.create({ data: { shopId: SHOP, kind: "reward_earned", subject: "{{reward_amount}} for you, friend of {{shop_name}}", body: "Count: {{referral_count}}" } });
    await queueRewardIssuedEmail(t.prisma, { ...credit, referralId: credit.referralId! });
    await drain(t.prisma);
    expect(smtp.received.map((m) => [m.to[0], m.subject, merchantText(m.text)])).toEqual([["alice2@example.com", "$12.50 for you, friend of Acme Outdoor", "Count: 1"]]);
  });

  it("retries after an SMTP refusal and still delivers exactly once, even when the job runs again", async () => {
    const { advocate } = await seed(t.prisma, 3);
    smtp.refuseNext(1);
    await queueMilestoneEmail(t.prisma, { shopId: SHOP, advocateId: advocate.id, referrals: 5, bonusMinor: 2500n, currency: "USD" });
    await drain(t.prisma);
    expect(smtp.received).toHaveLength(0);
    const failed = await t.prisma.sentEmail.findFirstOrThrow();
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toMatch(/Try again later/);

    // The job's backoff is 30 s; bring the retry forward.
    await t.prisma.job.updateMany({ where: { name: sendEmailJob.name, status: "queued" }, data: { runAt: new Date() } });
    await drain(t.prisma);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].subject).toBe("5 friends referred: thank you from Acme Outdoor");
    expect(smtp.received[0].text).toContain("here is a bonus of $25.00");

    // A duplicate run of the job (lease takeover, manual retry): nothing more is sent.
    await t.prisma.job.create({ data: { name: sendEmailJob.name, payload: JSON.stringify({ dedupeKey: failed.dedupeKey }), shopId: SHOP } });
    await drain(t.prisma);
    expect(await sendQueuedEmail(t.prisma, failed.dedupeKey, smtpMailer({ SMTP_URL: smtp.url }))).toBe("already-done");
    expect(smtp.received).toHaveLength(1);
    const sent = await t.prisma.sentEmail.findFirstOrThrow();
    expect([sent.status, sent.attempts, sent.toEmail]).toEqual(["sent", 2, "alice3@example.com"]);
    expect(sent.messageId).toBe(smtp.received[0].messageId);
  });

  it("fails at once, without retrying, when the mail server refuses permanently (5xx)", async () => {
    const { advocate } = await seed(t.prisma, 31);
    smtp.refuseNext(5, 501, "Invalid recipient address");
    await queueMilestoneEmail(t.prisma, { shopId: SHOP, advocateId: advocate.id, referrals: 5, bonusMinor: 2500n, currency: "USD" });
    await drain(t.prisma);
    expect(smtp.received).toHaveLength(0);
    const email = await t.prisma.sentEmail.findFirstOrThrow();
    expect([email.status, email.attempts]).toEqual(["failed", 1]);
    expect(email.lastError).toMatch(/Invalid recipient address/);
    const job = await t.prisma.job.findFirstOrThrow({ where: { name: sendEmailJob.name } });
    expect([job.status, job.attempts]).toEqual(["dead", 1]);
    expect(job.lastError).toMatch(/refused this email permanently/);
    smtp.refuseNext(0);
  });

  it("does not resend an email whose previous attempt stopped mid-send (crash window)", async () => {
    const { credit } = await seed(t.prisma, 4);
    await queueRewardIssuedEmail(t.prisma, { ...credit, referralId: credit.referralId! });
    await t.prisma.sentEmail.updateMany({ data: { status: "sending", attempts: 1 } });
    await drain(t.prisma);
    expect(smtp.received).toHaveLength(0);
    expect((await t.prisma.sentEmail.findFirstOrThrow()).status).toBe("unknown");
  });

  it("never emails a customer who opted out or was redacted", async () => {
    const { credit, code } = await seed(t.prisma, 5);
    await optOutEmail(t.prisma, SHOP, " Alice5@Example.com ");
    await redactCustomer(t.prisma, SHOP, { shop_domain: SHOP, customer: { id: "999", email: "bob5@example.com" } });
    await queueRewardIssuedEmail(t.prisma, { ...credit, referralId: credit.referralId! });
    await queueRewardIssuedEmail(t.prisma, { ...code, referralId: code.referralId! });
    await drain(t.prisma);
    expect(smtp.received).toHaveLength(0);
    const rows = await t.prisma.sentEmail.findMany({ orderBy: { kind: "asc" } });
    expect(rows.map((r) => [r.kind, r.status, r.lastError])).toEqual([
      ["friend_code", "skipped", "no email address (never given, or removed by a privacy request)"],
      ["reward_earned", "skipped", "the customer opted out of emails"],
    ]);
  });

  it("reminds of expiring credit N days before, once, as configured", async () => {
    const soon = await seed(t.prisma, 6, { expiresInDays: 2 });
    await seed(t.prisma, 7, { expiresInDays: 5 });
    await seed(t.prisma, 8);
    await t.prisma.emailTemplate.create({
      data: { shopId: SHOP, kind: "credit_expiring", subject: "{{reward_amount}} expires {{expires_on}} ({{days_left}} days)", body: "Hurry", daysBefore: 3 },
    });
    expect(await queueCreditExpiryReminders(t.prisma)).toBe(1);
    expect(await queueCreditExpiryReminders(t.prisma)).toBe(0);
    await drain(t.prisma);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].to).toEqual(["alice6@example.com"]);
    const expiresOn = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(soon.credit.expiresAt!);
    expect(smtp.received[0].subject).toBe(`$12.50 expires ${expiresOn} (2 days)`);
  });
  it("tells an advocate paid with a code the code, its value and end date, and never speaks of store credit", async () => {
    const { credit: reward } = await seed(t.prisma, 9, { advocatePaidWithCode: true, expiresInDays: 30 });
    // A merchant's text written for store credit only: for a code payout the built-in text goes out.
    const legacy = await seed(t.prisma, 10, { advocatePaidWithCode: true });
    await t.prisma.emailTemplate.create({ data: { shopId: SHOP, kind: "reward_earned", subject: "You earned {{reward_amount}}", body: "{{reward_amount}} of store credit is now in your account." } });
    await queueRewardIssuedEmail(t.prisma, { ...reward, referralId: reward.referralId! });
    await queueRewardIssuedEmail(t.prisma, { ...legacy.credit, referralId: legacy.credit.referralId! });
    await drain(t.prisma);

    const expiresOn = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(reward.expiresAt!);
    const to = (email: string) => smtp.received.filter((m) => m.to[0] === email);
    expect(smtp.received).toHaveLength(2);
    const [message] = to("alice9@example.com");
    expect(message.subject).toBe("You earned $12.50 at Acme Outdoor");
    expect(merchantText(message.text)).toContain("Your reward is a discount code worth $12.50 off your next order: THANKS-9ADV");
    expect(merchantText(message.text)).toContain(`The code works until ${expiresOn}.`);
    expect(message.text).not.toMatch(/store credit/i);
    const [legacyMessage] = to("alice10@example.com");
    expect(merchantText(legacyMessage.text)).toContain("THANKS-10ADV");
    expect(legacyMessage.text).not.toMatch(/store credit/i);
  });

  it("tells an advocate whose milestone bonus came as a code the code", async () => {
    const { advocate, referral } = await seed(t.prisma, 11);
    const bonus = await issuedMilestoneBonus(t.prisma, referral.id, `${SHOP}:milestone:${advocate.id}:3:as-code`, { kind: "milestone_code", discountCode: "THANKS-MILE3" });
    await queueMilestoneEmail(t.prisma, { shopId: SHOP, advocateId: advocate.id, referrals: 3, bonusMinor: 2500n, currency: "USD", rewardId: bonus.id });
    await drain(t.prisma);
    expect(smtp.received).toHaveLength(1);
    expect(merchantText(smtp.received[0].text)).toContain("Your reward is a discount code worth $25.00 off your next order: THANKS-MILE3");
    expect(smtp.received[0].text).not.toMatch(/store credit/i);
  });

  it("reminds once of a milestone bonus paid as store credit before it expires", async () => {
    const { advocate, referral } = await seed(t.prisma, 12);
    const bonus = await issuedMilestoneBonus(t.prisma, referral.id, `${SHOP}:milestone:${advocate.id}:3`, { kind: "milestone_credit", expiresAt: new Date(Date.now() + 2 * DAY) });
    expect(await queueCreditExpiryReminders(t.prisma)).toBe(1);
    expect(await queueCreditExpiryReminders(t.prisma)).toBe(0);
    await drain(t.prisma);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].to).toEqual(["alice12@example.com"]);
    expect(smtp.received[0].subject).toBe("Your $25.00 credit at Acme Outdoor expires in 2 days");
    expect(await t.prisma.sentEmail.findMany({ select: { kind: true, rewardId: true, status: true } })).toEqual([{ kind: "credit_expiring", rewardId: bonus.id, status: "sent" }]);
  });

  it("reminds an advocate paid with a code of the code before it ends, and not when the code was used or deleted", async () => {
    // The send job asks Shopify whether the single-use code was spent: a sandbox shop for that.
    const { createSandbox } = await import("../../sandbox/server");
    const { upsertShop, issueToken, addCustomer } = await import("../../sandbox/admin/state");
    const { adminClientForShop } = await import("../../app/shopify/admin-client.server");
    const { createBasicDiscountCode } = await import("../../app/shopify/discount-codes.server");
    const sandbox = await createSandbox({ port: 0, appUrl: "https://twofold.test", apiKey: "k", apiSecret: "emails-test-secret" });
    const previousUrl = process.env.SHOPIFY_SANDBOX_URL;
    process.env.SHOPIFY_SANDBOX_URL = sandbox.url;
    try {
      const shop = upsertShop(sandbox.state, { name: "Acme Outdoor", currencyCode: "USD", domain: SHOP });
      await t.prisma.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "installed", isOnline: false, scope: "write_discounts", accessToken: issueToken(sandbox.state, SHOP) } });
      const rewards = [];
      for (const n of [13, 14, 15]) {
        const { credit } = await seed(t.prisma, n, { advocatePaidWithCode: true, expiresInDays: 2 });
        addCustomer(sandbox.state, shop, { id: String(n), email: `alice${n}@example.com` });
        const client = await adminClientForShop(t.prisma, SHOP);
        const created = await createBasicDiscountCode(client, {
          title: `Twofold advocate reward ${n}`, code: credit.discountCode!, customerIds: [`gid://shopify/Customer/${n}`],
          value: { kind: "fixedAmount", minorUnits: 1250, currencyCode: "USD" }, endsAt: credit.expiresAt!, tags: ["twofold"],
        });
        rewards.push({ credit, discountId: created.id });
      }
      // 14 spent its code at checkout; 15's code was deleted in the Shopify admin.
      shop.discounts.get(rewards[1].discountId)!.asyncUsageCount = 1;
      shop.discounts.delete(rewards[2].discountId);

      expect(await queueCreditExpiryReminders(t.prisma)).toBe(3);
      await drain(t.prisma);
      expect(smtp.received.map((m) => m.to[0])).toEqual(["alice13@example.com"]);
      const [message] = smtp.received;
      expect(message.subject).toBe("Your $12.50 code at Acme Outdoor expires in 2 days");
      const expiresOn = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(rewards[0].credit.expiresAt!);
      expect(merchantText(message.text)).toContain(`your discount code THANKS-13ADV, worth $12.50 at Acme Outdoor, works until ${expiresOn}`);
      expect(message.text).not.toMatch(/store credit/i);
      const skipped = await t.prisma.sentEmail.findMany({ where: { status: "skipped" }, orderBy: { createdAt: "asc" }, select: { rewardId: true, lastError: true } });
      expect(skipped.map((e) => [e.rewardId, e.lastError]).sort()).toEqual(
        [
          [rewards[1].credit.id, "the code was already used"],
          [rewards[2].credit.id, "the code no longer exists in Shopify"],
        ].sort(),
      );
    } finally {
      if (previousUrl === undefined) delete process.env.SHOPIFY_SANDBOX_URL;
      else process.env.SHOPIFY_SANDBOX_URL = previousUrl;
      await sandbox.close();
    }
  });

  describe("friend's code reminder", () => {
    it("sends one reminder with the code and its end date, however often the reminder job and the send job run", async () => {
      const claim = await seedClaim(t.prisma, 20);
      await seedClaim(t.prisma, 21, { expiresInDays: 6 }); // outside the default 3 days
      await seedClaim(t.prisma, 22, { expiresInDays: null }); // code without expiry: nothing to remind of
      await seedClaim(t.prisma, 23, { claimedDaysAgo: 0.5, expiresInDays: 1 }); // got the code email hours ago

      // The scheduled job twice (two hourly runs), plus a direct call (a retry racing it).
      await enqueue(t.prisma, emailRemindersJob, {}, { uniqueKey: "reminders-run-1" });
      await drain(t.prisma);
      await enqueue(t.prisma, emailRemindersJob, {}, { uniqueKey: "reminders-run-2" });
      await drain(t.prisma);
      expect(await queueFriendCodeReminders(t.prisma)).toBe(0);
      // A duplicated send job for the same email (lease takeover): still one message.
      const row = await t.prisma.sentEmail.findFirstOrThrow({ where: { kind: "friend_reminder" } });
      await t.prisma.job.create({ data: { name: sendEmailJob.name, payload: JSON.stringify({ dedupeKey: row.dedupeKey }), shopId: SHOP } });
      await drain(t.prisma);

      expect(smtp.received).toHaveLength(1);
      const [message] = smtp.received;
      expect(message.to).toEqual(["dave20@example.com"]);
      expect(message.subject).toBe("2 days left: 15% off your first order at Acme Outdoor");
      const expiresOn = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(claim.friendCodeExpiresAt!);
      expect(message.text).toContain(`your code FRIEND-D20 for 15% off your first order at Acme Outdoor works until ${expiresOn}.`);
      expect(await t.prisma.sentEmail.findMany({ where: { kind: "friend_reminder" }, select: { referralId: true, status: true } })).toEqual([{ referralId: claim.id, status: "sent" }]);
    });

    it("queues every due reminder even when earlier pages are all queued already", async () => {
      for (const n of [60, 61, 62]) await seedClaim(t.prisma, n);
      // One referral per page: the first run queues all three, the next finds all three queued.
      expect(await queueFriendCodeReminders(t.prisma, new Date(), 1)).toBe(3);
      await seedClaim(t.prisma, 63);
      expect(await queueFriendCodeReminders(t.prisma, new Date(), 1)).toBe(1);
      expect(await t.prisma.sentEmail.count({ where: { kind: "friend_reminder" } })).toBe(4);
    });

    it("follows the merchant's days and text, and sends nothing when the merchant turned it off", async () => {
      await seedClaim(t.prisma, 30, { expiresInDays: 6 });
      await t.prisma.emailTemplate.create({ data: { shopId: SHOP, kind: "friend_reminder", subject: "{{discount_code}} ends {{days_left}}d", body: "Use {{discount_code}}", daysBefore: 7 } });
      expect(await queueFriendCodeReminders(t.prisma)).toBe(1);
      await drain(t.prisma);
      expect(smtp.received.map((m) => [m.to[0], m.subject, merchantText(m.text)])).toEqual([["dave30@example.com", "FRIEND-D30 ends 6d", "Use FRIEND-D30"]]);

      await seedClaim(t.prisma, 31, { expiresInDays: 2 });
      await t.prisma.emailTemplate.update({ where: { shopId_kind: { shopId: SHOP, kind: "friend_reminder" } }, data: { enabled: false } });
      expect(await queueFriendCodeReminders(t.prisma)).toBe(0);
      await drain(t.prisma);
      expect(smtp.received).toHaveLength(1);
    });

    it("is not sent once the friend has ordered, even if it was queued before the order", async () => {
      const orderedFirst = await seedClaim(t.prisma, 40);
      const queuedFirst = await seedClaim(t.prisma, 41);
      await t.prisma.referral.update({ where: { id: orderedFirst.id }, data: { status: "ordered", orderGid: "gid://shopify/Order/40", orderedAt: new Date() } });
      expect(await queueFriendCodeReminders(t.prisma)).toBe(1);
      // The order comes in between queueing and sending.
      await t.prisma.referral.update({ where: { id: queuedFirst.id }, data: { status: "ordered", orderGid: "gid://shopify/Order/41", orderedAt: new Date() } });
      await drain(t.prisma);
      expect(smtp.received).toHaveLength(0);
      const rows = await t.prisma.sentEmail.findMany({ where: { kind: "friend_reminder" } });
      expect(rows.map((r) => [r.referralId, r.status, r.lastError])).toEqual([[queuedFirst.id, "skipped", "the friend has already ordered"]]);
    });

    it("is not sent after the friend opted out or was redacted", async () => {
      await seedClaim(t.prisma, 50);
      await seedClaim(t.prisma, 51);
      await seedClaim(t.prisma, 52);
      await seedClaim(t.prisma, 53);
      // Before queueing: the redacted friend is not even queued (no address left); the opted-out one is skipped when sending.
      await redactCustomer(t.prisma, SHOP, { shop_domain: SHOP, customer: { id: "5050", email: "dave50@example.com" } });
      await optOutEmail(t.prisma, SHOP, "DAVE51@example.com");
      expect(await queueFriendCodeReminders(t.prisma)).toBe(3);
      // After queueing, before sending.
      await optOutEmail(t.prisma, SHOP, "dave52@example.com");
      await redactCustomer(t.prisma, SHOP, { shop_domain: SHOP, customer: { id: "5353", email: "dave53@example.com" } });
      await drain(t.prisma);
      expect(smtp.received).toHaveLength(0);
      const rows = await t.prisma.sentEmail.findMany({ where: { kind: "friend_reminder" } });
      const friendOf = new Map((await t.prisma.referral.findMany({ select: { id: true, friendCode: true } })).map((r) => [r.id, r.friendCode]));
      expect(rows.map((r) => [friendOf.get(r.referralId!), r.status, r.lastError]).sort()).toEqual([
        ["FRIEND-D51", "skipped", "the customer opted out of emails"],
        ["FRIEND-D52", "skipped", "the customer opted out of emails"],
        ["FRIEND-D53", "skipped", "no email address (never given, or removed by a privacy request)"],
      ]);
    });
  });
});
