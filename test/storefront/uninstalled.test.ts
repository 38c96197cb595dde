// Issue 15 items 6 and 8: while the app is uninstalled, the storefront and checkout endpoints
// refuse with a 4xx (not a 500 from "No offline session") and write nothing, not even an
// orphan claimed referral or a new advocate.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUninstalledPayload } from "../../sandbox/storefront/payloads";
import { signJwtHs256 } from "../../sandbox/storefront/session-token";
import { TEST_API_KEY, TEST_API_SECRET } from "../helpers/app-server";
import { startStack, type Stack } from "../helpers/stack";
import { proxyPost, startProgram } from "./helpers";

describe("storefront endpoints while the app is uninstalled", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function counts() {
    const db = stack.db.prisma;
    return { advocates: await db.advocate.count(), referrals: await db.referral.count(), rewards: await db.reward.count(), jobs: await db.job.count() };
  }

  it("refuses /proxy/advocate, /proxy/claim and /api/checkout/link with 409 and writes nothing", async () => {
    await startProgram(stack);
    const link = await proxyPost(stack, "/advocate", { email: "ada@example.com" });
    expect(link.status).toBe(200);
    const { code } = (await link.json()) as { code: string };

    const uninstall = await stack.deliver({ topic: "app/uninstalled", payload: appUninstalledPayload({ shop: stack.shop }) });
    expect(uninstall.status).toBe(200);
    const before = await counts();

    const claim = await proxyPost(stack, "/claim", { email: "friend@example.com", ref: code }, { ip: "198.51.100.20" });
    expect(claim.status).toBe(409);
    expect(await claim.json()).toMatchObject({ error: "The referral program is not running right now." });

    const advocate = await proxyPost(stack, "/advocate", { email: "newcomer@example.com" }, { ip: "198.51.100.21" });
    expect(advocate.status).toBe(409);

    const now = Math.floor(Date.now() / 1000);
    const token = signJwtHs256(
      { dest: stack.shop, aud: TEST_API_KEY, sub: "gid://shopify/Customer/31337", exp: now + 300, nbf: now - 5, iat: now - 5, jti: randomUUID() },
      TEST_API_SECRET,
    );
    const checkout = await fetch(`${stack.app.url}/api/checkout/link`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/json",
        Origin: "https://extensions.shopifycdn.com",
        "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
      },
      body: "{}",
    });
    expect(checkout.status).toBe(409);

    expect(await counts()).toEqual(before);
  });
});
