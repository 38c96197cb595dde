// The Flow action "Give referral reward" over real HTTP: the sandbox plays Flow running a
// workflow step (POST to the action's runtime URL, signed with the app secret). A signed run
// gives the advocate one goodwill reward through the ledger, however often Flow resends that
// run, audited as "Shopify Flow"; a forged or missing signature gets 401 and a body that is not
// the action's gets 400, and neither changes anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowTriggerCall } from "../../sandbox/admin/flow";
import { startStack, type Stack } from "../helpers/stack";
import { issuedInSandbox, sandboxCustomer } from "../pipeline/pipeline-fixtures";
import { proxyPost, startProgram } from "../storefront/helpers";

interface FlowAnswer {
  status: number;
  body: { rewardId?: string; changed?: boolean; error?: string };
}

describe(`Shopify Flow action "Give referral reward" (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  let ada: { id: bigint; gid: string };
  beforeAll(async () => {
    stack = await startStack();
    await startProgram(stack);
    ada = sandboxCustomer(stack.sandbox.state, stack.shop, "ada.action@example.com");
    expect((await proxyPost(stack, "/advocate", {}, { customerId: ada.id.toString() })).status).toBe(200);
    await stack.drainJobs();
  });
  afterAll(async () => stack?.stop());

  const runAction = async (input: { properties?: Record<string, unknown>; actionRunId?: string; signature?: "valid" | "forged" | "missing"; rawBody?: string }): Promise<FlowAnswer> => {
    const res = await fetch(`${stack.sandbox.url}/__sandbox/flow/actions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: stack.shop, handle: "give-referral-reward", ...input }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as FlowAnswer;
  };
  const goodwillRewards = () => stack.db.prisma.reward.findMany({ where: { shopId: stack.shop, kind: { in: ["goodwill_credit", "goodwill_code"] } }, orderBy: { createdAt: "asc" } });

  it("gives one reward per Flow run, even when Flow sends the run several times, audited as Shopify Flow", async () => {
    const properties = { customer_id: ada.id.toString(), amount: "12.50", reason: "VIP tier reached" };
    const answers = await Promise.all([1, 2, 3].map(() => runAction({ properties, actionRunId: "run-0001" })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.body.changed).sort()).toEqual([false, false, true]);
    await stack.drainJobs();
    // Flow resends a run after a timeout: still one reward.
    expect((await runAction({ properties, actionRunId: "run-0001" })).body).toMatchObject({ changed: false });
    await stack.drainJobs();

    const rewards = await goodwillRewards();
    expect(rewards.map((r) => [r.kind, r.amountMinor, r.status, r.customerGid])).toEqual([["goodwill_credit", 1250n, "issued", ada.gid]]);
    expect((issuedInSandbox(stack.sandbox.state, stack.shop).credits.get(ada.gid) ?? []).map((c) => c.amountMinor)).toEqual([1250]);
    const audit = await stack.db.prisma.auditLog.findMany({ where: { shopId: stack.shop, action: "advocate.goodwill_reward" } });
    expect(audit).toEqual([expect.objectContaining({ actor: "Shopify Flow" })]);
    expect(JSON.stringify(audit[0].data)).toContain("VIP tier reached (Flow run run-0001)");

    // A new run asking for a code gives a code; and Flow hears of each reward issued.
    expect((await runAction({ properties: { ...properties, amount: 5, reward_type: "discount_code" }, actionRunId: "run-0002" })).body).toMatchObject({ changed: true });
    await stack.drainJobs();
    expect((await goodwillRewards()).map((r) => [r.kind, r.status])).toEqual([["goodwill_credit", "issued"], ["goodwill_code", "issued"]]);
    const calls = ((await (await fetch(`${stack.sandbox.url}/__sandbox/flow/triggers?shop=${stack.shop}`)).json()) as { calls: FlowTriggerCall[] }).calls;
    expect(calls.filter((c) => c.handle === "advocate-reward-issued").map((c) => (c.payload as Record<string, unknown>)["Reward source"])).toEqual(["goodwill", "goodwill"]);
  });

  it("refuses a forged or missing signature with 401 and gives nothing", async () => {
    const before = (await goodwillRewards()).length;
    const audited = () => stack.db.prisma.auditLog.count({ where: { shopId: stack.shop } });
    const auditBefore = await audited();
    for (const signature of ["forged", "missing"] as const) {
      const answer = await runAction({ properties: { customer_id: ada.id.toString(), amount: "10", reason: "forged" }, actionRunId: `run-${signature}`, signature });
      expect(answer.status).toBe(401);
      expect(answer.body.error).toMatch(/not signed by Shopify/);
    }
    await stack.drainJobs();
    expect((await goodwillRewards()).length).toBe(before);
    expect(await audited()).toBe(auditBefore);
  });

  it("refuses a body that is not the action's with 400 and a clear message, and a customer who is no advocate with 404", async () => {
    const before = (await goodwillRewards()).length;
    const cases: [Parameters<typeof runAction>[0], RegExp][] = [
      [{ properties: { customer_id: ada.id.toString(), amount: "10" } }, /properties\.reason is missing/],
      [{ properties: { customer_id: ada.id.toString(), amount: "ten", reason: "x" } }, /properties\.amount must be a positive decimal amount/],
      [{ properties: { customer_id: ada.gid, amount: "10", reason: "x" } }, /properties\.customer_id must be a customer's numeric id/],
      [{ properties: { customer_id: ada.id.toString(), amount: "10", reward_type: "cash", reason: "x" } }, /reward_type must be store_credit or discount_code/],
      [{ rawBody: "not json" }, /not JSON/],
    ];
    for (const [input, message] of cases) {
      const answer = await runAction(input);
      expect(answer.status, JSON.stringify(input)).toBe(400);
      expect(answer.body.error).toMatch(message);
    }
    const stranger = sandboxCustomer(stack.sandbox.state, stack.shop, "stranger.action@example.com");
    const unknown = await runAction({ properties: { customer_id: stranger.id.toString(), amount: "10", reason: "x" } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/not a Twofold advocate/);
    const tooMuch = await runAction({ properties: { customer_id: ada.id.toString(), amount: "5000", reason: "x" } });
    expect(tooMuch.status).toBe(422);
    await stack.drainJobs();
    expect((await goodwillRewards()).length).toBe(before);
  });
});
