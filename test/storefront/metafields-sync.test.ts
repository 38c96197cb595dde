// Program texts reach the storefront through Shopify: saving or switching the program queues
// storefront.sync-metafields, the job writes app-data metafields on the app installation
// (metafieldsSet, ownerId = currentAppInstallation.id), and the sandbox storefront renders the
// theme blocks from what the sandbox stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultProgramConfig } from "../../app/program/program-text";
import { saveProgramVersion, setProgramStatus } from "../../app/program/program.server";
import { storefrontStateOf } from "../../sandbox/storefront/state";
import { startStack, type Stack } from "../helpers/stack";
import { proxyPost, startProgram } from "./helpers";

describe("app-data metafields", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    process.env.SHOPIFY_SANDBOX_URL = stack.sandbox.url;
  });
  afterAll(async () => {
    delete process.env.SHOPIFY_SANDBOX_URL;
    await stack?.stop();
  });

  const stored = () => storefrontStateOf(stack.sandbox.state).appMetafields.get(stack.shop) ?? {};
  const syncJobs = () => stack.db.prisma.job.findMany({ where: { name: "storefront.sync-metafields" }, orderBy: { createdAt: "asc" } });
  const friendPage = async () => (await fetch(`${stack.sandbox.url}/storefront/${stack.shop}?ref=NOBODY`)).text();

  it("saving and switching on the program queues one sync each; the job writes the texts to Shopify", async () => {
    await startProgram(stack);
    const jobs = await syncJobs();
    expect(jobs).toHaveLength(2);
    expect(new Set(jobs.map((j) => j.uniqueKey)).size).toBe(2);
    expect(stored()).toEqual({});

    await stack.drainJobs();
    expect(await stack.db.prisma.job.count({ where: { status: "dead" } })).toBe(0);
    expect(stored().status).toBe("active");
    // One json metafield of texts keyed by locale; the retired per-language keys are gone.
    const texts = JSON.parse(stored().texts) as Record<string, Record<string, string>>;
    expect(texts.en).toMatchObject({ friend_reward: "15% off your first order", friend_reward_their: "15% off their first order" });
    expect(texts.default).toEqual(texts.en);
    expect(texts.sv.friend_reward.replace(/\u00a0/g, " ")).toBe("15 % rabatt på din första beställning");
    expect(texts.en.share_message).toContain("%LINK%");
    expect(Object.keys(stored()).sort()).toEqual(["status", "texts"]);
    expect(await friendPage()).toContain("15% off your first order");
  });

  it("a new version changes the offer the storefront shows", async () => {
    const config = defaultProgramConfig("USD");
    config.friendReward = { ...config.friendReward, type: "percentage", percent: 20 };
    const saved = await saveProgramVersion(stack.db.prisma, { shop: stack.shop, input: config, actor: "test" });
    expect(saved.ok).toBe(true);
    await stack.drainJobs();
    expect((JSON.parse(stored().texts) as Record<string, Record<string, string>>).en.friend_reward).toBe("20% off your first order");
    const html = await friendPage();
    expect(html).toContain("20% off your first order");
    expect(html).not.toContain("15% off your first order");
  });

  it("pausing, resuming and pausing again each sync (a repeat switch is not swallowed by the unique key)", async () => {
    for (const status of ["paused", "active", "paused"] as const) {
      await setProgramStatus(stack.db.prisma, stack.shop, status, "test");
      await stack.drainJobs();
      expect(stored().status).toBe(status);
    }
    // Setting the status it already has changes nothing and queues nothing.
    const before = (await syncJobs()).length;
    await setProgramStatus(stack.db.prisma, stack.shop, "paused", "test");
    expect((await syncJobs()).length).toBe(before);
  });

  it("a friend's instant claim queues the friend-code email with the claim", async () => {
    await setProgramStatus(stack.db.prisma, stack.shop, "active", "test");
    const link = (await (await proxyPost(stack, "/advocate", { email: "ada@example.com" })).json()) as { code: string };
    const res = await proxyPost(stack, "/claim", { email: "grace@example.com", ref: link.code }, { ip: "198.51.100.9" });
    expect(res.status).toBe(200);
    const referral = await stack.db.prisma.referral.findFirstOrThrow({ where: { friendEmail: "grace@example.com" } });
    expect(referral.claimedAt).not.toBeNull();
    const emails = await stack.db.prisma.sentEmail.findMany({ where: { referralId: referral.id } });
    expect(emails).toMatchObject([{ kind: "friend_code", dedupeKey: `friend_code:${referral.id}`, status: "queued" }]);
    expect(await stack.db.prisma.job.count({ where: { name: "notifications.send-email", uniqueKey: `email:friend_code:${referral.id}` } })).toBe(1);
    // A repeat claim returns the same code and queues nothing more.
    await proxyPost(stack, "/claim", { email: "grace@example.com", ref: link.code }, { ip: "198.51.100.9" });
    expect(await stack.db.prisma.sentEmail.count({ where: { referralId: referral.id } })).toBe(1);
  });
});
