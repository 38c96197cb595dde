// Shared by the staff-tools tests (test/review): a stack with a live program and a second
// installed shop (whose staff must be refused shop A's ids), an advocate made the way a shopper
// makes one (logged in, "Get my link" through the app proxy), and a friend's order placed in the
// sandbox checkout with its webhooks delivered and handled.
import { expect } from "vitest";
import { issueToken, upsertShop } from "../../sandbox/admin/state";
import { activateProgram, sandboxCustomer } from "../pipeline/pipeline-fixtures";
import { proxyPost } from "../storefront/helpers";
import { startStack, type Stack } from "./stack";

/** The stack, shop A's program on, and `otherShop` installed (no program) for cross-shop checks. */
export async function startStaffToolsStack(otherShop: string): Promise<Stack> {
  const stack = await startStack();
  upsertShop(stack.sandbox.state, { name: "Other Store", currencyCode: "USD", domain: otherShop });
  await stack.db.prisma.session.create({
    data: { id: `offline_${otherShop}`, shop: otherShop, state: "installed", isOnline: false, scope: "read_orders", accessToken: issueToken(stack.sandbox.state, otherShop) },
  });
  await stack.db.prisma.shop.create({ data: { id: otherShop, currencyCode: "USD" } });
  await activateProgram(stack.db.prisma, stack.shop);
  return stack;
}

/** A Shopify customer of shop A who asked for their link while logged in; its jobs have run. */
export async function customerAdvocate(stack: Stack, email: string) {
  const customer = sandboxCustomer(stack.sandbox.state, stack.shop, email);
  const res = await proxyPost(stack, "/advocate", {}, { customerId: customer.id.toString() });
  const code = ((await res.json()) as { code: string }).code;
  await stack.drainJobs();
  const row = await stack.db.prisma.advocate.findFirstOrThrow({ where: { shopId: stack.shop, code } });
  return { customer, code, id: row.id };
}

/** A paid order in the sandbox checkout (one scarf), its webhooks delivered and its jobs run. */
export async function sandboxCheckout(stack: Stack, email: string, extra: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
  const res = await fetch(`${stack.sandbox.url}/__sandbox/checkout`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ shop: stack.shop, email, lines: [{ handle: "wool-scarf", quantity: 1 }], ...extra }),
  });
  expect(res.status).toBe(200);
  const { order } = (await res.json()) as { order: { id: string; name: string } };
  await fetch(`${stack.sandbox.url}/__sandbox/outbox/settle`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ timeoutMs: 30_000 }) });
  await stack.drainJobs();
  return order;
}
