// Issue 19, live numbers: the dashboard counts the newest days from the raw rows, so an order
// shows on the admin home as soon as the job that handled its webhook has run, not at the next
// rollup; and the click → claim step counts visitors on both sides, so it cannot pass 100 %.
// Everything goes through the app's entry points: the app proxy, the sandbox checkout (signed
// webhooks), the job registry, and the admin loader over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollupDashboardJob } from "../../app/analytics/jobs.server";
import { refreshLiveDashboardJob } from "../../app/analytics/live-snapshot.server";
import { enqueue } from "../../app/jobs/queue.server";
import { startStack, type Stack } from "../helpers/stack";
import { adminRequest } from "../program/admin-http";
import { proxyPost, startProgram } from "../storefront/helpers";

type Home = {
  dashboard: {
    freshness: string;
    metrics: { label: string; value: string }[];
    funnel: { step: string; value: string }[];
    topAdvocates: { code: string; orders: number; revenue: string }[];
  } | null;
};

describe(`dashboard numbers are live (${process.env.TEST_DATABASE ?? "sqlite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    await startProgram(stack);
  });
  afterAll(async () => stack?.stop());

  const home = async () => {
    const res = await adminRequest<Home>(stack.app.url, { shop: stack.shop, path: "/app", route: "routes/app._index", query: "days=7" });
    expect(res.status).toBe(200);
    return res.data!.dashboard!;
  };
  const metric = (d: NonNullable<Home["dashboard"]>, label: string) => d.metrics.find((m) => m.label === label)?.value;
  const step = (d: NonNullable<Home["dashboard"]>, name: string) => d.funnel.find((f) => f.step === name)?.value;
  const settle = async () => {
    const res = await fetch(`${stack.sandbox.url}/__sandbox/outbox/settle`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ timeoutMs: 30_000 }) });
    expect(((await res.json()) as { pending: number }).pending).toBe(0);
    await stack.drainJobs();
  };
  const click = (code: string, ip: string) =>
    fetch(`${stack.sandbox.url}/storefront/${stack.shop}/apps/twofold/r/${code}`, { redirect: "manual", headers: { "X-Sandbox-Client-Ip": ip, "User-Agent": "Mozilla/5.0 test" } });

  it("counts repeated clicks and claims from one visitor on the same basis: click → claim never above 100 %", async () => {
    const advocate = await proxyPost(stack, "/advocate", { email: "ada@example.net" }, { ip: "198.51.100.1" });
    expect(advocate.status).toBe(200);
    const code = ((await advocate.json()) as { code: string }).code;
    // One household: three clicks (counted once per half hour) and two friends claiming from it.
    for (let i = 0; i < 3; i++) expect((await click(code, "203.0.113.7")).status).toBe(302);
    for (const email of ["bea@example.com", "cy@example.com"]) expect((await proxyPost(stack, "/claim", { email, ref: code }, { ip: "203.0.113.7" })).status).toBe(200);
    // Another visitor clicks and does not claim.
    expect((await click(code, "203.0.113.8")).status).toBe(302);
    await stack.drainJobs();

    const d = await home();
    expect([metric(d, "Link clicks"), metric(d, "Claims")]).toEqual(["2", "2"]);
    // 1 of the 2 counted clicks was followed by a claim from its visitor (was 2 claims / 1 click = 200 % before).
    expect(step(d, "Click → claim")).toBe("50%");
  });

  it("shows a paid referred order on the dashboard once its webhook's job has run, before the next rollup", async () => {
    // The recurring rollup has run (the watermark is now), as it would every few minutes.
    await enqueue(stack.db.prisma, rollupDashboardJob, {});
    await stack.drainJobs();
    const before = await home();
    expect(metric(before, "Referred orders")).toBe("0");
    const rolledUpJobs = await stack.db.prisma.job.count({ where: { name: rollupDashboardJob.name } });

    const ada = await stack.db.prisma.advocate.findFirstOrThrow({ where: { email: "ada@example.net" } });
    const res = await fetch(`${stack.sandbox.url}/__sandbox/checkout`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: stack.shop, email: "dee@example.com", lines: [{ handle: "demo", quantity: 2 }], attributes: { _twofold_ref: ada.code } }),
    });
    expect(res.status).toBe(200);
    await settle(); // orders/paid delivered, signed, to the app; its jobs run

    const after = await home();
    expect(await stack.db.prisma.job.count({ where: { name: rollupDashboardJob.name } })).toBe(rolledUpJobs); // no rollup ran in between
    // The order job asked for the live snapshot to be recomputed, and the view shows that snapshot.
    const refreshes = await stack.db.prisma.job.findMany({ where: { name: refreshLiveDashboardJob.name, status: "succeeded" }, orderBy: { updatedAt: "desc" } });
    expect(refreshes.length).toBeGreaterThanOrEqual(2); // the first view's, and the order's
    expect(metric(after, "Referred orders")).toBe("1");
    expect(metric(after, "Referred revenue")).not.toBe(metric(before, "Referred revenue"));
    expect(after.topAdvocates.map((a) => [a.code, a.orders])).toEqual([[ada.code, 1]]);
    expect(after.freshness).toMatch(/^Today is counted live, as of \d\d:\d\d UTC; earlier days as of \d\d:\d\d UTC\.$/);
  });
});
