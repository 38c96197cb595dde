// Issue 20, storefront blocks that sell: the social-proof block's numbers come from the rollups
// through an app-data metafield. Everything through the app's entry points: a logged-in
// advocate asks for their link on the storefront (the identity job reads her first name from
// Shopify), friends buy through the sandbox checkout (signed webhooks), the recurring rollup
// runs, and the storefront renders the block from what the sandbox stored. A customers/redact
// takes her first name off the leaderboard.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollupDashboardJob } from "../../app/analytics/jobs.server";
import { syncSocialProofJob } from "../../app/analytics/social-proof.server";
import { enqueue } from "../../app/jobs/queue.server";
import { addCustomer } from "../../sandbox/admin/state";
import { customersRedactPayload } from "../../sandbox/storefront/payloads";
import { storefrontStateOf } from "../../sandbox/storefront/state";
import { startStack, type Stack } from "../helpers/stack";
import { proxyPost, startProgram } from "../storefront/helpers";

type Proof = { friends: number; friendsText: Record<string, string>; leaders: { name: string; friends: number }[] };

describe(`social proof on the storefront (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  let code: string;
  const ADA_ID = "7300000000000000001";
  beforeAll(async () => {
    stack = await startStack();
    await startProgram(stack);
    addCustomer(stack.sandbox.state, stack.sandbox.state.shops.get(stack.shop)!, { id: ADA_ID, email: "ada.proof@example.com", firstName: "ada" });
    const res = await proxyPost(stack, "/advocate", {}, { customerId: ADA_ID });
    expect(res.status).toBe(200);
    code = ((await res.json()) as { code: string }).code;
    await stack.drainJobs();
  });
  afterAll(async () => stack?.stop());

  const stored = (): Proof | null => {
    const value = storefrontStateOf(stack.sandbox.state).appMetafields.get(stack.shop)?.social_proof;
    return value ? (JSON.parse(value) as Proof) : null;
  };
  const rollup = async () => {
    await enqueue(stack.db.prisma, rollupDashboardJob, {});
    await stack.drainJobs();
  };
  const syncJobs = () => stack.db.prisma.job.count({ where: { name: syncSocialProofJob.name, status: "succeeded" } });
  const buy = async (email: string) => {
    const res = await fetch(`${stack.sandbox.url}/__sandbox/checkout`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: stack.shop, email, lines: [{ handle: "demo", quantity: 1 }], attributes: { _twofold_ref: code } }),
    });
    expect(res.status).toBe(200);
  };
  const settle = async () => {
    const res = await fetch(`${stack.sandbox.url}/__sandbox/outbox/settle`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ timeoutMs: 30_000 }) });
    expect(((await res.json()) as { pending: number }).pending).toBe(0);
    await stack.drainJobs();
  };
  const home = async (locale = "en") => (await fetch(`${stack.sandbox.url}/storefront/${stack.shop}?locale=${locale}`)).text();
  const blockSettings = async (settings: Record<string, unknown>) => {
    const res = await fetch(`${stack.sandbox.url}/__sandbox/storefront/metafields`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: stack.shop, blockSettings: { "social-proof": settings } }),
    });
    expect(res.status).toBe(200);
  };

  it("writes the friends who bought and the month's top advocate by first name after the rollup, and the block shows them", async () => {
    await buy("friend.one@example.com");
    await buy("friend.two@example.com");
    await settle();
    expect(stored()).toBeNull(); // nothing before the rollup ran
    await rollup();
    const proof = stored();
    expect(proof).toMatchObject({ friends: 2, leaders: [{ name: "Ada", friends: 2 }] });
    expect(proof!.friendsText).toMatchObject({ default: "2", en: "2", ja: "2" });

    // Below the block's default minimum of 10 friends it shows nothing; the merchant lowers it and opts into the leaderboard.
    expect(await home()).not.toContain('data-twofold-block="social-proof"');
    await blockSettings({ min_friends: 2, show_leaderboard: true });
    const html = await home();
    expect(html).toContain("2 friends got 15% off their first order");
    expect(html).toMatch(/<span>Ada<\/span>/);
    expect(await home("sv")).toContain("2 vänner fick");
  });

  it("a rollup whose numbers did not change writes nothing to Shopify again", async () => {
    // A marker in the sandbox's copy: a second write of the same numbers would replace it.
    const app = storefrontStateOf(stack.sandbox.state).appMetafields.get(stack.shop)!;
    const written = app.social_proof;
    app.social_proof = "marker";
    const before = await syncJobs();
    await rollup(); // rows of the last minutes are rolled up again (the watermark's slack): the sync job runs and finds nothing new
    expect(await syncJobs()).toBeGreaterThan(before);
    expect(app.social_proof).toBe("marker");
    app.social_proof = written;
  });

  it("takes a redacted advocate's first name off the leaderboard and keeps the count", async () => {
    const res = await stack.deliver({ topic: "customers/redact", payload: customersRedactPayload({ shop: stack.shop, customer: { id: ADA_ID, email: "ada.proof@example.com" }, ordersToRedact: [] }) });
    expect(res.status).toBe(200);
    await stack.drainJobs();
    expect(stored()).toMatchObject({ friends: 2, leaders: [] });
    const html = await home();
    expect(html).toContain("2 friends got 15% off their first order");
    expect(html).not.toContain("Ada");
  });
});
