// Issue 15, items 2 and 3 and the IP-independent limits of item 1, tried as an attacker would:
// through the sandbox's app proxy, checkout and webhooks, to the built app.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useMailer } from "../../app/notifications/send-email.job.server";
import { smtpMailer } from "../../app/notifications/mailer.server";
import { getReferralReview } from "../../app/review/referral-timeline.server";
import { LIMITS } from "../../app/storefront/rate-limit.server";
import { startStack, type Stack } from "../helpers/stack";
import { adminRequest } from "../program/admin-http";
import { startTestSmtp, type TestSmtp } from "../notifications/smtp";
import { proxyPost, sandboxDiscountCodes, startProgram } from "./helpers";

describe("claims an attacker cannot abuse", () => {
  let stack: Stack;
  let smtp: TestSmtp;
  beforeAll(async () => {
    stack = await startStack();
    smtp = await startTestSmtp();
    useMailer(smtpMailer({ SMTP_URL: smtp.url, EMAIL_FROM: "Twofold Test Store <rewards@twofold-test.example>" }));
    await startProgram(stack);
  });
  afterAll(async () => {
    await smtp?.close();
    await stack?.stop();
  });

  let ipSeq = 0;
  const freshIp = () => `198.18.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

  async function advocateCode(email: string): Promise<string> {
    const res = await proxyPost(stack, "/advocate", { email }, { ip: freshIp() });
    expect(res.status).toBe(200);
    return ((await res.json()) as { code: string }).code;
  }

  async function claim(email: string, ref: string, options: { ip?: string; customerId?: string } = {}) {
    const res = await proxyPost(stack, "/claim", { email, ref }, { ip: options.ip ?? freshIp(), customerId: options.customerId });
    return { status: res.status, body: (await res.json()) as { code?: string | null; message?: string; error?: string } };
  }

  async function settle() {
    const res = await fetch(`${stack.sandbox.url}/__sandbox/outbox/settle`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ timeoutMs: 30_000 }) });
    expect(((await res.json()) as { pending: number }).pending).toBe(0);
    await stack.drainJobs();
  }

  async function checkout(body: Record<string, unknown>): Promise<string> {
    const res = await fetch(`${stack.sandbox.url}/__sandbox/checkout`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ shop: stack.shop, ...body }) });
    const json = (await res.json()) as { order?: { id: string }; errors?: unknown };
    expect(res.status, JSON.stringify(json)).toBe(200);
    await settle();
    return json.order!.id;
  }

  it("a claim made with a victim's email does not take the victim's later order (15.2)", async () => {
    const mallory = await advocateCode("mallory@example.net");
    const hijack = await claim("victim@example.com", mallory);
    expect(hijack.status).toBe(200);
    const claimRow = await stack.db.prisma.referral.findFirstOrThrow({ where: { friendEmail: "victim@example.com" } });

    // The victim buys with no code and no link.
    const orderGid = await checkout({ email: "victim@example.com", lines: [{ handle: "demo", quantity: 1 }] });
    expect(await stack.db.prisma.referral.count({ where: { orderGid } })).toBe(0);
    const after = await stack.db.prisma.referral.findUniqueOrThrow({ where: { id: claimRow.id }, include: { rewards: true } });
    expect(after).toMatchObject({ status: "claimed", orderGid: null });
    // Only the claim's own instant code (a friend reward since issue 16): nothing for the advocate.
    expect(after.rewards.map((r) => [r.recipient, r.status])).toEqual([["friend", "issued"]]);
    expect(await stack.db.prisma.reward.count({ where: { recipient: "advocate" } })).toBe(0);
    // Staff see the match on the claim's timeline.
    const review = await getReferralReview(stack.db.prisma, stack.shop, claimRow.id);
    // By the order's name, as the merchant knows it.
    const name = (await (await fetch(`${stack.sandbox.url}/__sandbox/state?shop=${stack.shop}`)).json() as { orders: { id: string; name: string }[] }).orders.find((o) => o.id === orderGid)!.name;
    expect(name).toMatch(/^#\d+$/);
    expect(review!.timeline.map((e) => e.text)).toContainEqual(expect.stringMatching(new RegExp(`^Order ${name} was placed with the claimed email`)));
  });

  it("a friend who verified the claimed email is attributed by email (the link in the claim email)", async () => {
    const ada = await advocateCode("ada@example.net");
    const grace = await claim("grace@example.com", ada);
    expect(grace.status).toBe(200);
    await stack.drainJobs();
    const mail = smtp.received.find((m) => m.to.includes("grace@example.com"));
    expect(mail?.text).toContain(grace.body.code!);
    const link = /(http:\/\/\S+\/verify-claim\/\S+)/.exec(mail!.text)?.[1];
    expect(link).toBeDefined();
    // A link scanner's GET changes nothing; the friend's POST verifies.
    expect((await fetch(link!)).status).toBe(200);
    const claimRow = await stack.db.prisma.referral.findFirstOrThrow({ where: { friendEmail: "grace@example.com" } });
    expect((await stack.db.prisma.referral.findUniqueOrThrow({ where: { id: claimRow.id } })).friendEmailVerifiedAt).toBeNull();
    expect((await fetch(link!, { method: "POST" })).status).toBe(200);
    // A tampered link is refused.
    expect((await fetch(`${link!.slice(0, -3)}xyz`, { method: "POST" })).status).toBe(400);

    const orderGid = await checkout({ email: "grace@example.com", lines: [{ handle: "demo", quantity: 1 }] });
    const row = await stack.db.prisma.referral.findUniqueOrThrow({ where: { id: claimRow.id } });
    expect(row.orderGid).toBe(orderGid);
    expect(row.status).not.toBe("claimed");
  });

  it("friend codes are not the old hash of shop and email (a reward's code, from its random id), the same on a repeat (15.3)", async () => {
    const ada = await advocateCode("ada2@example.net");
    const first = await claim("hopper@example.com", ada);
    const predictable = (() => {
      const digest = createHash("sha256").update(`twofold:friend-claim:${stack.shop}:hopper@example.com`).digest();
      let bits = 0;
      let value = 0;
      let out = "";
      for (const byte of digest) {
        value = (value << 8) | byte;
        bits += 8;
        while (bits >= 5) {
          out += "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[(value >>> (bits - 5)) & 31];
          bits -= 5;
        }
      }
      return `TWOFOLD-${out.slice(0, 12)}`;
    })();
    expect(first.body.code).toMatch(/^FRIEND-[A-HJ-NP-Z2-9]{12}$/);
    expect(first.body.code).not.toBe(predictable);
    const again = await claim("Hopper@Example.com", ada);
    expect(again.body.code).toBe(first.body.code);
    expect(await stack.db.prisma.referral.count({ where: { friendEmail: "hopper@example.com" } })).toBe(1);
  });

  it("concurrent claims by one email meet on one stored code (exactly once with random codes)", async () => {
    const ada = await advocateCode("ada-race@example.net");
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => claim(i % 2 ? "Race@Example.com" : "race@example.com", ada)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const codes = new Set(answers.map((a) => a.body.code));
    expect(codes.size).toBe(1);
    expect(await stack.db.prisma.referral.count({ where: { friendEmail: "race@example.com" } })).toBe(1);
    const [code] = [...codes];
    expect((await sandboxDiscountCodes(stack)).filter((d) => JSON.stringify(d).includes(code!))).toHaveLength(1);
    const referral = await stack.db.prisma.referral.findFirstOrThrow({ where: { friendEmail: "race@example.com" } });
    expect(await stack.db.prisma.sentEmail.count({ where: { kind: "friend_code", referralId: referral.id } })).toBe(1);
  });

  it("a logged-in friend's code is bound to their customer: another buyer cannot spend it", async () => {
    const ada = await advocateCode("ada3@example.net");
    await fetch(`${stack.sandbox.url}/__sandbox/customers`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ shop: stack.shop, customers: [{ id: 7001, email: "linus@example.com" }] }) });
    const mine = await claim("linus@example.com", ada, { customerId: "7001" });
    expect(mine.status).toBe(200);
    const code = (await sandboxDiscountCodes(stack)).find((d) => JSON.stringify(d).includes(mine.body.code!));
    expect(JSON.stringify(code)).toContain("gid://shopify/Customer/7001");
    const res = await fetch(`${stack.sandbox.url}/__sandbox/checkout`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: stack.shop, email: "thief@example.com", discountCode: mine.body.code }),
    });
    expect(res.status).toBe(422);
  });

  it("the third claim from one machine in an hour gets its code by email only", async () => {
    const ada = await advocateCode("ada4@example.net");
    const ip = "192.0.2.201";
    const answers = [];
    for (const email of ["m1@example.org", "m2@example.org", "m3@example.org"]) answers.push(await claim(email, ada, { ip }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[0].body.code).toMatch(/^FRIEND-/);
    expect(answers[2].body.code).toBeNull();
    expect(answers[2].body.message).toBe("We emailed your code for 15% off your first order. Check your inbox.");
    const row = await stack.db.prisma.referral.findFirstOrThrow({ where: { friendEmail: "m3@example.org" } });
    expect(row.friendCodeEmailOnly).toBe(true);
    // Asking again does not reveal it either; the mailbox has it.
    expect((await claim("m3@example.org", ada, { ip: freshIp() })).body.code).toBeNull();
    await stack.drainJobs();
    expect(smtp.received.find((m) => m.to.includes("m3@example.org"))?.text).toContain(row.friendCode!);
  });

  it("per-advocate claims per hour hold across rotating IPs: 429 with a message, counted for the dashboard", async () => {
    const code = await advocateCode("burst-advocate@example.net");
    const statuses: number[] = [];
    let refusal = "";
    for (let i = 0; i <= LIMITS.claimsPerAdvocatePerHour.limit; i++) {
      const r = await claim(`burst-${i}@example.org`, code);
      statuses.push(r.status);
      if (r.status === 429) refusal = r.body.error ?? "";
    }
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(refusal).toBe("Too many gifts were claimed in the last hour. Please try again later.");
    expect(await stack.db.prisma.referral.count({ where: { friendEmail: { startsWith: "burst-" } } })).toBe(LIMITS.claimsPerAdvocatePerHour.limit);
    expect(await stack.db.prisma.auditLog.count({ where: { action: "abuse.limit_refused" } })).toBe(1);
    const home = await adminRequest<{ limitRefusals: number }>(stack.app.url, { shop: stack.shop, path: "/app", route: "routes/app._index" });
    expect(home.data?.limitRefusals).toBe(1);
  });

  it("codes minted per shop per hour hold across advocates and IPs", async () => {
    const minted = await stack.db.prisma.referral.count({ where: { claimKey: { not: null }, friendCode: { not: null } } });
    let left = LIMITS.codesMintedPerShopPerHour.limit - minted;
    let n = 0;
    while (left > 0) {
      const code = await advocateCode(`shop-burst-adv-${n}@example.net`);
      for (let i = 0; i < Math.min(left, LIMITS.claimsPerAdvocatePerHour.limit - 1); i++) {
        expect((await claim(`shop-burst-${n}-${i}@example.org`, code)).status).toBe(200);
      }
      left -= Math.min(left, LIMITS.claimsPerAdvocatePerHour.limit - 1);
      n++;
    }
    const code = await advocateCode("one-more-adv@example.net");
    const over = await claim("one-more@example.org", code);
    expect(over.status).toBe(429);
    expect(await stack.db.prisma.referral.count({ where: { friendEmail: "one-more@example.org" } })).toBe(0);
    const codes = (await sandboxDiscountCodes(stack)).filter((d) => JSON.stringify(d).includes("FRIEND-"));
    expect(codes).toHaveLength(LIMITS.codesMintedPerShopPerHour.limit);
    // A hundred claims, each answered once the worker made its code (not in the request any more).
  }, 180_000);
});
