// One friend-code path (issue 16): an instant claim's code is a friend Reward in the ledger,
// made in Shopify by a job exactly as an after-order code is, never inside the shopper's
// request. Here the claim worker is off (the job runs only when the test drains the queue) and
// the claim waits 300 ms, so the pending answer and its status link are seen as a shopper would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueue } from "../../app/jobs/queue.server";
import { claimCodeJob } from "../../app/rewards/claim-code.job.server";
import { enqueueIssue } from "../../app/rewards/issue-reward.job.server";
import { rewardDiscountTitle } from "../../app/rewards/reward-code";
import { adminClientForShop } from "../../app/shopify/admin-client.server";
import { createBasicDiscountCode } from "../../app/shopify/discount-codes.server";
import { orderPayload } from "../../sandbox/storefront/payloads";
import { startStack, type Stack } from "../helpers/stack";
import { proxyPost, sandboxDiscountCodes, startProgram } from "./helpers";

const FRIEND_CODE = /^FRIEND-[A-HJ-NP-Z2-9]{12}$/;

interface ClaimAnswer {
  code: string | null;
  discountPath: string | null;
  message: string;
  pending?: boolean;
  poll?: string;
  error?: string;
}

describe("instant claims through the rewards ledger", () => {
  let stack: Stack;
  let advocateCode: string;
  beforeAll(async () => {
    stack = await startStack({ claimWorker: false, env: { CLAIM_WAIT_MS: "300" } });
    await startProgram(stack);
    const link = await proxyPost(stack, "/advocate", { email: "ada.ledger@example.com" });
    advocateCode = ((await link.json()) as { code: string }).code;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const db = () => stack.db.prisma;

  async function claim(email: string, options: { json?: boolean; ref?: string } = {}) {
    const res = await proxyPost(stack, "/claim", { email, ref: options.ref ?? advocateCode }, { ip: `198.51.100.${40 + Math.floor(Math.random() * 150)}`, json: options.json });
    return { status: res.status, body: options.json === false ? null : ((await res.json()) as ClaimAnswer), res };
  }

  /** The pending answer's link, asked as the storefront block does (through the signing app proxy). */
  async function askAgain(poll: string, headers: Record<string, string> = { Accept: "application/json" }) {
    const res = await fetch(`${stack.sandbox.url}/storefront/${stack.shop}${poll}`, { headers: { "X-Sandbox-Client-Ip": "198.51.100.30", ...headers } });
    return { status: res.status, res };
  }

  async function shopifyCodes(code: string) {
    return (await sandboxDiscountCodes(stack)).filter((d) => JSON.stringify(d).includes(code));
  }

  async function referralOf(email: string) {
    return db().referral.findFirstOrThrow({ where: { friendEmail: email }, include: { rewards: { include: { transitions: true } } } });
  }

  it("a claim not made in time answers pending (202) with a link; repeats make nothing new; once the job ran, the link gives the code", async () => {
    const first = await claim("ines@example.com");
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ pending: true, code: null, discountPath: null, message: "Your code for 15% off your first order is on its way. One moment…" });
    expect(first.body!.poll).toMatch(/^\/apps\/twofold\/claim-status\/s1\.[A-Za-z0-9_-]+$/);
    // The token is sealed: it shows no row id.
    const pending = await referralOf("ines@example.com");
    expect(first.body!.poll).not.toContain(pending.id);
    expect(pending).toMatchObject({ status: "claimed", claimedAt: null, friendCodeExpiresAt: null });
    expect(pending.friendCode).toMatch(FRIEND_CODE);
    expect(pending.rewards).toEqual([expect.objectContaining({ recipient: "friend", kind: "discount_code", status: "pending", amountMinor: 0n, customerGid: null })]);
    expect(await shopifyCodes(pending.friendCode!)).toEqual([]);

    // The shopper asks again (the link) and claims again: still pending, still one reward and one job.
    const polled = await askAgain(first.body!.poll!);
    expect(polled.status).toBe(202);
    expect(await polled.res.json()).toMatchObject({ pending: true, code: null });
    const repeat = await claim("Ines@Example.com");
    expect(repeat.status).toBe(202);
    expect(await db().reward.count({ where: { referralId: pending.id } })).toBe(1);
    expect(await db().job.count({ where: { name: claimCodeJob.name, payload: { contains: pending.rewards[0].id } } })).toBe(1);

    await stack.drainJobs();
    const ready = await askAgain(first.body!.poll!);
    expect(ready.status).toBe(200);
    const answer = (await ready.res.json()) as ClaimAnswer;
    expect(answer).toEqual({
      code: pending.friendCode,
      discountPath: `/discount/${pending.friendCode}?redirect=%2F`,
      offer: "15% off your first order",
      message: `Your code ${pending.friendCode} is ready: 15% off your first order.`,
    });
    // A repeated claim gives the same code, as it always did.
    const again = await claim("ines@example.com");
    expect(again.status).toBe(200);
    expect(again.body!.code).toBe(pending.friendCode);

    const claimed = await referralOf("ines@example.com");
    const [reward] = claimed.rewards;
    expect(reward).toMatchObject({ status: "issued", discountCode: pending.friendCode });
    // Claimed when the code was made, valid 30 days from then (the reminder is scheduled from this).
    expect(claimed.claimedAt).toEqual(reward.issuedAt);
    expect(claimed.friendCodeExpiresAt!.getTime() - claimed.claimedAt!.getTime()).toBe(30 * 86_400_000);
    const codes = await shopifyCodes(pending.friendCode!);
    expect(codes).toHaveLength(1);
    // The same title as any friend reward: what a TAKEN answer is checked against.
    expect(codes[0].title).toBe(rewardDiscountTitle(reward));
    expect(JSON.stringify(codes[0])).toContain('"usageLimit":1');
    expect(await db().sentEmail.count({ where: { kind: "friend_code", referralId: claimed.id } })).toBe(1);
  });

  it("answers a pending claim posted without JavaScript with a Liquid page that links to the status", async () => {
    const posted = await claim("nojs.ledger@example.com", { json: false });
    expect(posted.status).toBe(200);
    const html = await posted.res.text();
    expect(html).toContain('data-twofold-answer="claim-pending"');
    const link = /href="([^"]*\/claim-status\/[^"?]+)(?:\?[^"]*)?"/.exec(html)?.[1];
    expect(link).toBeTruthy();
    await stack.drainJobs();
    const page = await askAgain(link!.replace(/^.*(\/apps\/twofold\/)/, "$1"), {});
    expect(page.status).toBe(200);
    const referral = await referralOf("nojs.ledger@example.com");
    expect(await page.res.text()).toContain(referral.friendCode!);
  });

  it("a status link that was changed, or is another shop's, finds nothing", async () => {
    const first = await claim("tampered@example.com");
    const poll = first.body!.poll!;
    const broken = await askAgain(`${poll.slice(0, -3)}${poll.endsWith("AAA") ? "BBB" : "AAA"}`);
    expect(broken.status).toBe(404);
    expect(await broken.res.json()).toMatchObject({ reason: "unknown_code" });
    await stack.drainJobs();
  });

  it("the job run twice, and the issue job besides, still make one reward, one Shopify code, one email, one claimed event", async () => {
    const first = await claim("twice@example.com");
    expect(first.status).toBe(202);
    const referral = await referralOf("twice@example.com");
    const rewardId = referral.rewards[0].id;
    // A duplicate delivery of the job and a sweep's issue job for the same reward, run together.
    await enqueue(db(), claimCodeJob, { rewardId }, { shopId: stack.shop, uniqueKey: `claim-code:${rewardId}:again` });
    await enqueueIssue(db(), stack.shop, rewardId, "sweep");
    await stack.drainJobs();
    const done = await referralOf("twice@example.com");
    expect(done.rewards).toHaveLength(1);
    expect(done.rewards[0].status).toBe("issued");
    expect(done.rewards[0].transitions.filter((t) => t.toStatus === "issued")).toHaveLength(1);
    expect(done.claimedAt).not.toBeNull();
    expect(await shopifyCodes(referral.friendCode!)).toHaveLength(1);
    expect(await db().sentEmail.count({ where: { kind: "friend_code", referralId: referral.id } })).toBe(1);
    // Concurrent repeats of the claim meet on the same reward too.
    const answers = await Promise.all(Array.from({ length: 4 }, () => claim("twice@example.com")));
    expect(answers.map((a) => [a.status, a.body!.code])).toEqual(Array(4).fill([200, referral.friendCode]));
    expect(await db().reward.count({ where: { referralId: referral.id } })).toBe(1);
  });

  it("a code TAKEN by a discount that is not Twofold's is not accepted: the reward fails and the shopper is told", async () => {
    const first = await claim("clash@example.com");
    expect(first.status).toBe(202);
    const referral = await referralOf("clash@example.com");
    const code = referral.friendCode!;
    // The merchant made a discount with that very code meanwhile (their own title).
    await createBasicDiscountCode(await adminClientForShop(db(), stack.shop), { title: "Spring sale", code, value: { kind: "percentage", percent: 50 } });
    await stack.drainJobs();
    const failed = await referralOf("clash@example.com");
    expect(failed.rewards[0]).toMatchObject({ status: "failed", failureReason: `The code ${code} already exists in Shopify and is not Twofold's.` });
    expect(failed.claimedAt).toBeNull();
    expect(await shopifyCodes(code)).toEqual([expect.objectContaining({ title: "Spring sale" })]);
    expect(await db().sentEmail.count({ where: { kind: "friend_code", referralId: referral.id } })).toBe(0);
    const polled = await askAgain(first.body!.poll!);
    expect(polled.status).toBe(503);
    const again = await claim("clash@example.com");
    expect(again.status).toBe(503);
    expect(again.body!.code).toBeUndefined();
  });

  it("the friend's order rewards the advocate and makes no second friend code", async () => {
    // Another advocate: the sixth claim under one code in an hour is sent by email only.
    const link = await proxyPost(stack, "/advocate", { email: "bea.ledger@example.com" }, { ip: "198.51.100.35" });
    const ref = ((await link.json()) as { code: string }).code;
    const first = await claim("omar@example.com", { ref });
    await stack.drainJobs();
    const { code } = (await (await askAgain(first.body!.poll!)).res.json()) as ClaimAnswer;
    expect(code).toMatch(FRIEND_CODE);
    const order = orderPayload({ email: "omar@example.com", discountCodes: [{ code: code!, amount: "12.00" }], lineItems: [{ title: "Coat", price: "80.00" }] });
    expect((await stack.deliver({ topic: "orders/paid", payload: order })).status).toBe(200);
    await stack.drainJobs();
    const referral = await referralOf("omar@example.com");
    // Qualified (held 14 days) or sent to review by a fraud rule: the advocate's reward waits either way.
    expect(["qualified", "held"]).toContain(referral.status);
    expect(referral.rewards.map((r) => [r.recipient, r.status]).sort()).toEqual([
      ["advocate", "held"],
      ["friend", "issued"],
    ]);
    expect((await sandboxDiscountCodes(stack)).filter((d) => JSON.stringify(d).includes("FRIEND-") && JSON.stringify(d).includes(referral.rewards.find((r) => r.recipient === "friend")!.discountCode!))).toHaveLength(1);
    expect(await db().reward.count({ where: { recipient: "friend", referral: { friendEmail: "omar@example.com" } } })).toBe(1);
  });
});
